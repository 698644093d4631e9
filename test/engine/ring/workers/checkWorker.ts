/**
 * worker_threads entry for the cross-thread ring checks: runs one producer
 * or one processor of the check (src/worker/ringCheck/check.ts) and posts
 * its result to the parent.
 */
import { parentPort, workerData } from "node:worker_threads";
import {
  type EventHandler,
  type ProcessorSummary,
  Ring,
  type RingHandle,
  type WaitStrategyName,
} from "../../../../src/engine/ring/index.ts";
import {
  CHECK_SCHEMA,
  type CheckFields,
  CheckHandler,
  type CheckHandlerConfig,
  type CheckProcessorResult,
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
      /** While cell 0 of this buffer is 0, the handler waits before each event (a stalled consumer). */
      gate?: SharedArrayBuffer;
    };

export interface CheckWorkerProcessorResult extends CheckProcessorResult {
  /** Calls to the exception handler. */
  exceptions: number;
  /** Exception handler calls whose sequence held an event that should not have thrown. */
  misreported: number;
  summary: ProcessorSummary;
}

const data = workerData as CheckWorkerData;
const ring = Ring.attach(data.handle);

if (data.role === "producer") {
  parentPort!.postMessage(runCheckProducer(ring, data.producer));
} else {
  const checker = new CheckHandler(ring, data.handler);
  const gate = data.gate ? new Int32Array(data.gate) : undefined;
  const handler: EventHandler<CheckFields> = {
    onBatchStart: (size, first) => checker.onBatchStart(size, first),
    onEvent(records, sequence) {
      while (gate && Atomics.load(gate, 0) === 0) Atomics.wait(gate, 0, 0, 20);
      checker.onEvent(records, sequence);
    },
  };

  // The exception handler checks that each failure names the sequence of
  // an event the handler was told to throw on.
  let exceptions = 0;
  let misreported = 0;
  const throwEvery = data.handler.throwEvery ?? 0;
  const processor = ring.createProcessor(data.name, handler, {
    waitStrategy: data.waitStrategy,
    maxBatchSize: data.maxBatchSize,
    exceptionHandler: {
      handleEventException(_error, sequence) {
        exceptions++;
        const count = ring.records.getI32(sequence, CHECK_SCHEMA.fields.producerSeq);
        if (throwEvery === 0 || count % throwEvery !== 0) misreported++;
      },
    },
  });
  processor.run();
  const result: CheckWorkerProcessorResult = {
    ...checker.result(),
    exceptions,
    misreported,
    summary: processor.summary(),
  };
  parentPort!.postMessage(result);
}
