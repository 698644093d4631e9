/**
 * The validated, unit-resolved scenario that the simulation runs. The YAML
 * parser in `src/formats/scenario.ts` produces it; code and tests may also
 * build one by hand. All times are virtual milliseconds and all rates are
 * per virtual second.
 */

/** A distribution of a number: service times in ms, or payload field values. */
export type Distribution =
  | { kind: "constant"; value: number }
  | { kind: "exponential"; mean: number }
  | { kind: "lognormal"; median: number; sigma: number }
  | { kind: "normal"; mean: number; stddev: number }
  | { kind: "uniform"; min: number; max: number }
  /** Piecewise uniform: a bucket is picked by weight, then a value uniformly inside it. */
  | { kind: "empirical"; buckets: EmpiricalBucket[] };

export interface EmpiricalBucket {
  /** Upper bound; the bucket starts at the previous bucket's bound (or 0). */
  upTo: number;
  weight: number;
}

/** A payload field: a numeric distribution or a weighted choice of strings. */
export type FieldSpec =
  | { kind: "number"; distribution: Distribution }
  | { kind: "choice"; values: string[]; weights: number[] };

export type ArrivalProcess =
  | { kind: "constant" }
  | { kind: "poisson" }
  /** Rate multiplied by `factor` for `durationMs` at the start of every `everyMs` period. */
  | { kind: "bursts"; everyMs: number; durationMs: number; factor: number }
  /**
   * Poisson arrivals whose rate follows a daily curve: the full rate at
   * `peakAtMs` into each period, falling to `trough` times the rate half a
   * period later along a cosine.
   */
  | { kind: "daily"; periodMs: number; peakAtMs: number; trough: number };

export interface KeySpec {
  /** Payload field the key is stored under, for example `deviceId`. */
  field: string;
  /** Number of distinct keys. */
  count: number;
  /** `zipf` makes low key indexes more frequent, with the given exponent. */
  distribution: "uniform" | "zipf";
  zipfExponent: number;
}

export interface ProducerSpec {
  name: string;
  /** Event type published. */
  emits: string;
  ratePerSecond: number;
  arrival: ArrivalProcess;
  keys: KeySpec;
  fields: Record<string, FieldSpec>;
}

export interface TopicSpec {
  name: string;
  carries: string[];
  /**
   * Partition count; an event's partition is its key index modulo this
   * count. Traces show it, and ordered services handle each partition one
   * delivery at a time.
   */
  partitions: number;
}

export interface RetryPolicy {
  /** Attempts in total, the first included; 1 means no retry. */
  maxAttempts: number;
  initialBackoffMs: number;
  multiplier: number;
  /** Relative spread: each backoff is scaled by a uniform factor in [1 - jitter, 1 + jitter]. */
  jitter: number;
  maxBackoffMs: number;
}

export interface EmitSpec {
  event: string;
  /** Chance that a successful delivery emits this event. */
  probability: number;
  /** Emit only while the chain would have at most this many emits; bounds emit cycles. */
  maxHops?: number;
}

export interface ServiceSpec {
  name: string;
  consumes: string[];
  concurrency: number;
  serviceTime: Distribution;
  /** Probability that one attempt fails. */
  failure: number;
  /** An attempt longer than this fails with a timeout after this long. */
  timeoutMs?: number;
  retry: RetryPolicy;
  deadLetter: string;
  emits: EmitSpec[];
  /** Deliveries beyond this many waiting are dead-lettered at once; unbounded when undefined. */
  maxQueue?: number;
  /**
   * Handle each partition of a consumed topic one delivery at a time, in
   * publish order, as a consumer group does. A delivery holds its partition
   * through its retries until it succeeds or is dead-lettered.
   */
  ordered?: boolean;
}

export interface AlertSettings {
  /** Dead-letter ratio at or above which an alert fires. */
  threshold: number;
  /** Dead-letter ratio at or below which a firing alert resolves. */
  recovery: number;
  /** Deliveries the window must contain before an alert may fire. */
  minVolume: number;
  window: "1m" | "5m" | "15m";
  /** Virtual time between evaluations. */
  evaluateEveryMs: number;
}

export interface TracingSettings {
  /** Fraction of produced events traced, 0..1. */
  sampleRate: number;
  /** Traces kept; the oldest is dropped when full. */
  capacity: number;
}

export interface MetricsSettings {
  /** HdrHistogram precision: 2 keeps values within 1%, 3 within 0.1%. */
  significantDigits: 2 | 3;
  /** Upper bounds of the heatmap buckets, ms, ascending. */
  heatmapBoundsMs: number[];
}

export interface Scenario {
  name: string;
  seed: number;
  /** Run length; the command line may override it. */
  durationMs: number;
  /** Virtual ms per wall ms; Infinity runs as fast as possible. */
  speed: number;
  producers: ProducerSpec[];
  topics: TopicSpec[];
  services: ServiceSpec[];
  alerts: AlertSettings;
  tracing: TracingSettings;
  metrics: MetricsSettings;
  /** Dead-lettered events kept for browsing and redrive; older ones are dropped. */
  deadLetterCapacity: number;
}

export const DEFAULT_HEATMAP_BOUNDS_MS = [
  0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 30_000,
];

export const DEFAULT_ALERTS: AlertSettings = {
  threshold: 0.001,
  recovery: 0.0005,
  minVolume: 200,
  window: "1m",
  evaluateEveryMs: 1000,
};

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 1,
  initialBackoffMs: 100,
  multiplier: 2,
  jitter: 0,
  maxBackoffMs: 60_000,
};

/** Route id of a topic->service subscription. */
export function routeId(topic: string, service: string): string {
  return `${topic}->${service}`;
}
