import { SequenceBarrier } from "./barrier.ts";
import { epochNowMs, RingClock } from "./clock.ts";
import {
  C_BATCHES,
  C_EXCEPTIONS,
  C_HANDLED,
  C_LATENCY_SAMPLES,
  C_MAX_BATCH,
  CURSOR,
  computeLayout,
  GATING_CACHE,
  H_BUFFER_SIZE,
  H_EPOCH_F64,
  H_MAGIC,
  H_MAX_PRODUCERS,
  H_MULTI_PRODUCER,
  H_PROCESSOR_COUNT,
  H_SAMPLE_EVERY,
  H_VERSION,
  H_WORDS_PER_RECORD,
  LAYOUT_VERSION,
  MAGIC,
  MAX_PROCESSORS,
  P_PUBLISH_CALLS,
  P_PUBLISHED,
  P_STALLS,
  PROCESSED_SIGNAL,
  PRODUCERS_ACTIVE,
  PRODUCERS_REGISTERED,
  ProcessorStatus,
  PUBLISHED_SIGNAL,
  processorStatsBase,
  producerStatsBase,
  RingState,
  type RingStateValue,
  STATE,
  STATUS_LINE,
  sequenceCell,
} from "./layout.ts";
import {
  BatchEventProcessor,
  type EventHandler,
  type ProcessorOptions,
} from "./processor.ts";
import { type ProducerOptions, RingProducer } from "./producer.ts";
import { RecordAccess } from "./records.ts";
import { defineRecordSchema, type FieldSpec, type RecordSchema } from "./schema.ts";
import { MAX_BUFFER_SIZE, minSequence } from "./sequence.ts";
import { canBlockThisThread, signalAll } from "./waitStrategy.ts";

/** One processor of the handler graph. */
export interface ProcessorSpec {
  /** Unique within the ring, e.g. "journal". */
  name: string;
  /**
   * Processors this one runs after: it sees an event only once all of them
   * have handled it. They must be declared earlier in the list.
   */
  after?: readonly string[];
}

export interface RingOptions<F extends FieldSpec> {
  schema: RecordSchema<F>;
  /** Slot count: a power of two from 1 to 2^30. */
  bufferSize: number;
  /** "single": one producer thread, no atomic claims. "multi": any number, CAS claims. */
  producers: "single" | "multi";
  /** The handler graph, upstream before downstream. Processors nobody runs after gate the producers. */
  processors: readonly ProcessorSpec[];
  /** Multi-producer: most producers over the ring's life. Default 16. */
  maxProducers?: number;
  /** Sequence before the first event, default -1. Tests set it near 2^31 to cross the wrap. */
  initialSequence?: number;
  /**
   * Publish-to-handle latency is timed on the sequences that are multiples
   * of this power of two (1 to 2^30); only those carry a publish time.
   * Default 64: a clock read costs ~60 ns and a histogram record ~130 ns in
   * Node 20, so timing every event would cap a processor near 5 M events/s.
   * Use 1 to time every event.
   */
  latencySampleEvery?: number;
}

/**
 * Everything another thread needs to attach to a ring: structured-cloneable,
 * so post it to a worker (the SharedArrayBuffer is shared, not copied).
 */
export interface RingHandle<F extends FieldSpec = FieldSpec> {
  buffer: SharedArrayBuffer;
  schema: F;
  producers: "single" | "multi";
  processors: ProcessorSpec[];
}

/** Counters of one producer, read from shared memory. */
export interface ProducerStats {
  id: number;
  published: number;
  stalls: number;
  publishCalls: number;
}

/** Counters of one processor, read from shared memory. */
export interface ProcessorStats {
  name: string;
  status: "idle" | "running" | "done";
  /** Last sequence handled. */
  sequence: number;
  handled: number;
  batches: number;
  exceptions: number;
  maxBatch: number;
  latencySamples: number;
  /** Published (claimed, for multi-producer) but not yet handled by this processor. */
  lag: number;
}

/** A point-in-time view of the whole ring. */
export interface RingStats {
  state: "running" | "draining" | "halted";
  bufferSize: number;
  cursor: number;
  published: number;
  stalls: number;
  /** Slots holding events that some gating processor has not handled: 0 to bufferSize. */
  occupancy: number;
  producers: ProducerStats[];
  processors: ProcessorStats[];
}

const STATE_NAMES = ["running", "draining", "halted"] as const;
const STATUS_NAMES = ["idle", "running", "done"] as const;

/**
 * A Disruptor-style ring of fixed-size records in a SharedArrayBuffer.
 *
 * One thread creates it (`Ring.create`) and posts `ring.handle` to the
 * others, which `Ring.attach` it. Each thread then makes what it runs:
 * `createProducer()` for a publishing thread, `createProcessor(name,
 * handler)` for the thread that runs that processor. Nothing on the data
 * path goes through postMessage.
 *
 * Lifecycle: running → `shutdown()` (draining: producers are refused,
 * processors finish every accepted event, then stop once all producers have
 * closed) or `halt()` (processors stop after their current batch). Both may
 * be called from any thread, any number of times.
 */
export class Ring<F extends FieldSpec = FieldSpec> {
  readonly schema: RecordSchema<F>;
  readonly records: RecordAccess<F>;
  readonly bufferSize: number;
  /** bufferSize - 1: turns a sequence into its slot. */
  readonly mask: number;
  readonly isMultiProducer: boolean;
  readonly processorNames: readonly string[];
  readonly latencySampleEvery: number;
  /** A clock every thread of this ring shares, microseconds since creation. */
  readonly clock: RingClock;
  /** Control cells (cursor, state, signals, sequences). Engine internals: for strategies and tests. */
  readonly control: Int32Array;
  /** One lap counter per slot (multi-producer; empty otherwise). */
  readonly availability: Int32Array;
  /** Float64 counters, one line per producer and processor. */
  readonly statsCells: Float64Array;
  /** log2(bufferSize): turns a sequence into its lap. */
  readonly indexShift: number;
  /** Control cells of the processors that gate the producers. */
  readonly gatingCells: Int32Array;
  readonly maxProducers: number;

  private readonly buffer: SharedArrayBuffer;
  private readonly specs: ProcessorSpec[];
  private readonly producerMode: "single" | "multi";

  private constructor(handle: RingHandle<F>) {
    const control = new Int32Array(handle.buffer, 0, 32);
    if (control[H_MAGIC] !== MAGIC || control[H_VERSION] !== LAYOUT_VERSION) {
      throw new TypeError(
        "This SharedArrayBuffer does not hold a ring of this version: create it with Ring.create.",
      );
    }
    this.buffer = handle.buffer;
    this.schema = defineRecordSchema(handle.schema);
    this.specs = handle.processors.map((spec) => ({
      name: spec.name,
      after: [...(spec.after ?? [])],
    }));
    this.producerMode = handle.producers;
    this.bufferSize = control[H_BUFFER_SIZE];
    this.mask = this.bufferSize - 1;
    this.isMultiProducer = control[H_MULTI_PRODUCER] === 1;
    this.maxProducers = control[H_MAX_PRODUCERS];
    this.latencySampleEvery = control[H_SAMPLE_EVERY];
    this.indexShift = Math.log2(this.bufferSize);
    this.processorNames = this.specs.map((spec) => spec.name);
    if (
      control[H_WORDS_PER_RECORD] !== this.schema.wordsPerRecord ||
      control[H_PROCESSOR_COUNT] !== this.specs.length
    ) {
      throw new TypeError(
        "Ring handle does not match its buffer: pass the handle unchanged to Ring.attach.",
      );
    }

    const layout = computeLayout({
      bufferSize: this.bufferSize,
      bytesPerRecord: this.schema.bytesPerRecord,
      processorCount: this.specs.length,
      maxProducers: this.maxProducers,
      multiProducer: this.isMultiProducer,
    });
    this.control = new Int32Array(handle.buffer, 0, layout.controlBytes / 4);
    this.statsCells = new Float64Array(
      handle.buffer,
      layout.statsOffset,
      (layout.availabilityOffset - layout.statsOffset) / 8,
    );
    this.availability = new Int32Array(
      handle.buffer,
      layout.availabilityOffset,
      this.isMultiProducer ? this.bufferSize : 0,
    );
    this.records = new RecordAccess(
      this.schema,
      handle.buffer,
      layout.recordsOffset,
      this.bufferSize,
    );
    this.clock = new RingClock(new Float64Array(handle.buffer, 0, 16)[H_EPOCH_F64]);
    this.gatingCells = Int32Array.from(
      this.specs
        .map((spec, index) => ({ spec, index }))
        .filter(
          ({ spec }) => !this.specs.some((other) => other.after?.includes(spec.name)),
        )
        .map(({ index }) => sequenceCell(index)),
    );
  }

  /**
   * Allocates and initialises a ring. Any thread; allocates the whole
   * buffer once. Throws a RangeError or TypeError naming the bad option.
   */
  static create<F extends FieldSpec>(options: RingOptions<F>): Ring<F> {
    const { schema, bufferSize, producers, processors } = options;
    validateOptions(options);
    const multi = producers === "multi";
    const maxProducers = multi ? (options.maxProducers ?? 16) : 1;
    const initial = (options.initialSequence ?? -1) | 0;
    const layout = computeLayout({
      bufferSize,
      bytesPerRecord: schema.bytesPerRecord,
      processorCount: processors.length,
      maxProducers,
      multiProducer: multi,
    });
    const buffer = new SharedArrayBuffer(layout.totalBytes);
    const control = new Int32Array(buffer, 0, layout.controlBytes / 4);
    control[H_MAGIC] = MAGIC;
    control[H_VERSION] = LAYOUT_VERSION;
    control[H_BUFFER_SIZE] = bufferSize;
    control[H_WORDS_PER_RECORD] = schema.wordsPerRecord;
    control[H_MULTI_PRODUCER] = multi ? 1 : 0;
    control[H_PROCESSOR_COUNT] = processors.length;
    control[H_MAX_PRODUCERS] = maxProducers;
    control[H_SAMPLE_EVERY] = options.latencySampleEvery ?? 64;
    new Float64Array(buffer, 0, 16)[H_EPOCH_F64] = epochNowMs();
    control[CURSOR] = initial;
    control[GATING_CACHE] = initial;
    for (let index = 0; index < processors.length; index++)
      control[sequenceCell(index)] = initial;

    // Mark the lap before the first as published, so the first lap reads as
    // not yet published: slot of sequence s holds lap(s - bufferSize).
    if (multi) {
      const availability = new Int32Array(buffer, layout.availabilityOffset, bufferSize);
      const shift = Math.log2(bufferSize);
      for (let back = 0; back < bufferSize; back++) {
        const sequence = (initial - back) | 0;
        availability[sequence & (bufferSize - 1)] = (sequence >>> shift) | 0;
      }
    }
    Atomics.store(control, STATE, RingState.running);
    return new Ring({
      buffer,
      schema: schema.spec,
      producers,
      processors: processors.map((spec) => ({
        name: spec.name,
        after: [...(spec.after ?? [])],
      })),
    });
  }

  /** Attaches to a ring created elsewhere. Any thread; allocates views once. */
  static attach<F extends FieldSpec>(handle: RingHandle<F>): Ring<F> {
    return new Ring(handle);
  }

  /** What to post to another thread so it can `Ring.attach`. */
  get handle(): RingHandle<F> {
    return {
      buffer: this.buffer,
      schema: this.schema.spec,
      producers: this.producerMode,
      processors: this.specs.map((spec) => ({
        name: spec.name,
        after: [...(spec.after ?? [])],
      })),
    };
  }

  /**
   * Registers a producer for the calling thread. Throws when the ring
   * already has its maximum of producers (1 for single-producer) or no
   * longer accepts events.
   */
  createProducer(options?: ProducerOptions): RingProducer<F> {
    const id = Atomics.add(this.control, PRODUCERS_REGISTERED, 1);
    if (id >= this.maxProducers) {
      throw new RangeError(
        this.isMultiProducer
          ? `Ring allows ${this.maxProducers} producers; raise maxProducers to add more.`
          : 'Single-producer ring already has its producer; create the ring with producers: "multi".',
      );
    }
    Atomics.add(this.control, PRODUCERS_ACTIVE, 1);
    // Checked after registering: a processor that saw the ring draining then
    // reads a count that includes this producer, so it cannot finish early.
    if (Atomics.load(this.control, STATE) !== RingState.running) {
      Atomics.sub(this.control, PRODUCERS_ACTIVE, 1);
      throw new Error("Ring is shutting down or halted; it accepts no new producers.");
    }
    return new RingProducer(this, id, options);
  }

  /** Creates the processor `name` for the calling thread, which must then run it. */
  createProcessor(
    name: string,
    handler: EventHandler<F>,
    options?: ProcessorOptions,
  ): BatchEventProcessor<F> {
    return new BatchEventProcessor(this, this.processorIndex(name), handler, options);
  }

  /** Position of `name` in the processor list. Throws naming the known processors. */
  processorIndex(name: string): number {
    const index = this.processorNames.indexOf(name);
    if (index < 0) {
      throw new RangeError(
        `Ring has no processor "${name}"; it has ${this.processorNames.join(", ")}.`,
      );
    }
    return index;
  }

  /**
   * A barrier for processor `index`: the cursor, or the processors it runs
   * after. `maxBatchSize` bounds a multi-producer availability scan.
   */
  createBarrier(index: number, maxBatchSize?: number): SequenceBarrier {
    const after = this.specs[index].after ?? [];
    return new SequenceBarrier(
      this,
      after.map((name) => sequenceCell(this.processorIndex(name))),
      maxBatchSize,
    );
  }

  /** Control cell index of processor `index`'s sequence. */
  sequenceCell(index: number): number {
    return sequenceCell(index);
  }

  producerStatsBase(id: number): number {
    return producerStatsBase(id);
  }

  processorStatsBase(index: number): number {
    return processorStatsBase(this.maxProducers, index);
  }

  /** Last sequence processor `name` handled. Any thread. */
  sequenceOf(name: string): number {
    return Atomics.load(this.control, sequenceCell(this.processorIndex(name)));
  }

  /** Last published (single) or claimed (multi) sequence. Any thread. */
  cursor(): number {
    return Atomics.load(this.control, CURSOR);
  }

  /** The slowest gating processor's sequence; `fallback` when nothing gates. Allocation-free. */
  minimumGatingSequence(fallback: number): number {
    const cells = this.gatingCells;
    let lowest = fallback;
    for (let i = 0; i < cells.length; i++)
      lowest = minSequence(lowest, Atomics.load(this.control, cells[i]));
    return lowest;
  }

  get state(): "running" | "draining" | "halted" {
    return STATE_NAMES[Atomics.load(this.control, STATE)];
  }

  /**
   * Stops accepting events and lets processors finish what was accepted.
   * Producers waiting on a full ring wake and return false. Processors stop
   * once every producer has closed and they have handled everything. Any
   * thread; a no-op once draining or halted.
   */
  shutdown(): void {
    Atomics.compareExchange(this.control, STATE, RingState.running, RingState.draining);
    this.wakeEveryone();
  }

  /** Stops now: processors finish their current batch and stop; producers are refused. Any thread. */
  halt(): void {
    Atomics.store(this.control, STATE, RingState.halted as RingStateValue);
    this.wakeEveryone();
  }

  /** True once every processor has stopped. */
  get isTerminated(): boolean {
    for (let index = 0; index < this.specs.length; index++) {
      if (Atomics.load(this.control, STATUS_LINE + index) !== ProcessorStatus.done)
        return false;
    }
    return true;
  }

  /**
   * Blocks until every processor has stopped or `timeoutMs` passes; true if
   * they all stopped. Worker threads and Node's main thread only.
   */
  awaitTermination(timeoutMs: number): boolean {
    if (!canBlockThisThread()) {
      throw new TypeError(
        "awaitTermination blocks, which a browser main thread forbids: use awaitTerminationAsync.",
      );
    }
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const seen = Atomics.load(this.control, PROCESSED_SIGNAL);
      if (this.isTerminated) return true;
      const left = deadline - performance.now();
      if (left <= 0) return false;
      Atomics.wait(this.control, PROCESSED_SIGNAL, seen, Math.min(left, 50));
    }
  }

  /** Resolves true once every processor has stopped, false after `timeoutMs`. Any thread. */
  async awaitTerminationAsync(timeoutMs: number, pollIntervalMs = 10): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (!this.isTerminated) {
      if (performance.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }
    return true;
  }

  /**
   * Shuts down (drain) and waits up to `timeoutMs` for the processors; if
   * they have not stopped by then (a handler that never returns, a producer
   * that never closes), halts and waits again. Returns true if the drain
   * completed. Blocking: workers and Node's main thread.
   */
  shutdownAndWait(timeoutMs: number): boolean {
    this.shutdown();
    if (this.awaitTermination(timeoutMs)) return true;
    this.halt();
    this.awaitTermination(timeoutMs);
    return false;
  }

  /** Counters of every producer and processor. Any thread; allocates the result. */
  stats(): RingStats {
    const cursor = this.cursor();
    const producers: ProducerStats[] = [];
    const registered = Math.min(
      Atomics.load(this.control, PRODUCERS_REGISTERED),
      this.maxProducers,
    );
    for (let id = 0; id < registered; id++) {
      const base = producerStatsBase(id);
      producers.push({
        id,
        published: this.statsCells[base + P_PUBLISHED],
        stalls: this.statsCells[base + P_STALLS],
        publishCalls: this.statsCells[base + P_PUBLISH_CALLS],
      });
    }
    const processors = this.specs.map((spec, index): ProcessorStats => {
      const base = this.processorStatsBase(index);
      const sequence = Atomics.load(this.control, sequenceCell(index));
      return {
        name: spec.name,
        status: STATUS_NAMES[Atomics.load(this.control, STATUS_LINE + index)],
        sequence,
        handled: this.statsCells[base + C_HANDLED],
        batches: this.statsCells[base + C_BATCHES],
        exceptions: this.statsCells[base + C_EXCEPTIONS],
        maxBatch: this.statsCells[base + C_MAX_BATCH],
        latencySamples: this.statsCells[base + C_LATENCY_SAMPLES],
        lag: (cursor - sequence) | 0,
      };
    });
    return {
      state: this.state,
      bufferSize: this.bufferSize,
      cursor,
      published: producers.reduce((sum, producer) => sum + producer.published, 0),
      stalls: producers.reduce((sum, producer) => sum + producer.stalls, 0),
      occupancy: Math.max(0, (cursor - this.minimumGatingSequence(cursor)) | 0),
      producers,
      processors,
    };
  }

  private wakeEveryone(): void {
    signalAll(this.control, PUBLISHED_SIGNAL);
    signalAll(this.control, PROCESSED_SIGNAL);
  }
}

function validateOptions<F extends FieldSpec>(options: RingOptions<F>): void {
  const { bufferSize, producers, processors } = options;
  if (
    !(
      Number.isInteger(bufferSize) &&
      bufferSize >= 1 &&
      bufferSize <= MAX_BUFFER_SIZE &&
      (bufferSize & (bufferSize - 1)) === 0
    )
  ) {
    throw new RangeError(
      `bufferSize ${bufferSize} must be a power of two from 1 to 2^30.`,
    );
  }
  if (producers !== "single" && producers !== "multi") {
    throw new TypeError(`producers "${String(producers)}" must be "single" or "multi".`);
  }
  const sample = options.latencySampleEvery ?? 64;
  if (
    !(
      Number.isInteger(sample) &&
      sample >= 1 &&
      sample <= MAX_BUFFER_SIZE &&
      (sample & (sample - 1)) === 0
    )
  ) {
    throw new RangeError(
      `latencySampleEvery ${sample} must be a power of two from 1 to 2^30.`,
    );
  }
  const maxProducers = options.maxProducers ?? 16;
  if (!(Number.isInteger(maxProducers) && maxProducers >= 1 && maxProducers <= 1024)) {
    throw new RangeError(
      `maxProducers ${maxProducers} must be an integer from 1 to 1024.`,
    );
  }
  if (processors.length > MAX_PROCESSORS) {
    throw new RangeError(
      `A ring has at most ${MAX_PROCESSORS} processors; ${processors.length} were given.`,
    );
  }
  const seen = new Set<string>();
  for (const spec of processors) {
    if (seen.has(spec.name))
      throw new TypeError(`Processor "${spec.name}" is declared twice.`);
    for (const upstream of spec.after ?? []) {
      if (!seen.has(upstream)) {
        throw new TypeError(
          `Processor "${spec.name}" runs after "${upstream}", which is not declared before it.`,
        );
      }
    }
    seen.add(spec.name);
  }
}
