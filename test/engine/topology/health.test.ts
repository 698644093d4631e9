import { describe, expect, it } from "vitest";
import {
  assessHealth,
  defaultHealthConfig,
  gradeHealth,
  resolveHealthConfig,
  worseHealth,
} from "../../../src/engine/topology/health.ts";
import type {
  GraphEdge,
  GraphMetrics,
  GraphNode,
} from "../../../src/engine/topology/model.ts";

function service(metrics: GraphMetrics, name = "orders"): GraphNode {
  return { id: `service:${name}`, kind: "service", name, metrics };
}

function route(metrics: GraphMetrics): GraphEdge {
  return {
    id: "topic:orders->service:orders",
    source: "topic:orders",
    target: "service:orders",
    kind: "subscribe",
    metrics,
  };
}

function deadLetterQueue(metrics: GraphMetrics): GraphNode {
  return {
    id: "deadLetterQueue:orders.dlq",
    kind: "deadLetterQueue",
    name: "orders.dlq",
    metrics,
  };
}

describe("dead-letter queues", () => {
  it("grade by the ratio of their feeds", () => {
    const figures = { count: 10, ratePerSecond: 10 / 21, queueLength: 10 };
    expect(gradeHealth(deadLetterQueue({ ...figures, deadLetterRatio: 10 / 209 }))).toBe(
      "degraded",
    );
    expect(gradeHealth(deadLetterQueue({ ...figures, deadLetterRatio: 0.5 }))).toBe(
      "failing",
    );
    expect(gradeHealth(deadLetterQueue({ ...figures, deadLetterRatio: 0.0005 }))).toBe(
      "ok",
    );
  });

  it("are ok when nothing arrived in the window", () => {
    const idle = { count: 0, ratePerSecond: 0, deadLetterRatio: 0, queueLength: 76_000 };
    expect(gradeHealth(deadLetterQueue(idle))).toBe("ok");
  });
});

describe("dead-letter thresholds", () => {
  it("grades at the exact levels", () => {
    expect(assessHealth(route({ deadLetterRatio: 0.000999 })).health).toBe("ok");
    expect(assessHealth(route({ deadLetterRatio: 0.001 })).health).toBe("degraded");
    expect(assessHealth(route({ deadLetterRatio: 0.0999 })).health).toBe("degraded");
    expect(assessHealth(route({ deadLetterRatio: 0.1 })).health).toBe("failing");
  });

  it("explains the grade", () => {
    expect(assessHealth(route({ deadLetterRatio: 0.005 })).reasons).toEqual([
      "dead-letter ratio 0.5% at or above 0.1%",
    ]);
  });

  it("is unknown without metrics", () => {
    expect(assessHealth(route({ ratePerSecond: 10 }))).toEqual({
      health: "unknown",
      reasons: [],
    });
  });
});

describe("latency objectives", () => {
  const config = resolveHealthConfig({
    latency: { p99Ms: 100 },
    latencyByKind: { subscribe: { p99Ms: 50, failingFactor: 4 } },
    latencyById: { "service:payments": { p99Ms: 1000 } },
  });

  it("applies the default objective", () => {
    expect(assessHealth(service({ p99Ms: 100 }), config).health).toBe("ok");
    expect(assessHealth(service({ p99Ms: 101 }), config).health).toBe("degraded");
    expect(assessHealth(service({ p99Ms: 201 }), config)).toEqual({
      health: "failing",
      reasons: ["p99 201 ms above 200 ms"],
    });
  });

  it("prefers the kind objective", () => {
    expect(assessHealth(route({ p99Ms: 60 }), config).health).toBe("degraded");
    expect(assessHealth(route({ p99Ms: 200 }), config).health).toBe("degraded");
    expect(assessHealth(route({ p99Ms: 201 }), config).health).toBe("failing");
  });

  it("prefers the id objective", () => {
    expect(assessHealth(service({ p99Ms: 900 }, "payments"), config).health).toBe("ok");
  });

  it("skips latency without an objective", () => {
    expect(assessHealth(service({ p99Ms: 1e9 }), defaultHealthConfig).health).toBe(
      "unknown",
    );
  });
});

describe("combined rules", () => {
  it("takes the worst rule and lists it first", () => {
    const config = resolveHealthConfig({ latency: { p99Ms: 10 } });
    const verdict = assessHealth(service({ deadLetterRatio: 0.002, p99Ms: 50 }), config);
    expect(verdict.health).toBe("failing");
    expect(verdict.reasons).toEqual([
      "p99 50 ms above 20 ms",
      "dead-letter ratio 0.2% at or above 0.1%",
    ]);
  });

  it("grades the error ratio", () => {
    expect(assessHealth(service({ errorRatio: 0.01 })).health).toBe("degraded");
    expect(assessHealth(service({ errorRatio: 0.25 })).health).toBe("failing");
  });

  it("orders health levels", () => {
    expect(worseHealth("ok", "unknown")).toBe("ok");
    expect(worseHealth("degraded", "ok")).toBe("degraded");
    expect(worseHealth("degraded", "failing")).toBe("failing");
  });
});

describe("configuration", () => {
  it("fills missing levels from the defaults", () => {
    const config = resolveHealthConfig({ deadLetterRatio: { failing: 0.5 } });
    expect(config.deadLetterRatio).toEqual({ degraded: 0.001, failing: 0.5 });
    expect(config.latency).toBeNull();
  });

  it("rejects a degraded level above failing", () => {
    expect(() => resolveHealthConfig({ deadLetterRatio: { degraded: 0.2 } })).toThrow(
      "deadLetterRatio.degraded (0.2) must not be above deadLetterRatio.failing (0.1).",
    );
  });

  it("rejects a negative level", () => {
    expect(() => resolveHealthConfig({ errorRatio: { degraded: -1 } })).toThrow(
      "errorRatio.degraded must be a ratio of 0 or more, got -1.",
    );
  });

  it("rejects a bad objective", () => {
    expect(() => resolveHealthConfig({ latency: { p99Ms: 0 } })).toThrow(
      "latency.p99Ms must be a positive number of ms, got 0.",
    );
    expect(() =>
      resolveHealthConfig({
        latencyById: { "service:a": { p99Ms: 5, failingFactor: 0.5 } },
      }),
    ).toThrow(
      'latencyById["service:a"].failingFactor must be a number of 1 or more, got 0.5.',
    );
  });
});

describe("gradeHealth", () => {
  it("matches assessHealth on every rule", () => {
    const config = resolveHealthConfig({ latency: { p99Ms: 100 } });
    const cases: GraphMetrics[] = [
      {},
      { ratePerSecond: 5 },
      { deadLetterRatio: 0.0005 },
      { deadLetterRatio: 0.001 },
      { deadLetterRatio: 0.5 },
      { errorRatio: 0.02 },
      { errorRatio: 0.3, deadLetterRatio: 0.002 },
      { p99Ms: 100 },
      { p99Ms: 150 },
      { p99Ms: 250, deadLetterRatio: 0.002 },
    ];
    for (const metrics of cases) {
      expect(gradeHealth(service(metrics), config)).toBe(
        assessHealth(service(metrics), config).health,
      );
    }
  });
});
