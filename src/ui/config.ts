/**
 * Dashboard settings. Defaults live here; the query string may override the
 * refresh interval (`?refresh=10` for ten seconds), which demos and browser
 * tests use to avoid waiting for the default 30 seconds.
 */
export interface DashboardConfig {
  /** How often the topology graph is read again, ms. */
  topologyRefreshMs: number;
  /** How often a metrics snapshot is read, ms. */
  snapshotIntervalMs: number;
  /** Snapshots kept for the charts; older ones are dropped. */
  chartHistoryLength: number;
  health: {
    /** Dead-letter ratio at or above which a node or edge is degraded (0.1%). */
    degradedDeadLetterRatio: number;
    /** Dead-letter ratio at or above which it is failing (10%). */
    failingDeadLetterRatio: number;
    /** p99 latency objective, ms: above it a node or edge is degraded. */
    p99ObjectiveMs: number;
  };
}

export const DEFAULT_CONFIG: DashboardConfig = {
  topologyRefreshMs: 30_000,
  snapshotIntervalMs: 1_000,
  chartHistoryLength: 900,
  health: {
    degradedDeadLetterRatio: 0.001,
    failingDeadLetterRatio: 0.1,
    p99ObjectiveMs: 500,
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
