/**
 * Dashboard settings. Defaults live here; the query string may override the
 * refresh interval (`?refresh=10` for ten seconds), which demos and browser
 * tests use to avoid waiting for the default 30 seconds.
 */
import type { HealthInput } from "../engine/topology/health.ts";

export interface DashboardConfig {
  /** How often the topology graph is read again, ms. */
  topologyRefreshMs: number;
  /** How often a metrics snapshot is read, ms. */
  snapshotIntervalMs: number;
  /** Snapshots kept for the charts; older ones are dropped. */
  chartHistoryLength: number;
  /** Thresholds that colour the topology: degraded and failing levels, and the p99 objective. */
  health: HealthInput;
}

export const DEFAULT_CONFIG: DashboardConfig = {
  topologyRefreshMs: 30_000,
  snapshotIntervalMs: 1_000,
  chartHistoryLength: 900,
  health: {
    deadLetterRatio: { degraded: 0.001, failing: 0.1 },
    errorRatio: { degraded: 0.01, failing: 0.25 },
    // Above 1 s at p99 a node is degraded, and above 2 s (twice) failing.
    latency: { p99Ms: 1000, failingFactor: 2 },
  },
};

/** Reads the overrides the query string allows; out-of-range values are ignored. */
export function loadConfig(search: string): DashboardConfig {
  const params = new URLSearchParams(search);
  const refreshSeconds = Number(params.get("refresh"));
  const topologyRefreshMs =
    Number.isFinite(refreshSeconds) && refreshSeconds >= 1 && refreshSeconds <= 3600
      ? refreshSeconds * 1000
      : DEFAULT_CONFIG.topologyRefreshMs;
  return { ...DEFAULT_CONFIG, topologyRefreshMs };
}

export const config: DashboardConfig = loadConfig(
  typeof location === "undefined" ? "" : location.search,
);
