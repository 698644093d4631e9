import { describe, expect, it } from "vitest";
import { RecordBuffer } from "../../../src/engine/metrics/record-buffer.ts";
import { createHistogram } from "../../../src/engine/metrics/windows.ts";
import { Random } from "../../../src/engine/sim/random.ts";

describe("RecordBuffer", () => {
  for (const digits of [2, 3] as const) {
    it(`matches direct recording at ${digits} digits`, () => {
      const random = new Random(digits);
      const direct = createHistogram(digits);
      const buffered = createHistogram(digits);
      const buffer = new RecordBuffer(digits);
      // Values from 0 to about 10^9, so every bucket size is exercised.
      for (let i = 0; i < 200_000; i++) {
        const value = Math.round(Math.exp(random.next() * 21));
        direct.recordValue(value);
        buffer.record(value, buffered);
      }
      buffer.flushInto(buffered);

      expect(buffered.totalCount).toBe(direct.totalCount);
      for (const percentile of [0.1, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100]) {
        expect(buffered.getValueAtPercentile(percentile)).toBe(
          direct.getValueAtPercentile(percentile),
        );
      }
      // The max is the top of its bucket: at most one bucket width above.
      expect(buffered.maxValue).toBeGreaterThanOrEqual(direct.maxValue);
      expect(buffered.maxValue).toBeLessThanOrEqual(direct.getValueAtPercentile(100));
    });
  }

  it("keeps small values exact", () => {
    const histogram = createHistogram(2);
    const buffer = new RecordBuffer(2);
    for (const value of [0, 1, 2, 255, 255]) buffer.record(value, histogram);
    expect(buffer.isEmpty).toBe(false);
    buffer.flushInto(histogram);

    expect(buffer.isEmpty).toBe(true);
    expect(histogram.totalCount).toBe(5);
    expect(histogram.getValueAtPercentile(50)).toBe(2);
    expect(histogram.maxValue).toBe(255);
  });

  it("sends values of 2^31 and above straight to the histogram", () => {
    const histogram = createHistogram(2);
    const buffer = new RecordBuffer(2);
    buffer.record(2 ** 31 + 5, histogram);
    expect(buffer.isEmpty).toBe(true);
    expect(histogram.totalCount).toBe(1);
  });

  it("drops counts on clear", () => {
    const histogram = createHistogram(3);
    const buffer = new RecordBuffer(3);
    buffer.record(5000, histogram);
    buffer.clear();
    buffer.flushInto(histogram);
    expect(histogram.totalCount).toBe(0);
  });
});
