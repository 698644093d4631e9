/**
 * worker_threads entry for the cross-thread ring checks: runs one producer
 * or one processor of the check (src/worker/ringCheck/check.ts) and posts
 * its result to the parent.
 */
import { parentPort, workerData } from "node:worker_threads";
import {
  Ring,
  type RingHandle,
  type WaitStrategyName,
} from "../../../../src/engine/ring/index.ts";
import {
  type CheckFields,
  CheckHandler,
  type CheckHandlerConfig,
  type CheckProducerConfig,
  runCheckProducer,
} from "../../../../src/worker/ringCheck/check.ts";

export type CheckWorkerData =
  | { role: "producer"; handle: RingHandle<CheckFields>; producer: CheckProducerConfig }
  | {
      role: "processor";
      handle: RingHandle<CheckFields>;
      name: string;
      handler: CheckHandlerConfig;
      waitStrategy: WaitStrategyName;
      maxBatchSize?: number;
    };

const data = workerData as CheckWorkerData;
const ring = Ring.attach(data.handle);

if (data.role === "producer") {
  parentPort!.postMessage(runCheckProducer(ring, data.producer));
} else {
  const handler = new CheckHandler(ring, data.handler);
  const exceptions: number[] = [];
  const processor = ring.createProcessor(data.name, handler, {
    waitStrategy: data.waitStrategy,
    maxBatchSize: data.maxBatchSize,
    exceptionHandler: {
      handleEventException(_error, sequence) {
        if (exceptions.length < 1000) exceptions.push(sequence);
      },
    },
  });
  processor.run();
  parentPort!.postMessage({
    ...handler.result(),
    exceptionSequences: exceptions,
    summary: processor.summary(),
  });
}
