import { describe, expect, it } from "vitest";
import { MetricsRecorder } from "../../../src/engine/metrics/recorder.ts";
import {
  OUTCOME_ATTEMPT_FAILED,
  OUTCOME_DEAD_LETTERED,
  OUTCOME_DELIVERED,
  OUTCOME_FLOW,
  type OutcomeLayout,
} from "../../../src/engine/sim/outcome.ts";
import {
  DEFAULT_ALERTS,
  DEFAULT_HEATMAP_BOUNDS_MS,
} from "../../../src/engine/sim/scenario.ts";

/** Two routes into `billing` (a composite service) and one into `audit`. */
const layout: OutcomeLayout = {
  routes: [
    { id: "orders->billing", topic: "orders", service: "billing" },
    { id: "refunds->billing", topic: "refunds", service: "billing" },
    { id: "billed->audit", topic: "billed", service: "audit" },
  ],
  services: [
    { name: "billing", routes: [0, 1] },
    { name: "audit", routes: [2] },
  ],
  flows: [
    { from: "producer", source: "shop", topic: "orders" },
    { from: "service", source: "billing", topic: "billed" },
  ],
};

function recorder(minVolume = 10) {
  return new MetricsRecorder(layout, {
    metrics: { significantDigits: 3, heatmapBoundsMs: [1, 10, 100] },
    alerts: { ...DEFAULT_ALERTS, minVolume },
  });
}

describe("MetricsRecorder", () => {
  it("merges a service's routes and keeps routes apart", () => {
    const metrics = recorder();
    metrics.write(OUTCOME_DELIVERED, 100, 0, 2, 2);
    metrics.write(OUTCOME_DELIVERED, 200, 1, 8, 8);
    metrics.write(OUTCOME_ATTEMPT_FAILED, 250, 1, 1, 1);
    metrics.write(OUTCOME_DEAD_LETTERED, 300, 1, 50, 3);
    metrics.write(OUTCOME_DELIVERED, 400, 2, 4, 30);
    metrics.advanceTo(1000);

    expect(metrics.serviceStats(0, "1m", 1000)).toMatchObject({
      count: 3,
      p50: 2,
      // 8 ms is 8000 us, which three significant digits hold to within 4 us.
      max: expect.closeTo(8, 2),
      failedAttempts: 1,
      deadLettered: 1,
      deadLetterRatio: 1 / 3,
      ratePerSecond: 3,
    });
    expect(metrics.routeStats(0, "1m", 1000)).toMatchObject({
      count: 1,
      p99: 2,
      deadLettered: 0,
    });
    expect(metrics.serviceStats(1, "1m", 1000)).toMatchObject({
      count: 1,
      p50: expect.closeTo(4, 2),
    });
    expect(metrics.allStats("1m", 1000)).toMatchObject({
      count: 4,
      p50: expect.closeTo(4, 2),
      max: expect.closeTo(8, 2),
      deadLettered: 1,
    });
    expect(metrics.totals).toEqual({
      published: 0,
      delivered: 3,
      deadLettered: 1,
      retries: 1,
      failedAttempts: 1,
    });
  });

  it("reports end-to-end latency for emitted topics only", () => {
    const metrics = recorder();
    metrics.write(OUTCOME_DELIVERED, 100, 0, 2, 2);
    metrics.write(OUTCOME_DELIVERED, 400, 2, 4, 30);
    const scopes = metrics.scopeStats(1000, { takeHeatmap: false });
    const byId = new Map(scopes.map((scope) => [scope.id, scope]));

    expect(scopes.map((scope) => [scope.kind, scope.id])).toEqual([
      ["all", "all"],
      ["route", "orders->billing"],
      ["route", "refunds->billing"],
      ["route", "billed->audit"],
      ["service", "billing"],
      ["service", "audit"],
    ]);
    // A service with one route repeats the route's figures under its own name.
    expect(byId.get("audit")?.windows).toEqual(byId.get("billed->audit")?.windows);
    expect(byId.get("billed->audit")?.endToEnd?.["1m"]).toMatchObject({
      count: 1,
      p50: expect.closeTo(30, 1),
    });
    // Only producers publish to orders, so end to end equals the route latency.
    expect(byId.get("orders->billing")?.endToEnd?.["1m"]).toMatchObject({
      count: 1,
      p50: 2,
    });
    expect(byId.get("all")?.endToEnd).toBeUndefined();
    expect(byId.get("billing")?.endToEnd).toBeUndefined();
  });

  it("fills heatmap columns and restarts them on take", () => {
    const metrics = recorder();
    for (const latency of [0.5, 1, 5, 50, 500])
      metrics.write(OUTCOME_DELIVERED, 10, 0, latency, latency);
    const first = metrics.scopeStats(20, { takeHeatmap: true });
    // Bounds 1, 10, 100: (.., 1], (1, 10], (10, 100], above 100.
    expect(first[0].heatmap).toEqual({ endMs: 20, counts: [2, 1, 1, 1] });
    expect(first[4].heatmap.counts).toEqual([2, 1, 1, 1]);
    expect(metrics.scopeStats(30, { takeHeatmap: true })[0].heatmap.counts).toEqual([
      0, 0, 0, 0,
    ]);
  });

  it("counts flows per edge", () => {
    const metrics = recorder();
    for (let i = 0; i < 30; i++) metrics.write(OUTCOME_FLOW, i * 100, 0, 1, 0);
    metrics.write(OUTCOME_FLOW, 3000, 1, 2, 0);
    metrics.advanceTo(5000);
    expect(metrics.flowRate(0, "1m", 5000)).toEqual({ count: 30, ratePerSecond: 6 });
    expect(metrics.flowRate(1, "1m", 5000)).toEqual({ count: 2, ratePerSecond: 0.4 });
    expect(metrics.totals.published).toBe(32);
  });

  it("evaluates alerts only at boundaries the records have passed", () => {
    const metrics = recorder(5);
    for (let i = 0; i < 10; i++) metrics.write(OUTCOME_DEAD_LETTERED, 500 + i, 2, 1, 1);
    metrics.advanceTo(999);
    expect(metrics.alertStates()).toEqual([]);
    metrics.write(OUTCOME_DELIVERED, 1000, 2, 1, 1);
    const [all, route] = metrics.alertStates();
    expect(all).toMatchObject({
      id: "dlq:all",
      state: "firing",
      firedAtMs: 1000,
      value: 1,
    });
    expect(route).toMatchObject({
      id: "dlq:billed->audit",
      scopeKind: "route",
      threshold: 0.001,
      recovery: 0.0005,
    });
    expect(
      metrics.alertStates().some((alert) => alert.scopeId === "orders->billing"),
    ).toBe(false);
  });

  it("uses the default heatmap bounds in ms", () => {
    expect(DEFAULT_HEATMAP_BOUNDS_MS[0]).toBe(0.5);
    expect([...DEFAULT_HEATMAP_BOUNDS_MS].sort((a, b) => a - b)).toEqual(
      DEFAULT_HEATMAP_BOUNDS_MS,
    );
  });
});
