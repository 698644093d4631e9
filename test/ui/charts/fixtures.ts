import type {
  AlertState,
  ScopeStats,
  Snapshot,
  WindowStats,
} from "../../../src/engine/metrics/snapshot.ts";

export const BOUNDS_MS = [1, 10, 100];

export function windowStats(overrides: Partial<WindowStats> = {}): WindowStats {
  return {
    count: 0,
    ratePerSecond: 0,
    p50: 0,
    p90: 0,
    p99: 0,
    max: 0,
    failedAttempts: 0,
    deadLettered: 0,
    deadLetterRatio: 0,
    ...overrides,
  };
}

export function scope(
  id: string,
  kind: ScopeStats["kind"],
  oneMinute: Partial<WindowStats> = {},
  heatmap: { endMs: number; counts: number[] } = { endMs: 0, counts: [0, 0, 0, 0] },
): ScopeStats {
  return {
    id,
    kind,
    windows: {
      "1m": windowStats(oneMinute),
      "5m": windowStats({ count: oneMinute.count ? oneMinute.count * 5 : 0 }),
      "15m": windowStats(),
    },
    heatmap,
  };
}

export function snapshot(
  seq: number,
  nowMs: number,
  scopes: ScopeStats[],
  overrides: Partial<Snapshot> = {},
): Snapshot {
  return {
    seq,
    nowMs,
    state: "running",
    speed: 1,
    scenarioName: "orders",
    seed: 7,
    heatmapBoundsMs: BOUNDS_MS,
    scopes,
    services: [],
    alerts: [],
    deadLetterQueues: [],
    totals: { published: 0, delivered: 0, deadLettered: 0, retries: 0 },
    ...overrides,
  };
}

export function alert(overrides: Partial<AlertState> = {}): AlertState {
  return {
    id: "dlq:all",
    scopeId: "all",
    scopeKind: "all",
    state: "firing",
    firedAtMs: 60_000,
    value: 0.004,
    threshold: 0.001,
    recovery: 0.0005,
    window: "1m",
    ...overrides,
  };
}
