import type { Worker } from "node:worker_threads";
import {
  type ProcessorSpec,
  type ProcessorSummary,
  Ring,
  type RingStats,
  type WaitStrategyName,
} from "../../../src/engine/ring/index.ts";
import {
  startTypeScriptWorker,
  workerExit,
} from "../../../src/engine/ring/nodeWorker.ts";
import {
  CHECK_SCHEMA,
  type CheckProcessorResult,
  type CheckProducerResult,
  type CheckVerdict,
  verifyCheck,
} from "../../../src/worker/ringCheck/check.ts";
import type { CheckWorkerData } from "./workers/checkWorker.ts";

export interface WorkerCheckOptions {
  bufferSize: number;
  producerMode: "single" | "multi";
  producers: number;
  eventsPerProducer: number;
  processors: ProcessorSpec[];
  maxBatch: number;
  seed: number;
  waitStrategy: WaitStrategyName;
  initialSequence?: number;
  maxBatchSize?: number;
  /** Halt the ring if the run takes longer than this. */
  timeoutMs: number;
}

export interface WorkerCheckResult {
  verdict: CheckVerdict;
  producers: CheckProducerResult[];
  processors: (CheckProcessorResult & { summary: ProcessorSummary })[];
  stats: RingStats;
  drained: boolean;
  elapsedMs: number;
}

const entry = new URL("./workers/checkWorker.ts", import.meta.url);

function firstMessage<T>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}

/**
 * Runs the exactly-once check with every producer and processor in its own
 * worker_threads worker: processors start first, producers publish and
 * close, then the ring drains. Halts the ring at `timeoutMs` so a bug shows
 * as a failed verdict, not a hung test.
 */
export async function runWorkerCheck(
  options: WorkerCheckOptions,
): Promise<WorkerCheckResult> {
  const ring = Ring.create({
    schema: CHECK_SCHEMA,
    bufferSize: options.bufferSize,
    producers: options.producerMode,
    processors: options.processors,
    initialSequence: options.initialSequence,
  });
  const handle = ring.handle;
  const started = performance.now();

  const processorWorkers = options.processors.map((spec, index) => {
    const data: CheckWorkerData = {
      role: "processor",
      handle,
      name: spec.name,
      waitStrategy: options.waitStrategy,
      maxBatchSize: options.maxBatchSize,
      handler: {
        index,
        upstream: (spec.after ?? []).map((name) => ring.processorIndex(name)),
      },
    };
    return startTypeScriptWorker(entry, data);
  });
  const producerWorkers = Array.from({ length: options.producers }, (_, index) => {
    const data: CheckWorkerData = {
      role: "producer",
      handle,
      producer: {
        events: options.eventsPerProducer,
        seed: options.seed * 31 + index,
        maxBatch: options.maxBatch,
      },
    };
    return startTypeScriptWorker(entry, data);
  });

  const workers = [...processorWorkers, ...producerWorkers];
  // Listen from the start: a worker that exits before anyone listens would
  // never resolve a later listener.
  const exits = workers.map(workerExit);
  const processorMessages = processorWorkers.map((worker) =>
    firstMessage<CheckProcessorResult & { summary: ProcessorSummary }>(worker),
  );
  const watchdog = setTimeout(() => ring.halt(), options.timeoutMs);
  try {
    const producerResults = await Promise.all(
      producerWorkers.map((worker) => firstMessage<CheckProducerResult>(worker)),
    );
    ring.shutdown();
    const processorResults = await Promise.all(processorMessages);
    await Promise.all(exits);
    const drained = ring.state === "draining";
    return {
      verdict: verifyCheck(producerResults, processorResults, options.processors.length),
      producers: producerResults,
      processors: processorResults,
      stats: ring.stats(),
      drained,
      elapsedMs: performance.now() - started,
    };
  } finally {
    clearTimeout(watchdog);
    ring.halt();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
