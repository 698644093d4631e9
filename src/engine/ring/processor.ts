import type { Histogram } from "hdr-histogram-js";
import type { SequenceBarrier } from "./barrier.ts";
import {
  createLatencyHistogram,
  type LatencySummary,
  recordLatencyNanos,
  summarizeLatency,
} from "./latency.ts";
import {
  C_BATCHES,
  C_EXCEPTIONS,
  C_HANDLED,
  C_LATENCY_SAMPLES,
  C_MAX_BATCH,
  LINE_F64,
  PROCESSED_SIGNAL,
  ProcessorStatus,
  RingState,
  STATE,
  STATUS_LINE,
  WAITERS,
} from "./layout.ts";
import type { RecordAccess } from "./records.ts";
import type { Ring } from "./ring.ts";
import type { FieldSpec } from "./schema.ts";
import {
  canBlockThisThread,
  createWaitStrategy,
  signalAll,
  signalWaiters,
  type WaitStrategy,
  type WaitStrategyName,
} from "./waitStrategy.ts";

/**
 * Handles events for one processor. Called on the processor's thread only,
 * in sequence order, once per event.
 */
export interface EventHandler<F extends FieldSpec = FieldSpec> {
  /**
   * One event. Read it through `records` with `sequence`; `endOfBatch` is
   * true for the last event before the processor advances its sequence (a
   * good moment to flush). A throw goes to the exception handler, and the
   * processor carries on with the next event.
   */
  onEvent(records: RecordAccess<F>, sequence: number, endOfBatch: boolean): void;
  /** Before each batch, with its size and the first sequence. */
  onBatchStart?(batchSize: number, firstSequence: number): void;
  /** Once, on the processor's thread, before the first event. */
  onStart?(): void;
  /** Once, after the last event, when the processor stops. */
  onShutdown?(): void;
}

/**
 * Receives handler failures. A processor never stops for a handler error;
 * if the exception handler itself throws, the error leaves `run()` and the
 * processor stops (so a handler that wants to stop on error rethrows).
 */
export interface ExceptionHandler {
  /** `sequence`: the event the handler was given; `processor`: the processor's name. */
  handleEventException(error: unknown, sequence: number, processor: string): void;
  handleOnStartException?(error: unknown, processor: string): void;
  handleOnShutdownException?(error: unknown, processor: string): void;
}

/** Default exception handler: reports to `console.error` and carries on. */
export const consoleExceptionHandler: ExceptionHandler = {
  handleEventException(error, sequence, processor) {
    console.error(
      `[ring] processor "${processor}" failed on sequence ${sequence}:`,
      error,
    );
  },
  handleOnStartException(error, processor) {
    console.error(`[ring] processor "${processor}" failed to start:`, error);
  },
  handleOnShutdownException(error, processor) {
    console.error(`[ring] processor "${processor}" failed to shut down:`, error);
  },
};

export interface ProcessorOptions {
  /** Default "blocking" where `Atomics.wait` is allowed, else "busy-spin" (prefer `runAsync` there). */
  waitStrategy?: WaitStrategy | WaitStrategyName;
  /** Default `consoleExceptionHandler`. */
  exceptionHandler?: ExceptionHandler;
  /** Most events handled before the sequence advances. Default: the ring size. */
  maxBatchSize?: number;
  /** Record publish-to-handle latency of sampled events. Default true. */
  recordLatency?: boolean;
}

export interface AsyncRunOptions {
  /** Without `Atomics.waitAsync`: how long to sleep between empty polls, ms. Default 4. */
  pollIntervalMs?: number;
  /** Longest stretch of handling before yielding to the event loop, ms. Default 8. */
  sliceMs?: number;
}

/** What a processor has done, read in its own thread. */
export interface ProcessorSummary {
  name: string;
  handled: number;
  batches: number;
  exceptions: number;
  maxBatch: number;
  latency: LatencySummary;
}

/**
 * A Disruptor batch event processor: waits on its barrier, hands every
 * available event to the handler, then advances its sequence once for the
 * whole batch. Create with `ring.createProcessor(name, handler)` on the
 * thread that will run it; each processor name runs in exactly one place.
 *
 * Run it with `run()` (a worker: blocks until the ring halts or drains),
 * `runAsync()` (a page's main thread), or step it with `poll()`.
 */
export class BatchEventProcessor<F extends FieldSpec = FieldSpec> {
  readonly name: string;
  /** Position in the ring's processor list. */
  readonly index: number;
  /** Publish-to-handle latency of sampled events, in nanoseconds (thread-local). */
  readonly latency: Histogram;

  private readonly ring: Ring<F>;
  private readonly handler: EventHandler<F>;
  private readonly barrier: SequenceBarrier;
  private readonly waitStrategy: WaitStrategy;
  private readonly exceptionHandler: ExceptionHandler;
  private readonly control: Int32Array;
  private readonly records: RecordAccess<F>;
  /** This processor's own stats line (single writer: this thread). */
  private readonly statsLine: Float64Array;
  private readonly sequenceCell: number;
  private readonly maxBatchSize: number;
  private readonly recordLatency: boolean;
  private readonly sampleEvery: number;
  private readonly sampleMask: number;
  private readonly publishTimeWord: number;
  /** Next sequence to handle. */
  private next = 0;
  private handled = 0;
  private batches = 0;
  private exceptions = 0;
  private maxBatch = 0;
  private latencySamples = 0;
  private started = false;
  private finished = false;

  /** Use `ring.createProcessor()`. */
  constructor(
    ring: Ring<F>,
    index: number,
    handler: EventHandler<F>,
    options: ProcessorOptions = {},
  ) {
    this.ring = ring;
    this.index = index;
    this.name = ring.processorNames[index];
    this.handler = handler;
    this.control = ring.control;
    this.records = ring.records;
    const statsBase = ring.processorStatsBase(index);
    this.statsLine = ring.statsCells.subarray(statsBase, statsBase + LINE_F64);
    this.sequenceCell = ring.sequenceCell(index);
    const strategy =
      options.waitStrategy ?? (canBlockThisThread() ? "blocking" : "busy-spin");
    this.waitStrategy =
      typeof strategy === "string"
        ? createWaitStrategy(strategy, ring.control)
        : strategy;
    this.exceptionHandler = options.exceptionHandler ?? consoleExceptionHandler;
    const maxBatchSize = options.maxBatchSize ?? ring.bufferSize;
    if (!(Number.isInteger(maxBatchSize) && maxBatchSize >= 1)) {
      throw new RangeError(`maxBatchSize ${maxBatchSize} must be a positive integer.`);
    }
    this.maxBatchSize = Math.min(maxBatchSize, ring.bufferSize);
    this.barrier = ring.createBarrier(index, this.maxBatchSize);
    this.recordLatency = options.recordLatency ?? true;
    this.sampleEvery = ring.latencySampleEvery;
    this.sampleMask = ring.latencySampleEvery - 1;
    this.publishTimeWord = ring.records.schema.fields.publishTimeMicros.word;
    this.latency = createLatencyHistogram();
  }

  /** True once the processor has stopped (halt, or a completed drain). */
  get isFinished(): boolean {
    return this.finished;
  }

  /**
   * Handles events until the ring halts, or drains and every producer has
   * closed. Blocks the calling thread: a worker (or Node's main thread).
   */
  run(): void {
    this.start();
    const barrier = this.barrier;
    const control = this.control;
    for (;;) {
      const available = this.waitStrategy.waitFor(this.next, barrier);
      if (((available - this.next) | 0) < 0) {
        if (barrier.shouldStop(this.next)) break;
        continue;
      }
      this.handleBatch(available);
      if (Atomics.load(control, STATE) === RingState.halted) break;
    }
    this.finish();
  }

  /**
   * One non-blocking step: handles the events available now (up to
   * `maxBatchSize`) and returns how many; 0 when none is ready; -1 once the
   * processor has stopped. Any thread, including a page's main thread.
   */
  poll(): number {
    if (this.finished) return -1;
    if (!this.started) this.start();
    const available = this.barrier.available(this.next);
    if (((available - this.next) | 0) < 0) {
      if (!this.barrier.shouldStop(this.next)) return 0;
      this.finish();
      return -1;
    }
    if (Atomics.load(this.control, STATE) === RingState.halted) {
      this.finish();
      return -1;
    }
    return this.handleBatch(available);
  }

  /**
   * Runs on a thread that must not block (a page's main thread): handles
   * what is available in slices of at most `sliceMs`, yielding to the event
   * loop between them, and sleeps with `Atomics.waitAsync` when idle, or
   * polls every `pollIntervalMs` where that is missing. Resolves when the
   * processor stops. The wait strategy option is not used here.
   */
  async runAsync(options: AsyncRunOptions = {}): Promise<void> {
    const pollIntervalMs = options.pollIntervalMs ?? 4;
    const sliceMs = options.sliceMs ?? 8;
    for (;;) {
      const sliceStart = performance.now();
      let handled = this.poll();
      while (handled > 0 && performance.now() - sliceStart < sliceMs)
        handled = this.poll();
      if (handled < 0) return;
      if (handled > 0) await nextTask();
      else await this.idleAsync(pollIntervalMs);
    }
  }

  /** Counts and latency so far. Processor thread; allocates the summary. */
  summary(): ProcessorSummary {
    return {
      name: this.name,
      handled: this.handled,
      batches: this.batches,
      exceptions: this.exceptions,
      maxBatch: this.maxBatch,
      latency: summarizeLatency(this.latency),
    };
  }

  private start(): void {
    const statusCell = STATUS_LINE + this.index;
    const previous = Atomics.compareExchange(
      this.control,
      statusCell,
      ProcessorStatus.idle,
      ProcessorStatus.running,
    );
    if (previous !== ProcessorStatus.idle) {
      throw new Error(
        `Processor "${this.name}" has already run on this ring; each processor runs once, in one thread.`,
      );
    }
    this.started = true;
    this.next = (Atomics.load(this.control, this.sequenceCell) + 1) | 0;
    try {
      this.handler.onStart?.();
    } catch (error) {
      this.exceptionHandler.handleOnStartException?.(error, this.name);
    }
  }

  private finish(): void {
    this.finished = true;
    try {
      this.handler.onShutdown?.();
    } catch (error) {
      this.exceptionHandler.handleOnShutdownException?.(error, this.name);
    }
    Atomics.store(this.control, STATUS_LINE + this.index, ProcessorStatus.done);
    signalAll(this.control, PROCESSED_SIGNAL);
  }

  /**
   * Handles `next..available` (capped at maxBatchSize), then advances.
   * Returns the count. The sequence store, the stats and the waiter check
   * happen once per batch, however many events it holds.
   */
  private handleBatch(available: number): number {
    const first = this.next;
    let last = available;
    if (((last - first) | 0) >= this.maxBatchSize)
      last = (first + this.maxBatchSize - 1) | 0;
    const size = ((last - first) | 0) + 1;
    const handler = this.handler;
    if (handler.onBatchStart !== undefined) handler.onBatchStart(size, first);
    this.handleRange(first, last);
    if (this.recordLatency) this.sampleLatency(first, last);

    const control = this.control;
    this.next = (last + 1) | 0;
    Atomics.store(control, this.sequenceCell, last);
    this.handled += size;
    this.batches++;
    if (size > this.maxBatch) this.maxBatch = size;
    const statsLine = this.statsLine;
    statsLine[C_HANDLED] = this.handled;
    statsLine[C_BATCHES] = this.batches;
    statsLine[C_MAX_BATCH] = this.maxBatch;
    signalWaiters(control, PROCESSED_SIGNAL);
    return size;
  }

  private handleRange(first: number, last: number): void {
    const handler = this.handler;
    const records = this.records;
    let sequence = first;
    for (;;) {
      try {
        for (;;) {
          handler.onEvent(records, sequence, sequence === last);
          if (sequence === last) return;
          sequence = (sequence + 1) | 0;
        }
      } catch (error) {
        this.exceptions++;
        this.statsLine[C_EXCEPTIONS] = this.exceptions;
        this.exceptionHandler.handleEventException(error, sequence, this.name);
        if (sequence === last) return;
        sequence = (sequence + 1) | 0;
      }
    }
  }

  /** Records now minus publish time for the sampled sequences of the batch; one clock read. */
  private sampleLatency(first: number, last: number): void {
    let sequence = (first + this.sampleMask) & ~this.sampleMask;
    if (((last - sequence) | 0) < 0) return;
    const nowMicros = this.ring.clock.nowMicros();
    const f64 = this.records.f64;
    const mask = this.records.mask;
    const wordsPerRecord = this.records.wordsPerRecord;
    for (; ((last - sequence) | 0) >= 0; sequence = (sequence + this.sampleEvery) | 0) {
      const publishedMicros =
        f64[((sequence & mask) * wordsPerRecord + this.publishTimeWord) >> 1];
      recordLatencyNanos(this.latency, (nowMicros - publishedMicros) * 1000);
      this.latencySamples++;
    }
    this.statsLine[C_LATENCY_SAMPLES] = this.latencySamples;
  }

  private async idleAsync(pollIntervalMs: number): Promise<void> {
    const control = this.control;
    const signal = this.barrier.signalCell;
    const waitAsync = (Atomics as AtomicsWithWaitAsync).waitAsync;
    if (typeof waitAsync !== "function") {
      await sleep(pollIntervalMs);
      return;
    }
    Atomics.add(control, signal + WAITERS, 1);
    try {
      const seen = Atomics.load(control, signal);
      const available = this.barrier.available(this.next);
      if (((available - this.next) | 0) >= 0 || this.barrier.shouldStop(this.next))
        return;
      const result = waitAsync(control, signal, seen, 100);
      if (result.async) await result.value;
    } finally {
      Atomics.sub(control, signal + WAITERS, 1);
    }
  }
}

type AtomicsWithWaitAsync = typeof Atomics & {
  waitAsync?: (
    array: Int32Array,
    index: number,
    value: number,
    timeoutMs?: number,
  ) => { async: false; value: string } | { async: true; value: Promise<string> };
};

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
