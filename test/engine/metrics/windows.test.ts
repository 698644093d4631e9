import { describe, expect, it } from "vitest";
import {
  COUNTER_RING_SLOTS,
  CounterWindows,
  coveredSinceMs,
  createHistogram,
  HistogramWindows,
  SLOT_MS,
  summarize,
} from "../../../src/engine/metrics/windows.ts";

const slotOf = (timeMs: number) => Math.floor(timeMs / SLOT_MS);

describe("coveredSinceMs", () => {
  it("starts each window at a slot boundary", () => {
    // At 12:34 virtual (slot 75, minute 12).
    const slot = slotOf(754_000);
    expect(coveredSinceMs("1m", slot)).toBe(700_000);
    expect(coveredSinceMs("5m", slot)).toBe(480_000);
    expect(coveredSinceMs("15m", slot)).toBe(0);
    expect(coveredSinceMs("15m", slotOf(1_000_000))).toBe(120_000);
  });
});

describe("HistogramWindows", () => {
  /** Records one value of `valueMs` at the start of every 10 s slot from 0 to `untilMs`. */
  function fill(
    windows: HistogramWindows,
    untilMs: number,
    valueAt: (slot: number) => number,
  ) {
    for (let t = 0; t < untilMs; t += SLOT_MS) {
      windows.rotateTo(slotOf(t));
      windows.record(valueAt(slotOf(t)));
    }
  }

  it("counts exactly the slots each window covers", () => {
    const windows = new HistogramWindows(3);
    const scratch = createHistogram(3);
    // Slots 0..119 (20 minutes); slot k records the value k + 1 ms.
    fill(windows, 1_200_000, (slot) => slot + 1);

    // Current slot 119, the last of minute 19: 1m contains slots 114..119, 5m
    // minutes 15..19 (slots 90..119), 15m minutes 5..19 (slots 30..119).
    const oneMinute = summarize(windows.collect("1m", scratch));
    expect(oneMinute.count).toBe(6);
    // Maxima are the top of their bucket: 120 ms is 120000 us, in a bucket 64 us wide.
    expect(oneMinute.max).toBeCloseTo(120.063, 3);
    expect(summarize(windows.collect("5m", scratch)).count).toBe(30);
    const fifteen = summarize(windows.collect("15m", scratch));
    expect(fifteen.count).toBe(90);
    // The 45th of the values 31..120.
    expect(fifteen.p50).toBeCloseTo(75, 1);
    expect(fifteen.max).toBeCloseTo(120.063, 3);
  });

  it("drops values that leave the window", () => {
    const windows = new HistogramWindows(2);
    const scratch = createHistogram(2);
    windows.rotateTo(0);
    windows.record(5000);
    windows.record(1);
    windows.rotateTo(5);
    expect(summarize(windows.collect("1m", scratch)).max).toBeCloseTo(5000, -2);
    windows.rotateTo(6);
    expect(summarize(windows.collect("1m", scratch)).count).toBe(0);
    expect(summarize(windows.collect("15m", scratch))).toMatchObject({ count: 2 });
    windows.rotateTo(6 * 15);
    expect(summarize(windows.collect("15m", scratch)).count).toBe(0);
  });

  it("clears after a gap longer than every window", () => {
    const windows = new HistogramWindows(2);
    const scratch = createHistogram(2);
    windows.record(3);
    windows.rotateTo(COUNTER_RING_SLOTS + 50);
    windows.record(4);
    const summary = summarize(windows.collect("15m", scratch));
    expect(summary.count).toBe(1);
    // Two significant digits hold 4000 us to within 16 us.
    expect(summary.p50).toBeCloseTo(4, 1);
    expect(summary.max).toBeCloseTo(4, 1);
  });

  it("reports percentiles within the histogram precision", () => {
    const windows = new HistogramWindows(2);
    const scratch = createHistogram(2);
    for (let i = 1; i <= 1000; i++) windows.record(i / 10);
    const summary = summarize(windows.collect("1m", scratch));
    expect(summary.count).toBe(1000);
    expect(Math.abs(summary.p50 - 50) / 50).toBeLessThan(0.01);
    expect(Math.abs(summary.p90 - 90) / 90).toBeLessThan(0.01);
    expect(Math.abs(summary.p99 - 99) / 99).toBeLessThan(0.01);
    expect(Math.abs(summary.max - 100) / 100).toBeLessThan(0.01);
  });
});

describe("CounterWindows", () => {
  it("sums each window's slots", () => {
    const counters = new CounterWindows(2);
    for (let slot = 0; slot < 120; slot++) {
      counters.rotateTo(slot);
      counters.add(0, 1);
      counters.add(1, slot);
    }
    expect(counters.sum("1m", 0)).toBe(6);
    expect(counters.sum("5m", 0)).toBe(30);
    expect(counters.sum("15m", 0)).toBe(90);
    // Slots 114..119.
    expect(counters.sum("1m", 1)).toBe(114 + 115 + 116 + 117 + 118 + 119);
  });

  it("forgets everything after a long gap", () => {
    const counters = new CounterWindows(1);
    counters.add(0, 7);
    counters.rotateTo(COUNTER_RING_SLOTS);
    expect(counters.sum("15m", 0)).toBe(0);
  });
});
