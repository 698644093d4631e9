/**
 * Pure functions that turn a bounded history of metrics snapshots into chart
 * series, and format the numbers the charts show. They read snapshots only,
 * never raw events, and allocate only their results, so a chart can redo them
 * on every snapshot.
 */

import type {
  ScopeStats,
  Snapshot,
  WindowName,
  WindowStats,
} from "../../engine/metrics/snapshot.ts";

export const WINDOW_NAMES: readonly WindowName[] = ["1m", "5m", "15m"];

/** Dead-letter ratio at which an alert fires when the snapshot names no threshold. */
export const DEFAULT_DEAD_LETTER_THRESHOLD = 0.001;

/** One point of the latency chart: the window's figures as of `tMs`. */
export interface LatencyPoint {
  tMs: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Deliveries in the window. Percentiles mean nothing when it is 0. */
  count: number;
}

export interface ThroughputPoint {
  tMs: number;
  /** Deliveries per virtual second over the window. */
  ratePerSecond: number;
  count: number;
}

export interface DeadLetterPoint {
  tMs: number;
  /** deadLettered / count, 0..1. */
  ratio: number;
  deadLettered: number;
  count: number;
}

export interface HeatmapCell {
  startMs: number;
  endMs: number;
  /** counts[i] covers (boundsMs[i-1], boundsMs[i]], and the last entry counts values above the last bound. */
  counts: number[];
}

export interface HeatmapMatrix {
  boundsMs: number[];
  columns: HeatmapCell[];
  /** Largest count of any cell, 0 when the matrix is empty. */
  maxCount: number;
}

export interface ScopeOption {
  id: string;
  kind: ScopeStats["kind"];
  label: string;
}

/** Width given to a heatmap column that has no neighbour to measure from. */
const DEFAULT_COLUMN_MS = 1000;

export function findScope(snapshot: Snapshot, scopeId: string): ScopeStats | undefined {
  return snapshot.scopes.find((scope) => scope.id === scopeId);
}

/**
 * Collects, for every snapshot that has the scope, that scope's figures over
 * one window. Snapshots without the scope are skipped.
 */
function collectWindow<P>(
  history: readonly Snapshot[],
  scopeId: string,
  window: WindowName,
  toPoint: (tMs: number, stats: WindowStats) => P,
): P[] {
  const points: P[] = [];
  for (const snapshot of history) {
    const scope = findScope(snapshot, scopeId);
    if (scope) {
      points.push(toPoint(snapshot.nowMs, scope.windows[window]));
    }
  }
  return points;
}

export function latencySeries(
  history: readonly Snapshot[],
  scopeId: string,
  window: WindowName,
): LatencyPoint[] {
  return collectWindow(history, scopeId, window, (tMs, stats) => ({
    tMs,
    p50: stats.p50,
    p90: stats.p90,
    p99: stats.p99,
    max: stats.max,
    count: stats.count,
  }));
}

/**
 * Collects end-to-end latency (from the first publish of the event's chain
 * to this delivery's completion) of a route. Snapshots whose scope carries no
 * end-to-end figures, as services and "all" do not, are skipped.
 */
export function endToEndSeries(
  history: readonly Snapshot[],
  scopeId: string,
  window: WindowName,
): LatencyPoint[] {
  const points: LatencyPoint[] = [];
  for (const snapshot of history) {
    const summary = findScope(snapshot, scopeId)?.endToEnd?.[window];
    if (summary) {
      points.push({
        tMs: snapshot.nowMs,
        p50: summary.p50,
        p90: summary.p90,
        p99: summary.p99,
        max: summary.max,
        count: summary.count,
      });
    }
  }
  return points;
}

export function throughputSeries(
  history: readonly Snapshot[],
  scopeId: string,
  window: WindowName,
): ThroughputPoint[] {
  return collectWindow(history, scopeId, window, (tMs, stats) => ({
    tMs,
    ratePerSecond: stats.ratePerSecond,
    count: stats.count,
  }));
}

export function deadLetterSeries(
  history: readonly Snapshot[],
  scopeId: string,
  window: WindowName,
): DeadLetterPoint[] {
  return collectWindow(history, scopeId, window, (tMs, stats) => ({
    tMs,
    ratio: stats.deadLetterRatio,
    deadLettered: stats.deadLettered,
    count: stats.count,
  }));
}

/** Returns the largest p99 among points with deliveries, 0 when there is none. */
export function maxP99(points: readonly LatencyPoint[]): number {
  let max = 0;
  for (const point of points) {
    if (point.count > 0 && point.p99 > max) {
      max = point.p99;
    }
  }
  return max;
}

/**
 * Returns the smallest positive p50, p90 or p99 among points with
 * deliveries, the bottom of a logarithmic latency axis, or 0 when there is none.
 */
export function minPositiveLatency(points: readonly LatencyPoint[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (const point of points) {
    if (point.count === 0) {
      continue;
    }
    for (const value of [point.p50, point.p90, point.p99]) {
      if (value > 0 && value < min) {
        min = value;
      }
    }
  }
  return Number.isFinite(min) ? min : 0;
}

export function maxRate(points: readonly ThroughputPoint[]): number {
  let max = 0;
  for (const point of points) {
    if (point.ratePerSecond > max) {
      max = point.ratePerSecond;
    }
  }
  return max;
}

/**
 * Returns the top of the dead-letter ratio axis: the largest ratio or twice
 * the threshold, whichever is higher, so the threshold line is always in view.
 */
export function deadLetterAxisMax(
  points: readonly DeadLetterPoint[],
  threshold: number,
): number {
  let max = threshold * 2;
  for (const point of points) {
    if (point.ratio > max) {
      max = point.ratio;
    }
  }
  return max;
}

/**
 * Returns the alert threshold in force for a scope: the one on the scope's
 * alert when there is one, else the first alert's, else 0.1%.
 */
export function deadLetterThreshold(
  snapshot: Snapshot | undefined,
  scopeId: string,
): number {
  if (!snapshot || snapshot.alerts.length === 0) {
    return DEFAULT_DEAD_LETTER_THRESHOLD;
  }
  const own = snapshot.alerts.find((alert) => alert.scopeId === scopeId);
  return (own ?? snapshot.alerts[0]).threshold;
}

function sameBounds(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) {
    return true;
  }
  if (a.length !== b.length) {
    return false;
  }
  return a.every((bound, i) => bound === b[i]);
}

/**
 * Builds the heatmap of one scope from the snapshots' per-interval bucket
 * counts. Buckets follow the newest snapshot's bounds, so older snapshots
 * with other bounds, and columns of the wrong length, are left out. A column
 * starts where the previous one ended. The first takes the width of the
 * second, or one second when it is alone.
 */
export function heatmapMatrix(
  history: readonly Snapshot[],
  scopeId: string,
): HeatmapMatrix {
  const latest = history.at(-1);
  if (!latest) {
    return { boundsMs: [], columns: [], maxCount: 0 };
  }
  const boundsMs = latest.heatmapBoundsMs;
  const columns: HeatmapCell[] = [];
  let maxCount = 0;

  // Collect the columns that fit the newest bounds.
  for (const snapshot of history) {
    if (!sameBounds(snapshot.heatmapBoundsMs, boundsMs)) {
      continue;
    }
    const scope = findScope(snapshot, scopeId);
    if (!scope || scope.heatmap.counts.length !== boundsMs.length + 1) {
      continue;
    }
    const endMs = scope.heatmap.endMs;
    const previous = columns.at(-1);
    columns.push({
      startMs: previous ? previous.endMs : endMs,
      endMs,
      counts: scope.heatmap.counts,
    });
    for (const count of scope.heatmap.counts) {
      if (count > maxCount) {
        maxCount = count;
      }
    }
  }

  // Give the first column a width.
  const first = columns[0];
  if (first) {
    const second = columns[1];
    const widthMs = second ? second.endMs - first.endMs : DEFAULT_COLUMN_MS;
    first.startMs = first.endMs - (widthMs > 0 ? widthMs : DEFAULT_COLUMN_MS);
  }
  return { boundsMs, columns, maxCount };
}

/**
 * Returns the index of the heatmap column whose interval (startMs, endMs]
 * contains `tMs`, or -1 when no column does. Columns must be sorted by time.
 */
export function columnIndexAt(columns: readonly HeatmapCell[], tMs: number): number {
  let low = 0;
  let high = columns.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (columns[middle].endMs < tMs) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  const column = columns[low];
  return column && tMs > column.startMs ? low : -1;
}

/** Returns the figures of each window for one scope, in the order 1m, 5m, 15m. */
export function windowSummary(
  snapshot: Snapshot,
  scopeId: string,
): { window: WindowName; stats: WindowStats }[] {
  const scope = findScope(snapshot, scopeId);
  if (!scope) {
    return [];
  }
  return WINDOW_NAMES.map((window) => ({ window, stats: scope.windows[window] }));
}

const SCOPE_KIND_ORDER: Record<ScopeStats["kind"], number> = {
  all: 0,
  service: 1,
  route: 2,
};

/** Lists a snapshot's scopes for a picker: everything first, then services, then routes, each by name. */
export function scopeOptions(snapshot: Snapshot | undefined): ScopeOption[] {
  if (!snapshot) {
    return [];
  }
  const options = snapshot.scopes.map((scope) => ({
    id: scope.id,
    kind: scope.kind,
    label: scopeLabel(scope.id, scope.kind),
  }));
  options.sort(
    (a, b) =>
      SCOPE_KIND_ORDER[a.kind] - SCOPE_KIND_ORDER[b.kind] || a.id.localeCompare(b.id),
  );
  return options;
}

export function scopeLabel(scopeId: string, kind: ScopeStats["kind"]): string {
  if (kind === "all") {
    return "All routes";
  }
  return `${kind === "route" ? "Route" : "Service"} ${scopeId}`;
}

/**
 * Returns the index of the point whose time is nearest to `tMs`, preferring
 * the earlier point on a tie, or -1 for no points. Points must be sorted by time.
 */
export function nearestIndex(points: readonly { tMs: number }[], tMs: number): number {
  if (points.length === 0) {
    return -1;
  }
  let low = 0;
  let high = points.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (points[middle].tMs < tMs) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  if (low > 0 && tMs - points[low - 1].tMs <= points[low].tMs - tMs) {
    return low - 1;
  }
  return low;
}

export type LatencyUnit = "µs" | "ms" | "s";

const UNIT_PER_MS: Record<LatencyUnit, number> = { µs: 1000, ms: 1, s: 0.001 };

/**
 * Chooses the unit for latencies up to `maxMs`: µs below 1 ms, ms below
 * 1 s, s from 1 s. Zero, negative and non-finite values get ms.
 */
export function chooseLatencyUnit(maxMs: number): LatencyUnit {
  if (!Number.isFinite(maxMs) || maxMs <= 0) {
    return "ms";
  }
  if (maxMs < 1) {
    return "µs";
  }
  return maxMs < 1000 ? "ms" : "s";
}

export function toLatencyUnit(ms: number, unit: LatencyUnit): number {
  return ms * UNIT_PER_MS[unit];
}

/**
 * Formats a number with up to `digits` significant digits and no trailing
 * zeros. Whole parts longer than `digits` are kept whole: 12345 stays 12345.
 */
export function formatSignificant(value: number, digits = 3): string {
  if (!Number.isFinite(value)) {
    return String(value);
  }
  if (Math.abs(value) >= 10 ** digits) {
    return Math.round(value).toString();
  }
  // Number() drops the trailing zeros that toPrecision keeps.
  return Number(value.toPrecision(digits)).toString();
}

// One shared formatter, because toLocaleString builds a new one on every call.
const COUNT_FORMAT = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** Formats a count with thousands separators: 12345 -> "12,345". */
export function formatCount(count: number): string {
  return COUNT_FORMAT.format(count);
}

/** Formats a latency in the unit its magnitude calls for, or in `unit`: 0.25 -> "250 µs". */
export function formatLatency(
  ms: number,
  unit: LatencyUnit = chooseLatencyUnit(ms),
): string {
  return `${formatSignificant(toLatencyUnit(ms, unit))} ${unit}`;
}

/** Formats a 0..1 ratio as a percentage: 0.001 -> "0.1%". */
export function formatPercent(ratio: number): string {
  return `${formatSignificant(ratio * 100)}%`;
}

/** Formats a per-second rate, with k and M above a thousand and a million: 12345 -> "12.3k/s". */
export function formatRate(perSecond: number): string {
  if (perSecond >= 1_000_000) {
    return `${formatSignificant(perSecond / 1_000_000)}M/s`;
  }
  if (perSecond >= 1000) {
    return `${formatSignificant(perSecond / 1000)}k/s`;
  }
  return `${formatSignificant(perSecond)}/s`;
}

function pad2(value: number): string {
  return value.toString().padStart(2, "0");
}

/**
 * Formats virtual time since the run began as m:ss, or h:mm:ss from an hour;
 * with `withMillis`, milliseconds follow: 65250 -> "1:05.250".
 */
export function formatClock(ms: number, withMillis = false): string {
  const sign = ms < 0 ? "-" : "";
  const totalMs = Math.round(Math.abs(ms));
  const hours = Math.floor(totalMs / 3_600_000);
  const minutes = Math.floor(totalMs / 60_000) % 60;
  const seconds = Math.floor(totalMs / 1000) % 60;
  const millis = totalMs % 1000;
  const head = hours > 0 ? `${hours}:${pad2(minutes)}` : `${minutes}`;
  const tail = withMillis ? `.${millis.toString().padStart(3, "0")}` : "";
  return `${sign}${head}:${pad2(seconds)}${tail}`;
}

/** Tick steps that read well on a clock, from one second to a day, in ms. */
const CLOCK_STEPS_MS = [
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
  1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
];

/**
 * Picks time-axis ticks at whole clock steps (1 s, 5 s, 30 s, 1 m, ...). The
 * step is the smallest that spans the domain in at most `maxCount` steps, so
 * `formatClock` never prints one label twice. Beyond a day, steps are 1, 2
 * or 5 times a power of ten days.
 */
export function clockTicks(startMs: number, endMs: number, maxCount: number): number[] {
  const spanMs = endMs - startMs;
  if (!Number.isFinite(spanMs) || spanMs < 0 || !(maxCount >= 1)) return [];

  let stepMs = CLOCK_STEPS_MS.find((step) => spanMs / step <= maxCount);
  if (stepMs === undefined) {
    const days = spanMs / 86_400_000 / maxCount;
    const power = 10 ** Math.floor(Math.log10(days));
    const multiple = [1, 2, 5, 10].find((factor) => factor * power >= days) ?? 10;
    stepMs = multiple * power * 86_400_000;
  }

  const ticks: number[] = [];
  for (let tick = Math.ceil(startMs / stepMs) * stepMs; tick <= endMs; tick += stepMs) {
    ticks.push(tick);
  }
  return ticks;
}

/** Formats the upper bound of heatmap bucket `index`: "≤ 5 ms", and "> 2 s" for the overflow bucket. */
export function bucketLabel(boundsMs: readonly number[], index: number): string {
  if (index >= boundsMs.length) {
    const last = boundsMs.at(-1);
    return last === undefined ? "all" : `> ${formatLatency(last)}`;
  }
  return `≤ ${formatLatency(boundsMs[index])}`;
}
