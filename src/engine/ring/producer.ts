import {
  CURSOR,
  GATING_CACHE,
  LINE_F64,
  P_PUBLISH_CALLS,
  P_PUBLISHED,
  P_STALLS,
  PROCESSED_SIGNAL,
  PRODUCERS_ACTIVE,
  PUBLISHED_SIGNAL,
  RingState,
  STATE,
  WAITERS,
} from "./layout.ts";
import type { RecordAccess } from "./records.ts";
import type { Ring } from "./ring.ts";
import type { FieldSpec } from "./schema.ts";
import { canBlockThisThread, parkBriefly, signalAll, spinPause } from "./waitStrategy.ts";

/**
 * Fills one claimed record. `index` counts from 0 within a batch. It must
 * write only the record of `sequence`, and must not publish or claim.
 */
export type Translator<F extends FieldSpec = FieldSpec> = (
  records: RecordAccess<F>,
  sequence: number,
  index: number,
) => void;

/** Wait used by `publish` and `next` on a full ring, after a few spins. */
export type ProducerBackoff = "spin" | "yield" | "block";

export interface ProducerOptions {
  /**
   * Default "block" where `Atomics.wait` is allowed, else "spin". "block"
   * sleeps until a processor advances (no CPU while the ring stays full);
   * "yield" parks ~50 us at a time; "spin" burns the core.
   */
  backoff?: ProducerBackoff;
  /** Spins before backing off. Default 64. */
  spinTries?: number;
}

/**
 * The publishing end of a ring, for one thread. Create it with
 * `ring.createProducer()` in the thread that publishes; never share it
 * between threads. A single-producer ring allows one producer in all.
 *
 * Two ways to publish, both allocation-free:
 *
 * - `tryPublish(translate)` / `publish(translate)` (and the `Batch`
 *   variants): claim, fill through the translator, publish. The translator
 *   runs inside try/finally, so a claimed slot is always published.
 * - `tryNext(n)` / `next(n)`, write `claimedFirst..claimedLast` through
 *   `records`, then `publishClaimed()`: no callback at all.
 *
 * Every `try*` call fails fast and returns false on a full ring; the others
 * wait. All return false once the ring is shutting down or halted (check
 * `isOpen`), never losing an event they returned true for. Each call that
 * found the ring full counts one stall.
 */
export class RingProducer<F extends FieldSpec = FieldSpec> {
  /** Producer slot, 0-based: stored in stats, usable as a producer id in records. */
  readonly id: number;
  /** The ring's records, to write claimed sequences. */
  readonly records: RecordAccess<F>;
  /** First sequence of the last successful claim. */
  claimedFirst = 0;
  /** Last sequence of the last successful claim. */
  claimedLast = 0;

  private readonly ring: Ring<F>;
  private readonly control: Int32Array;
  private readonly availability: Int32Array;
  /** This producer's own stats line (single writer: this thread). */
  private readonly statsLine: Float64Array;
  private readonly bufferSize: number;
  private readonly mask: number;
  private readonly indexShift: number;
  private readonly isMultiProducer: boolean;
  private readonly gatingCells: Int32Array;
  private readonly sampleEvery: number;
  private readonly sampleMask: number;
  private readonly publishTimeWord: number;
  private readonly backoff: ProducerBackoff;
  private readonly spinTries: number;
  /** Single producer only: the last sequence claimed (the shared cursor lags until publish). */
  private lastClaimed: number;
  /** Single producer only: the lowest gating sequence last read. */
  private cachedGating: number;
  private closed = false;
  /** True between a successful claim and its publish. */
  private hasUnpublishedClaim = false;

  /** Use `ring.createProducer()`. */
  constructor(ring: Ring<F>, id: number, options: ProducerOptions = {}) {
    this.ring = ring;
    this.id = id;
    this.records = ring.records;
    this.control = ring.control;
    this.availability = ring.availability;
    const statsBase = ring.producerStatsBase(id);
    this.statsLine = ring.statsCells.subarray(statsBase, statsBase + LINE_F64);
    this.bufferSize = ring.bufferSize;
    this.mask = ring.bufferSize - 1;
    this.indexShift = ring.indexShift;
    this.isMultiProducer = ring.isMultiProducer;
    this.gatingCells = ring.gatingCells;
    this.sampleEvery = ring.latencySampleEvery;
    this.sampleMask = ring.latencySampleEvery - 1;
    this.publishTimeWord = ring.records.schema.fields.publishTimeMicros.word;
    this.backoff = options.backoff ?? (canBlockThisThread() ? "block" : "spin");
    if (this.backoff !== "spin" && !canBlockThisThread()) {
      throw new TypeError(
        `Producer backoff "${this.backoff}" needs Atomics.wait, which this thread (a browser main thread) forbids: use "spin" or tryPublish.`,
      );
    }
    this.spinTries = options.spinTries ?? 64;
    this.lastClaimed = Atomics.load(this.control, CURSOR);
    this.cachedGating = this.lastClaimed;
  }

  /** False once this producer is closed or the ring stops accepting events. */
  get isOpen(): boolean {
    return !this.closed && Atomics.load(this.control, STATE) === RingState.running;
  }

  /**
   * Claims `n` consecutive sequences (1 to bufferSize) if there is room now;
   * on success they are `claimedFirst..claimedLast` and must be published
   * with `publishClaimed()` before the next claim (claiming again first
   * throws). Counts a stall on a full ring. Never waits.
   */
  tryNext(n = 1): boolean {
    if (this.hasUnpublishedClaim || !this.isClaimSize(n)) this.rejectClaim(n);
    if (this.claim(n)) return true;
    this.statsLine[P_STALLS]++;
    return false;
  }

  /**
   * Claims `n` sequences, waiting for room with spin, then the configured
   * backoff. Returns false only when the ring stops accepting events (then
   * nothing was claimed). Counts one stall if it had to wait.
   */
  next(n = 1): boolean {
    if (this.hasUnpublishedClaim || !this.isClaimSize(n)) this.rejectClaim(n);
    if (this.claim(n)) return true;
    this.statsLine[P_STALLS]++;
    return this.waitAndClaim(n);
  }

  /** Publishes the last claim: stamps publish times, then makes the slots visible. */
  publishClaimed(): void {
    this.publishRange(this.claimedFirst, this.claimedLast);
  }

  /** Claims one slot if there is room, fills it and publishes it. */
  tryPublish(translate: Translator<F>): boolean {
    return this.tryPublishBatch(1, translate);
  }

  /** Claims one slot, waiting for room; fills it and publishes it. */
  publish(translate: Translator<F>): boolean {
    return this.publishBatch(1, translate);
  }

  /** Claims `n` slots if there is room now, fills each and publishes them together. */
  tryPublishBatch(n: number, translate: Translator<F>): boolean {
    if (!this.tryNext(n)) return false;
    this.fillAndPublish(n, translate);
    return true;
  }

  /** Claims `n` slots, waiting for room; fills each and publishes them together. */
  publishBatch(n: number, translate: Translator<F>): boolean {
    if (!this.next(n)) return false;
    this.fillAndPublish(n, translate);
    return true;
  }

  /**
   * Ends this producer: call after its last publish. A draining ring finishes
   * only when every producer has closed. Idempotent; any later claim returns
   * false.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.sub(this.control, PRODUCERS_ACTIVE, 1);
    // Processors waiting to finish a drain re-check when woken.
    Atomics.add(this.control, PUBLISHED_SIGNAL, 1);
    Atomics.notify(this.control, PUBLISHED_SIGNAL);
    Atomics.add(this.control, PROCESSED_SIGNAL, 1);
    Atomics.notify(this.control, PROCESSED_SIGNAL);
  }

  private fillAndPublish(n: number, translate: Translator<F>): void {
    const first = this.claimedFirst;
    const last = this.claimedLast;
    try {
      for (let i = 0; i < n; i++) translate(this.records, (first + i) | 0, i);
    } finally {
      this.publishRange(first, last);
    }
  }

  private isClaimSize(n: number): boolean {
    return (n | 0) === n && n >= 1 && n <= this.bufferSize;
  }

  /** Throws for a claim that `isClaimSize` or an unpublished claim rules out. */
  private rejectClaim(n: number): never {
    if (this.hasUnpublishedClaim) {
      throw new Error(
        `Producer ${this.id} still holds unpublished sequences ${this.claimedFirst}..${this.claimedLast}: call publishClaimed() before claiming again.`,
      );
    }
    throw new RangeError(
      `Claim size ${n} must be an integer from 1 to the ring size ${this.bufferSize}.`,
    );
  }

  /** Tries one claim without counting a stall. */
  private claim(n: number): boolean {
    if (this.closed || Atomics.load(this.control, STATE) !== RingState.running)
      return false;
    return this.isMultiProducer ? this.claimShared(n) : this.claimSingle(n);
  }

  private claimSingle(n: number): boolean {
    const current = this.lastClaimed;
    const next = (current + n) | 0;
    const wrapPoint = (next - this.bufferSize) | 0;
    if (((wrapPoint - this.cachedGating) | 0) > 0) {
      const gating = this.ring.minimumGatingSequence(current);
      this.cachedGating = gating;
      if (((wrapPoint - gating) | 0) > 0) return false;
    }
    this.lastClaimed = next;
    this.claimedFirst = (current + 1) | 0;
    this.claimedLast = next;
    this.hasUnpublishedClaim = true;
    return true;
  }

  private claimShared(n: number): boolean {
    const control = this.control;
    for (;;) {
      const current = Atomics.load(control, CURSOR);
      const next = (current + n) | 0;
      const wrapPoint = (next - this.bufferSize) | 0;
      const cached = Atomics.load(control, GATING_CACHE);
      if (((wrapPoint - cached) | 0) > 0 || ((cached - current) | 0) > 0) {
        const gating = this.ring.minimumGatingSequence(current);
        Atomics.store(control, GATING_CACHE, gating);
        if (((wrapPoint - gating) | 0) > 0) return false;
      }
      if (Atomics.compareExchange(control, CURSOR, current, next) === current) {
        this.claimedFirst = (current + 1) | 0;
        this.claimedLast = next;
        this.hasUnpublishedClaim = true;
        return true;
      }
    }
  }

  private waitAndClaim(n: number): boolean {
    const control = this.control;
    for (let tries = 0; ; tries++) {
      if (!this.isOpen) return false;
      if (tries < this.spinTries || this.backoff === "spin") {
        spinPause();
      } else if (this.backoff === "yield") {
        parkBriefly();
      } else {
        // Same waiter protocol as BlockingWaitStrategy: register, read the
        // signal, retry once, and only then sleep.
        Atomics.add(control, PROCESSED_SIGNAL + WAITERS, 1);
        const seen = Atomics.load(control, PROCESSED_SIGNAL);
        const claimed = this.claim(n);
        if (!claimed && this.isOpen) Atomics.wait(control, PROCESSED_SIGNAL, seen, 100);
        Atomics.sub(control, PROCESSED_SIGNAL + WAITERS, 1);
        if (claimed) return true;
        continue;
      }
      if (this.claim(n)) return true;
    }
  }

  /**
   * Stamps the sampled publish times, makes `first..last` visible, updates
   * this producer's counters and wakes blocked processors. Per batch: the
   * only atomics are the release of the range (one `Atomics.store`) and the
   * waiter check, which must follow it so a processor that registered as a
   * waiter before the release is always woken.
   */
  private publishRange(first: number, last: number): void {
    const control = this.control;
    const sampleMask = this.sampleMask;
    this.hasUnpublishedClaim = false;
    // The clock is read only when the range holds a sampled sequence.
    if (((last - ((first + sampleMask) & ~sampleMask)) | 0) >= 0) {
      this.stampPublishTimes(first, last);
    }
    if (this.isMultiProducer) this.markAvailable(first, last);
    else Atomics.store(control, CURSOR, last);
    const statsLine = this.statsLine;
    statsLine[P_PUBLISHED] += ((last - first) | 0) + 1;
    statsLine[P_PUBLISH_CALLS]++;
    if (Atomics.load(control, PUBLISHED_SIGNAL + WAITERS) !== 0) {
      signalAll(control, PUBLISHED_SIGNAL);
    }
  }

  /**
   * Multi-producer: sets each slot's lap, which is what makes it visible.
   * Only the first slot of the range gets an `Atomics.store`, and it is
   * written last: the other slots (and the records) get plain stores before
   * it. A processor scans availability in sequence order from its next
   * sequence, so it reads a later slot of this range only after its
   * `Atomics.load` of the first slot has seen the new lap, and that load
   * makes every earlier write of this producer visible to it.
   */
  private markAvailable(first: number, last: number): void {
    const availability = this.availability;
    const mask = this.mask;
    const shift = this.indexShift;
    for (let sequence = last; sequence !== first; sequence = (sequence - 1) | 0) {
      availability[sequence & mask] = (sequence >>> shift) | 0;
    }
    Atomics.store(availability, first & mask, (first >>> shift) | 0);
  }

  /**
   * Writes the ring clock into `publishTimeMicros` of the sampled sequences
   * in the range (multiples of `latencySampleEvery`), with one clock read.
   * The caller checks that the range contains one.
   */
  private stampPublishTimes(first: number, last: number): void {
    let sequence = (first + this.sampleMask) & ~this.sampleMask;
    const nowMicros = this.ring.clock.nowMicros();
    const f64 = this.records.f64;
    const wordsPerRecord = this.records.wordsPerRecord;
    for (; ((last - sequence) | 0) >= 0; sequence = (sequence + this.sampleEvery) | 0) {
      f64[((sequence & this.mask) * wordsPerRecord + this.publishTimeWord) >> 1] =
        nowMicros;
    }
  }
}
