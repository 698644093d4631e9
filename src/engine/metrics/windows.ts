/**
 * Sliding windows of 1m, 5m and 15m of virtual time, built from fixed slots.
 *
 * Values land in the slot of their time: 10-second slots, which close into
 * one-minute slots. Each window keeps a running sum that gains a slot when
 * it closes and loses the slot that falls out, so a query adds at most
 * three histograms and never re-reads recorded values.
 *
 * Window coverage: "1m" is the current 10 s slot and the 5 closed ones
 * before it (50 to 60 s). "5m" and "15m" are the current minute so far and
 * the 4 or 14 closed minutes before it. `coveredSinceMs` returns where a
 * window starts, so rates divide by the time actually covered.
 */
import { build, type Histogram } from "hdr-histogram-js";
import { RecordBuffer } from "./record-buffer.ts";
import type { LatencySummary, WindowName } from "./snapshot.ts";

export const SLOT_MS = 10_000;
export const SLOTS_PER_MINUTE = 6;
const MINUTE_MS = SLOT_MS * SLOTS_PER_MINUTE;
const CLOSED_SLOTS_IN_1M = 5;
const CLOSED_MINUTES_IN_5M = 4;
const CLOSED_MINUTES_IN_15M = 14;
/** 10 s slots a counter ring keeps: enough for the 15m window. */
export const COUNTER_RING_SLOTS = (CLOSED_MINUTES_IN_15M + 1) * SLOTS_PER_MINUTE;

/** Histograms record integer microseconds. */
export const MICROS_PER_MS = 1000;

/** Returns the virtual time at which a window that ends in `slot` begins, never below 0. */
export function coveredSinceMs(window: WindowName, slot: number): number {
  if (window === "1m") return Math.max(0, (slot - CLOSED_SLOTS_IN_1M) * SLOT_MS);
  const minute = Math.floor(slot / SLOTS_PER_MINUTE);
  const closed = window === "5m" ? CLOSED_MINUTES_IN_5M : CLOSED_MINUTES_IN_15M;
  return Math.max(0, (minute - closed) * MINUTE_MS);
}

export function createHistogram(significantDigits: 2 | 3): Histogram {
  return build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 2,
    numberOfSignificantValueDigits: significantDigits,
    useWebAssembly: false,
  });
}

/**
 * One latency histogram per slot, with running sums per window.
 * Not thread-safe: one processor owns it. Allocates all its histograms at
 * construction; counts arrays grow only when a larger latency arrives.
 */
export class HistogramWindows {
  private slot = 0;
  /** Values of the current slot not yet in `current`. */
  private readonly buffer: RecordBuffer;
  private readonly current: Histogram;
  private readonly closedSlots: Histogram[];
  private readonly sum1m: Histogram;
  private readonly minuteSoFar: Histogram;
  private readonly closedMinutes: Histogram[];
  private readonly sum5m: Histogram;
  private readonly sum15m: Histogram;

  constructor(significantDigits: 2 | 3) {
    const make = () => createHistogram(significantDigits);
    this.buffer = new RecordBuffer(significantDigits);
    this.current = make();
    this.closedSlots = Array.from({ length: CLOSED_SLOTS_IN_1M }, make);
    this.sum1m = make();
    this.minuteSoFar = make();
    this.closedMinutes = Array.from({ length: CLOSED_MINUTES_IN_15M }, make);
    this.sum5m = make();
    this.sum15m = make();
  }

  /** Records a latency in ms into the current slot. Call `rotateTo` first when time moved. */
  record(latencyMs: number): void {
    this.buffer.record(Math.round(latencyMs * MICROS_PER_MS), this.current);
  }

  /** Closes slots until `slot` is current. */
  rotateTo(slot: number): void {
    if (slot <= this.slot) return;
    this.flush();
    if (slot - this.slot > COUNTER_RING_SLOTS) {
      this.clear();
      this.slot = slot;
      return;
    }
    while (this.slot < slot) this.closeSlot();
  }

  /**
   * Adds the histograms of a window into `into`, after resetting it.
   * Cost: one reset and up to three adds of the counts arrays.
   */
  collect(window: WindowName, into: Histogram): Histogram {
    into.reset();
    this.addTo(window, into);
    return into;
  }

  /** Adds the histograms of a window into `into` without resetting it. */
  addTo(window: WindowName, into: Histogram): void {
    this.flush();
    if (window === "1m") {
      addIfAny(into, this.sum1m);
    } else {
      addIfAny(into, window === "5m" ? this.sum5m : this.sum15m);
      addIfAny(into, this.minuteSoFar);
    }
    addIfAny(into, this.current);
  }

  /** Moves buffered values into the current slot's histogram. */
  private flush(): void {
    if (!this.buffer.isEmpty) this.buffer.flushInto(this.current);
  }

  private closeSlot(): void {
    const slot = this.slot;
    const ring = this.closedSlots[slot % CLOSED_SLOTS_IN_1M];
    subtractIfAny(this.sum1m, ring);
    ring.reset();
    if (this.current.totalCount > 0) {
      ring.add(this.current);
      this.sum1m.add(this.current);
      this.minuteSoFar.add(this.current);
      this.current.reset();
    }
    if ((slot + 1) % SLOTS_PER_MINUTE === 0)
      this.closeMinute(Math.floor(slot / SLOTS_PER_MINUTE));
    this.slot = slot + 1;
  }

  private closeMinute(minute: number): void {
    const leaving5m =
      this.closedMinutes[
        (minute - CLOSED_MINUTES_IN_5M + CLOSED_MINUTES_IN_15M) % CLOSED_MINUTES_IN_15M
      ];
    subtractIfAny(this.sum5m, leaving5m);
    const ring = this.closedMinutes[minute % CLOSED_MINUTES_IN_15M];
    subtractIfAny(this.sum15m, ring);
    ring.reset();
    if (this.minuteSoFar.totalCount > 0) {
      ring.add(this.minuteSoFar);
      this.sum5m.add(this.minuteSoFar);
      this.sum15m.add(this.minuteSoFar);
      this.minuteSoFar.reset();
    }
  }

  private clear(): void {
    for (const histogram of [
      this.current,
      this.sum1m,
      this.minuteSoFar,
      this.sum5m,
      this.sum15m,
      ...this.closedSlots,
      ...this.closedMinutes,
    ]) {
      histogram.reset();
    }
  }
}

/** Reads count, p50, p90, p99 and max in ms from a histogram of microseconds. */
export function summarize(histogram: Histogram): LatencySummary {
  const count = histogram.totalCount;
  if (count === 0) return { count: 0, p50: 0, p90: 0, p99: 0, max: 0 };
  return {
    count,
    p50: histogram.getValueAtPercentile(50) / MICROS_PER_MS,
    p90: histogram.getValueAtPercentile(90) / MICROS_PER_MS,
    p99: histogram.getValueAtPercentile(99) / MICROS_PER_MS,
    max: histogram.maxValue / MICROS_PER_MS,
  };
}

/**
 * Scalar counters (deliveries, failed attempts, dead letters) in a ring of
 * 10 s slots; a window query sums the slots it covers, at most 90.
 */
export class CounterWindows {
  private slot = 0;
  /** Index of the current slot's first counter in `values`. */
  private base = 0;
  private readonly values: Float64Array;

  /** `width` is the number of counters kept per slot. */
  constructor(readonly width: number) {
    this.values = new Float64Array(width * COUNTER_RING_SLOTS);
  }

  add(counter: number, amount: number): void {
    this.values[this.base + counter] += amount;
  }

  rotateTo(slot: number): void {
    if (slot - this.slot >= COUNTER_RING_SLOTS) {
      this.values.fill(0);
      this.slot = slot;
    }
    while (this.slot < slot) {
      this.slot++;
      const start = (this.slot % COUNTER_RING_SLOTS) * this.width;
      this.values.fill(0, start, start + this.width);
    }
    this.base = (this.slot % COUNTER_RING_SLOTS) * this.width;
  }

  /** Sums one counter over a window ending in the current slot. */
  sum(window: WindowName, counter: number): number {
    const first = Math.max(0, Math.floor(coveredSinceMs(window, this.slot) / SLOT_MS));
    let total = 0;
    for (let slot = first; slot <= this.slot; slot++) {
      total += this.values[(slot % COUNTER_RING_SLOTS) * this.width + counter];
    }
    return total;
  }
}

function addIfAny(into: Histogram, from: Histogram): void {
  if (from.totalCount > 0) into.add(from);
}

function subtractIfAny(from: Histogram, part: Histogram): void {
  if (part.totalCount > 0) from.subtract(part);
}
