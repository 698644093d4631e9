/**
 * Outcome records through the ring buffer: the simulation publishes each
 * outcome as a fixed-size record, and a "metrics" processor hands the
 * records to a `MetricsRecorder` in sequence order. More processors (a
 * journal) can join the handler graph later without touching the
 * simulation.
 *
 * Determinism: the processor receives exactly the records the simulation wrote,
 * in the order it wrote them, including the `advanceTo` marks, so the
 * metrics equal the direct pipeline's whatever the batching.
 *
 * `createRingPipeline` runs the processor on the simulation's thread: it
 * polls the processor when the ring fills and on `flush`. A worker that
 * wants the processor on another thread creates the ring with
 * `createOutcomeRing` and runs `createMetricsHandler` there.
 */
import { MetricsRecorder } from "../metrics/recorder.ts";
import {
  type BatchEventProcessor,
  defineRecordSchema,
  type EventHandler,
  type RecordAccess,
  Ring,
  type RingProducer,
} from "../ring/index.ts";
import type { OutcomeKind, OutcomeLayout, OutcomeSink } from "./outcome.ts";
import type { MetricsPipeline } from "./pipeline.ts";
import type { Scenario } from "./scenario.ts";

export const OUTCOME_FIELDS = {
  /** Virtual time of the outcome, ms. */
  timeMs: "f64",
  a: "f64",
  b: "f64",
  /** An `OUTCOME_*` kind, or one of the marks below. */
  kind: "i32",
  index: "i32",
} as const;

export const OUTCOME_SCHEMA = defineRecordSchema(OUTCOME_FIELDS);
type OutcomeFields = typeof OUTCOME_FIELDS;

// Field offsets in 4-byte words, read once: the hot paths index with them.
const TIME_WORD = OUTCOME_SCHEMA.fields.timeMs.word;
const A_WORD = OUTCOME_SCHEMA.fields.a.word;
const B_WORD = OUTCOME_SCHEMA.fields.b.word;
const KIND_WORD = OUTCOME_SCHEMA.fields.kind.word;
const INDEX_WORD = OUTCOME_SCHEMA.fields.index.word;

/** Padding that fills the rest of a claimed batch; the processor skips it. */
const MARK_NONE = 0;
/** Carries an `advanceTo(timeMs)`. */
const MARK_ADVANCE = -1;

/** Slots claimed per publish: amortizes the claim and the cursor store over many outcomes. */
export const CLAIM_BATCH = 256;

export interface RingPipelineOptions {
  /** Ring slots, a power of two; default 16384 (40 bytes each). */
  bufferSize?: number;
}

/** Creates the ring: one producer (the simulation), one processor named "metrics". */
export function createOutcomeRing(bufferSize = 16_384): Ring<OutcomeFields> {
  return Ring.create({
    schema: OUTCOME_SCHEMA,
    bufferSize,
    producers: "single",
    processors: [{ name: "metrics" }],
    latencySampleEvery: 1024,
  });
}

/** Returns the handler the "metrics" processor runs: it replays each record into `recorder`. */
export function createMetricsHandler(recorder: OutcomeSink): EventHandler<OutcomeFields> {
  return {
    onEvent(records: RecordAccess<OutcomeFields>, sequence: number) {
      const word = records.wordOf(sequence);
      const kind = records.i32[word + KIND_WORD];
      if (kind === MARK_NONE) return;
      const timeMs = records.f64[(word + TIME_WORD) >> 1];
      if (kind === MARK_ADVANCE) {
        recorder.advanceTo(timeMs);
        return;
      }
      recorder.write(
        kind as OutcomeKind,
        timeMs,
        records.i32[word + INDEX_WORD],
        records.f64[(word + A_WORD) >> 1],
        records.f64[(word + B_WORD) >> 1],
      );
    },
  };
}

/**
 * Publishes outcomes into the ring in claimed batches of `CLAIM_BATCH`.
 * When the ring is full it calls `drain`, which on a single thread polls the
 * processor, so a full ring is emptied in place instead of waited on.
 */
export class RingOutcomeSink implements OutcomeSink {
  private readonly records: RecordAccess<OutcomeFields>;
  private readonly f64: Float64Array;
  private readonly i32: Int32Array;
  private readonly wordsPerRecord: number;
  private readonly mask: number;
  private isClaimed = false;
  /** Next sequence to write in the open claim. */
  private nextSequence = 0;
  /** Records published, padding and marks included. */
  published = 0;
  /** Claims that found the ring full. */
  fullRing = 0;

  constructor(
    private readonly producer: RingProducer<OutcomeFields>,
    private readonly drain: () => void,
  ) {
    this.records = producer.records;
    this.f64 = this.records.f64;
    this.i32 = this.records.i32;
    this.wordsPerRecord = this.records.wordsPerRecord;
    this.mask = this.records.mask;
  }

  write(kind: OutcomeKind, timeMs: number, index: number, a: number, b: number): void {
    this.put(kind, timeMs, index, a, b);
  }

  advanceTo(timeMs: number): void {
    this.put(MARK_ADVANCE, timeMs, 0, 0, 0);
    this.publishOpenClaim();
  }

  /** Publishes the open claim, padding its unused slots. */
  publishOpenClaim(): void {
    if (!this.isClaimed) return;
    const last = this.producer.claimedLast;
    while (((last - this.nextSequence) | 0) >= 0) {
      this.i32[(this.nextSequence & this.mask) * this.wordsPerRecord + KIND_WORD] =
        MARK_NONE;
      this.nextSequence = (this.nextSequence + 1) | 0;
    }
    this.producer.publishClaimed();
    this.published += CLAIM_BATCH;
    this.isClaimed = false;
  }

  private put(kind: number, timeMs: number, index: number, a: number, b: number): void {
    if (!this.isClaimed) this.claim();
    const word = (this.nextSequence & this.mask) * this.wordsPerRecord;
    this.f64[(word + TIME_WORD) >> 1] = timeMs;
    this.f64[(word + A_WORD) >> 1] = a;
    this.f64[(word + B_WORD) >> 1] = b;
    this.i32[word + KIND_WORD] = kind;
    this.i32[word + INDEX_WORD] = index;
    if (this.nextSequence === this.producer.claimedLast) {
      this.producer.publishClaimed();
      this.published += CLAIM_BATCH;
      this.isClaimed = false;
    } else {
      this.nextSequence = (this.nextSequence + 1) | 0;
    }
  }

  private claim(): void {
    while (!this.producer.tryNext(CLAIM_BATCH)) {
      if (!this.producer.isOpen)
        throw new Error("outcome ring is closed; create a new simulation");
      this.fullRing++;
      this.drain();
    }
    this.nextSequence = this.producer.claimedFirst;
    this.isClaimed = true;
  }
}

/**
 * Creates a pipeline whose metrics processor runs on the simulation's
 * thread, polled on `flush` and whenever the ring is full.
 */
export function createRingPipeline(
  layout: OutcomeLayout,
  scenario: Scenario,
  options: RingPipelineOptions = {},
): MetricsPipeline & {
  ring: Ring<OutcomeFields>;
  processor: BatchEventProcessor<OutcomeFields>;
  outcomes: RingOutcomeSink;
} {
  const recorder = new MetricsRecorder(layout, {
    metrics: scenario.metrics,
    alerts: scenario.alerts,
  });
  const ring = createOutcomeRing(options.bufferSize);
  const processor = ring.createProcessor("metrics", createMetricsHandler(recorder));
  const producer = ring.createProducer({ backoff: "spin" });
  const drain = () => {
    while (processor.poll() > 0) {
      // Handle everything available; poll returns 0 once caught up.
    }
  };
  const outcomes = new RingOutcomeSink(producer, drain);
  return {
    kind: "ring",
    sink: outcomes,
    recorder,
    ring,
    processor,
    outcomes,
    flush() {
      outcomes.publishOpenClaim();
      drain();
    },
    engineLatency() {
      const { count, p50Micros, p99Micros, maxMicros } = processor.summary().latency;
      return { count, p50Micros, p99Micros, maxMicros };
    },
    close() {
      outcomes.publishOpenClaim();
      drain();
      producer.close();
      ring.halt();
      processor.poll();
    },
  };
}
