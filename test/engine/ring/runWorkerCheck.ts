import type { Worker } from "node:worker_threads";
import {
  type ProcessorSpec,
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
  type CheckFields,
  type CheckProducerResult,
  type CheckVerdict,
  verifyCheck,
} from "../../../src/worker/ringCheck/check.ts";
import type {
  CheckWorkerData,
  CheckWorkerProcessorResult,
} from "./workers/checkWorker.ts";

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
  /** Processors (by name) whose handler waits while cell 0 of `gate` is 0. */
  gated?: string[];
  gate?: SharedArrayBuffer;
  /** Processors (by name) that throw on every count divisible by `throwEvery`. */
  throwing?: string[];
  throwEvery?: number;
  /** Halt the ring if the run takes longer than this. */
  timeoutMs: number;
}

export interface WorkerCheckResult {
  verdict: CheckVerdict;
  producers: CheckProducerResult[];
  processors: CheckWorkerProcessorResult[];
  stats: RingStats;
  /** State when the processors had all stopped: "draining" after a clean drain. */
  endState: string;
  elapsedMs: number;
}

/** A check in progress, for tests that act on the ring while it runs. */
export interface RunningCheck {
  ring: Ring<CheckFields>;
  producerResults: Promise<CheckProducerResult[]>;
  processorResults: Promise<CheckWorkerProcessorResult[]>;
  /** Resolves when every worker has exited. */
  exited: Promise<unknown>;
  /** Verdict and stats, once the processors have reported. */
  finish(): Promise<WorkerCheckResult>;
  /** Halts the ring and terminates every worker. */
  stop(): Promise<void>;
}

const entry = new URL("./workers/checkWorker.ts", import.meta.url);

function firstMessage<T>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}

/**
 * Starts the exactly-once check with every producer and processor in its
 * own worker_threads worker, and returns without waiting. A watchdog halts
 * the ring at `timeoutMs`, so a bug shows as a failed verdict, not a hung
 * test.
 */
export function startWorkerCheck(options: WorkerCheckOptions): RunningCheck {
  const started = performance.now();
  const ring = Ring.create({
    schema: CHECK_SCHEMA,
    bufferSize: options.bufferSize,
    producers: options.producerMode,
    processors: options.processors,
    initialSequence: options.initialSequence,
  });
  const handle = ring.handle;

  const processorWorkers = options.processors.map((spec, index) => {
    const data: CheckWorkerData = {
      role: "processor",
      handle,
      name: spec.name,
      waitStrategy: options.waitStrategy,
      maxBatchSize: options.maxBatchSize,
      gate: options.gated?.includes(spec.name) ? options.gate : undefined,
      handler: {
        index,
        upstream: (spec.after ?? []).map((name) => ring.processorIndex(name)),
        throwEvery: options.throwing?.includes(spec.name) ? options.throwEvery : 0,
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

  // Listen from the start: a worker that exits or posts before anyone
  // listens would never resolve a later listener.
  const workers = [...processorWorkers, ...producerWorkers];
  const exited = Promise.all(workers.map(workerExit));
  const producerResults = Promise.all(
    producerWorkers.map((worker) => firstMessage<CheckProducerResult>(worker)),
  );
  const processorResults = Promise.all(
    processorWorkers.map((worker) => firstMessage<CheckWorkerProcessorResult>(worker)),
  );
  const watchdog = setTimeout(() => ring.halt(), options.timeoutMs);

  async function stop(): Promise<void> {
    clearTimeout(watchdog);
    ring.halt();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  async function finish(): Promise<WorkerCheckResult> {
    const [producers, processors] = await Promise.all([
      producerResults,
      processorResults,
    ]);
    const endState = ring.state;
    await exited;
    clearTimeout(watchdog);
    return {
      verdict: verifyCheck(producers, processors, options.processors.length),
      producers,
      processors,
      stats: ring.stats(),
      endState,
      elapsedMs: performance.now() - started,
    };
  }

  return { ring, producerResults, processorResults, exited, finish, stop };
}

/** Runs the check to the end: producers publish and close, then the ring drains. */
export async function runWorkerCheck(
  options: WorkerCheckOptions,
): Promise<WorkerCheckResult> {
  const check = startWorkerCheck(options);
  try {
    await check.producerResults;
    check.ring.shutdown();
    return await check.finish();
  } finally {
    await check.stop();
  }
}

/** Polls shared memory until `condition` holds; throws after `timeoutMs`. */
export async function waitUntil(
  condition: () => boolean,
  timeoutMs: number,
  what: string,
) {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
