import {
  CURSOR,
  PROCESSED_SIGNAL,
  PRODUCERS_ACTIVE,
  PUBLISHED_SIGNAL,
  RingState,
  STATE,
} from "./layout.ts";
import { MAX_BUFFER_SIZE } from "./sequence.ts";

/** Ring fields that a barrier reads; `Ring` provides them. */
export interface BarrierSource {
  readonly control: Int32Array;
  readonly availability: Int32Array;
  readonly mask: number;
  readonly indexShift: number;
  readonly isMultiProducer: boolean;
}

/**
 * Tells a processor which sequences it may handle: those the producers have
 * published and, for a dependent stage, those every upstream processor has
 * already handled. Per processor, per thread; allocation-free after
 * construction.
 */
export class SequenceBarrier {
  private readonly control: Int32Array;
  private readonly availability: Int32Array;
  private readonly mask: number;
  private readonly indexShift: number;
  private readonly isMultiProducer: boolean;
  private readonly dependencyCells: Int32Array;
  /** Multi-producer: most slots one `available` call checks, from `next` on. */
  private readonly maxScan: number;
  /**
   * Signal cell a waiter blocks on: the publish signal at the head of the
   * graph, the processed signal for a dependent stage.
   */
  readonly signalCell: number;

  /**
   * `dependencyCells`: control-region cells of the upstream processors'
   * sequences. `maxScan`: the processor's batch size limit, so that a
   * multi-producer scan never checks slots the processor will not take in
   * this batch (it would check them again for the next one). Default: no
   * limit below the ring size.
   */
  constructor(
    source: BarrierSource,
    dependencyCells: readonly number[],
    maxScan = MAX_BUFFER_SIZE,
  ) {
    this.control = source.control;
    this.availability = source.availability;
    this.mask = source.mask;
    this.indexShift = source.indexShift;
    this.isMultiProducer = source.isMultiProducer;
    this.dependencyCells = Int32Array.from(dependencyCells);
    if (!(Number.isInteger(maxScan) && maxScan >= 1)) {
      throw new RangeError(`maxScan ${maxScan} must be a positive integer.`);
    }
    this.maxScan = Math.min(maxScan, MAX_BUFFER_SIZE);
    this.signalCell = dependencyCells.length > 0 ? PROCESSED_SIGNAL : PUBLISHED_SIGNAL;
  }

  /**
   * The highest sequence that may be handled now. Compare it with the next
   * wanted sequence using `sequenceDiff`: when it is before `next`, nothing
   * is ready. Never blocks.
   */
  available(next: number): number {
    const cells = this.dependencyCells;
    if (cells.length > 0) {
      // Upstream processors only ever handle published sequences, so the
      // slowest of them is the limit and the cursor need not be read.
      let lowest = Atomics.load(this.control, cells[0]);
      for (let i = 1; i < cells.length; i++) {
        const value = Atomics.load(this.control, cells[i]);
        if (((value - lowest) | 0) < 0) lowest = value;
      }
      return lowest;
    }
    const cursor = Atomics.load(this.control, CURSOR);
    if (!this.isMultiProducer || ((cursor - next) | 0) < 0) return cursor;
    return this.highestPublished(next, cursor);
  }

  /**
   * Multi-producer: the cursor is the highest claimed sequence, and claims
   * can be published out of order. Returns the last sequence of the run of
   * published slots that starts at `next`, by checking each slot's lap.
   * Each read is an `Atomics.load`: a publisher releases its range through
   * the range's first slot only, and the scan cannot tell which slots those
   * are. One scan per batch covers every slot up to the end of the run.
   */
  private highestPublished(next: number, claimed: number): number {
    const availability = this.availability;
    const mask = this.mask;
    const shift = this.indexShift;
    const scanEnd = (next + this.maxScan - 1) | 0;
    const last = ((claimed - scanEnd) | 0) > 0 ? scanEnd : claimed;
    for (
      let sequence = next;
      ((last - sequence) | 0) >= 0;
      sequence = (sequence + 1) | 0
    ) {
      if (Atomics.load(availability, sequence & mask) !== ((sequence >>> shift) | 0)) {
        return (sequence - 1) | 0;
      }
    }
    return last;
  }

  /**
   * True when a processor waiting for `next` should stop: the ring is halted,
   * or it is draining, every producer has closed, and everything published
   * has been handled up to `next - 1`. Once true it stays true.
   */
  shouldStop(next: number): boolean {
    const state = Atomics.load(this.control, STATE);
    if (state === RingState.running) return false;
    if (state === RingState.halted) return true;
    if (Atomics.load(this.control, PRODUCERS_ACTIVE) !== 0) return false;
    return Atomics.load(this.control, CURSOR) === ((next - 1) | 0);
  }
}
