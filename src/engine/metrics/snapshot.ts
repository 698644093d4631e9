/**
 * The small, periodic summary (about one a second) that the engine sends to
 * the UI and the command line. Charts, tables and alerts read only this,
 * never raw events. Times are virtual-clock milliseconds since the run began;
 * latencies are milliseconds.
 */

export type WindowName = "1m" | "5m" | "15m";

export const WINDOW_MS: Record<WindowName, number> = {
  "1m": 60_000,
  "5m": 300_000,
  "15m": 900_000,
};

/** Figures of one scope over one sliding window. */
export interface WindowStats {
  /** Deliveries completed in the window (successful or dead-lettered). */
  count: number;
  /** count divided by the part of the window that has elapsed, per virtual second. */
  ratePerSecond: number;
  /** p50 to max describe successful deliveries; dead-lettered ones count only in `count`. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Failed attempts in the window, retried or not. */
  failedAttempts: number;
  deadLettered: number;
  /** deadLettered / count, 0 when count is 0. */
  deadLetterRatio: number;
}

/**
 * One column of the latency heatmap: deliveries completed since the previous
 * snapshot, counted into the fixed buckets of `Snapshot.heatmapBoundsMs`.
 */
export interface HeatmapColumn {
  endMs: number;
  /** counts[i] covers (bounds[i-1], bounds[i]]; the last entry counts values above the last bound. */
  counts: number[];
}

export interface ScopeStats {
  /** "all", a route id (`topic->service`) or a service name. */
  id: string;
  kind: "all" | "route" | "service";
  windows: Record<WindowName, WindowStats>;
  heatmap: HeatmapColumn;
  /**
   * Routes only: latency from the first publish of the event chain (the
   * producer's event) to this delivery's completion, successful deliveries.
   */
  endToEnd?: Record<WindowName, LatencySummary>;
}

/** Latency figures of successful deliveries over one window, ms. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface ServiceState {
  name: string;
  /** Deliveries waiting for a worker. */
  queueLength: number;
  /** Deliveries being handled now. */
  inFlight: number;
  /** Published to this service's topic but not yet completed: queued, in flight or waiting to retry. */
  lag: number;
  concurrency: number;
  /** Faults active now, for display. */
  faults: FaultState[];
}

export type FaultKind = "slow" | "errors" | "pause" | "crash";

export interface FaultState {
  service: string;
  kind: FaultKind;
  /** Service-time multiplier for "slow", failure probability for "errors". */
  value?: number;
  startedAtMs: number;
  /** Set for faults that end by themselves ("crash" for a duration). */
  endsAtMs?: number;
}

export interface AlertState {
  /** Stable id: `dlq:${scopeId}`. */
  id: string;
  scopeId: string;
  scopeKind: "all" | "route" | "service";
  state: "firing" | "resolved";
  firedAtMs: number;
  resolvedAtMs?: number;
  /** Dead-letter ratio when the alert last changed state. */
  value: number;
  threshold: number;
  recovery: number;
  window: WindowName;
}

export interface DeadLetterQueueState {
  name: string;
  /** Events in the queue now, after redrives. */
  size: number;
  /** Dead-lettered since the run began. */
  total: number;
  redriven: number;
  /** Dropped because the store was full; total = size + redriven + evicted. */
  evicted?: number;
}

/** Wall-clock latency of the engine itself, in microseconds. */
export interface EngineLatency {
  /** Records sampled since the run began. */
  count: number;
  p50Micros: number;
  p99Micros: number;
  maxMicros: number;
}

/** One alert state change, oldest first in `Snapshot.alertLog`. */
export interface AlertTransition {
  id: string;
  scopeId: string;
  state: "firing" | "resolved";
  atMs: number;
  value: number;
  /** Deliveries in the alert window when the change happened. */
  volume: number;
}

export interface Snapshot {
  /** Increases by one with every snapshot of a run. */
  seq: number;
  nowMs: number;
  state: "idle" | "running" | "paused" | "finished";
  /** Virtual milliseconds per wall millisecond; Infinity when as fast as possible. */
  speed: number;
  scenarioName: string;
  seed: number;
  /** Upper bounds of the heatmap buckets, ms, ascending. */
  heatmapBoundsMs: number[];
  scopes: ScopeStats[];
  services: ServiceState[];
  alerts: AlertState[];
  /** The latest alert state changes (at most 500), oldest first. */
  alertLog?: AlertTransition[];
  deadLetterQueues: DeadLetterQueueState[];
  totals: {
    published: number;
    delivered: number;
    deadLettered: number;
    retries: number;
    failedAttempts?: number;
  };
  /**
   * Wall-clock publish-to-handle time of outcome records in the engine's
   * ring, sampled; not simulated latency. Undefined without a ring.
   */
  engineLatency?: EngineLatency;
  /** Virtual time the run stops at; Infinity when it runs until paused. */
  durationMs?: number;
}
