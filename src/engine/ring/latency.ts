import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
} from "hdr-histogram-js";

/**
 * Publish-to-handle latency histograms (hdr-histogram-js). Values are
 * nanoseconds, kept to 3 significant digits (0.1% error bound) from 1 ns to
 * 60 s; longer values are recorded as 60 s. Each processor owns one in its
 * own thread; to combine them, encode, send over the control channel,
 * decode and `add`.
 */

/** Largest value a latency histogram holds, in nanoseconds (60 s). */
export const MAX_LATENCY_NANOS = 60_000_000_000;

/** A new, empty latency histogram. Allocates about 110 KB. */
export function createLatencyHistogram(): Histogram {
  return build({
    bitBucketSize: 32,
    autoResize: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: MAX_LATENCY_NANOS,
    numberOfSignificantValueDigits: 3,
  });
}

/**
 * Records one latency. Negative values (clock skew between threads) count
 * as 0 ns, values past 60 s as 60 s. Allocation-free; about 130 ns in Node 20,
 * which is why the ring samples one event in `latencySampleEvery`.
 */
export function recordLatencyNanos(histogram: Histogram, nanos: number): void {
  let value = 0;
  if (nanos >= MAX_LATENCY_NANOS) value = MAX_LATENCY_NANOS;
  else if (nanos > 0) value = Math.round(nanos);
  histogram.recordValue(value);
}

/** Percentiles of a latency histogram, in microseconds. */
export interface LatencySummary {
  count: number;
  p50Micros: number;
  p90Micros: number;
  p99Micros: number;
  p999Micros: number;
  maxMicros: number;
}

/** Summarizes a latency histogram in microseconds; all zero when empty. */
export function summarizeLatency(histogram: Histogram): LatencySummary {
  const micros = (percentile: number) =>
    histogram.getValueAtPercentile(percentile) / 1000;
  return {
    count: histogram.totalCount,
    p50Micros: micros(50),
    p90Micros: micros(90),
    p99Micros: micros(99),
    p999Micros: micros(99.9),
    maxMicros: histogram.maxValue / 1000,
  };
}

/** A histogram as a compact string, to post to another thread. Allocates. */
export function encodeLatency(histogram: Histogram): string {
  return encodeIntoCompressedBase64(histogram);
}

/** The histogram back from `encodeLatency`. Allocates. */
export function decodeLatency(encoded: string): Histogram {
  return decodeFromCompressedBase64(encoded);
}
