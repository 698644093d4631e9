/**
 * A counting buffer in front of an HdrHistogram. Recording a value into
 * `hdr-histogram-js` goes through several method calls per value and took
 * about half of the simulation's CPU time in `bench/sim.ts`. This buffer
 * counts integer values in an array laid out like the histogram's own
 * buckets, and `flushInto` adds each non-empty bucket with one
 * `recordValueWithCount`.
 *
 * The layout follows HdrHistogram with a lowest discernible value of 1:
 * with S sub-buckets (the power of two at or above 2 * 10^digits), values
 * below S have their own bucket, and a value v in [2^e, 2^(e+1)) with
 * e >= log2(S) falls in a bucket of width 2^b, b = e - log2(S) + 1. Each
 * bucket is flushed as its highest value, which the histogram counts in the
 * same bucket, so percentiles read afterwards equal those of recording
 * every value directly. The histogram's max becomes the top of the max's
 * bucket, within the histogram's precision.
 */
import type { Histogram } from "hdr-histogram-js";

/** Values from here up go straight to the histogram: clz32 covers 31 bits. */
const LARGEST_BUFFERED = 2 ** 31;

export class RecordBuffer {
  private readonly halfCountMagnitude: number;
  private readonly halfCount: number;
  private readonly counts: Int32Array;
  /** Indexes of non-zero counts, so a flush visits only those. */
  private readonly touched: Int32Array;
  private touchedCount = 0;

  constructor(significantDigits: number) {
    const subBucketCount = 2 ** Math.ceil(Math.log2(2 * 10 ** significantDigits));
    this.halfCount = subBucketCount / 2;
    this.halfCountMagnitude = Math.log2(this.halfCount);
    const buckets = 31 - this.halfCountMagnitude + 1;
    this.counts = new Int32Array((buckets + 1) * this.halfCount);
    this.touched = new Int32Array(this.counts.length);
  }

  /** Counts one integer value; values of 2^31 and above go to `overflow`. Allocates nothing. */
  record(value: number, overflow: Histogram): void {
    if (value >= LARGEST_BUFFERED) {
      overflow.recordValue(value);
      return;
    }
    const index = this.indexOf(value);
    if (this.counts[index]++ === 0) this.touched[this.touchedCount++] = index;
  }

  /** Adds every buffered count to `histogram` and empties the buffer. */
  flushInto(histogram: Histogram): void {
    for (let i = 0; i < this.touchedCount; i++) {
      const index = this.touched[i];
      histogram.recordValueWithCount(this.highestValueOf(index), this.counts[index]);
      this.counts[index] = 0;
    }
    this.touchedCount = 0;
  }

  get isEmpty(): boolean {
    return this.touchedCount === 0;
  }

  /** Drops every buffered count. */
  clear(): void {
    for (let i = 0; i < this.touchedCount; i++) this.counts[this.touched[i]] = 0;
    this.touchedCount = 0;
  }

  private indexOf(value: number): number {
    if (value < 2 * this.halfCount) return value;
    const bucket = 31 - Math.clz32(value) - this.halfCountMagnitude;
    return bucket * this.halfCount + (value >>> bucket);
  }

  private highestValueOf(index: number): number {
    if (index < 2 * this.halfCount) return index;
    const bucket = Math.floor(index / this.halfCount) - 1;
    const subBucket = index - bucket * this.halfCount;
    return (subBucket + 1) * 2 ** bucket - 1;
  }
}
