import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../src/engine/sim/controller.ts";
import {
  DEFAULT_ALERTS,
  DEFAULT_HEATMAP_BOUNDS_MS,
  DEFAULT_RETRY,
  type Scenario,
} from "../../../src/engine/sim/scenario.ts";
import { assessHealth } from "../../../src/engine/topology/health.ts";

/** shop -> orders -> (billing, audit); billing emits Billed -> billed -> audit. */
function chain(): Scenario {
  const service = (
    name: string,
    consumes: string[],
    emits: Scenario["services"][number]["emits"],
  ) => ({
    name,
    consumes,
    concurrency: 2,
    serviceTime: { kind: "constant" as const, value: 2 },
    failure: 0,
    retry: { ...DEFAULT_RETRY },
    deadLetter: `${name}.dlq`,
    emits,
  });
  return {
    name: "chain",
    seed: 1,
    durationMs: 30_000,
    speed: 1,
    producers: [
      {
        name: "shop",
        emits: "Ordered",
        ratePerSecond: 10,
        arrival: { kind: "constant" },
        keys: { field: "userId", count: 3, distribution: "uniform", zipfExponent: 1 },
        fields: {
          amount: { kind: "number", distribution: { kind: "constant", value: 12.5 } },
        },
      },
    ],
    topics: [
      { name: "orders", carries: ["Ordered"], partitions: 1 },
      { name: "billed", carries: ["Billed"], partitions: 1 },
    ],
    services: [
      service("billing", ["orders"], [{ event: "Billed", probability: 1 }]),
      service("audit", ["orders", "billed"], []),
    ],
    alerts: { ...DEFAULT_ALERTS },
    tracing: { sampleRate: 1, capacity: 100 },
    metrics: { significantDigits: 2, heatmapBoundsMs: DEFAULT_HEATMAP_BOUNDS_MS },
    deadLetterCapacity: 10,
  };
}

describe("topology", () => {
  it("lists producers, topics, services and queues with their edges", () => {
    const sim = createSimulation(chain());
    sim.step(20_000);
    sim.injectFault("billing", { kind: "errors", value: 1 });
    sim.step(21_000);
    const graph = sim.topology("1m");

    expect(graph.asOfMs).toBe(21_000);
    expect(graph.nodes.map((node) => node.id)).toEqual([
      "producer:shop",
      "topic:orders",
      "topic:billed",
      "service:billing",
      "service:audit",
      "deadLetterQueue:audit.dlq",
      "deadLetterQueue:billing.dlq",
    ]);
    expect(graph.edges.map((edge) => [edge.id, edge.kind])).toEqual([
      ["producer:shop->topic:orders", "publish"],
      ["service:billing->topic:billed", "emit"],
      ["service:billing->deadLetterQueue:billing.dlq", "deadLetter"],
      ["topic:orders->service:billing", "subscribe"],
      ["topic:orders->service:audit", "subscribe"],
      ["topic:billed->service:audit", "subscribe"],
    ]);
    const publish = graph.edges[0].metrics;
    // Arrivals at 100, 200, ..., 20900 ms (step stops before 21000): 209 events in 21 s.
    expect(publish).toEqual({ count: 209, ratePerSecond: 209 / 21 });
    const billing = graph.nodes[3].metrics;
    expect(billing.count).toBe(209);
    expect(billing.errorCount).toBe(10);
    expect(graph.edges[2].metrics).toMatchObject({ count: 10 });
  });

  it("gives dead-letter queues and edges their figures", () => {
    const sim = createSimulation(chain());
    sim.step(20_000);
    sim.injectFault("billing", { kind: "errors", value: 1 });
    sim.step(21_000);
    const graph = sim.topology("1m");
    const byId = new Map(graph.nodes.map((node) => [node.id, node.metrics]));
    const deadLetterEdge = graph.edges.find((edge) => edge.kind === "deadLetter");

    // billing completed 209 deliveries in 21 s, 10 of them dead-lettered.
    const ratio = 10 / 209;
    const ratePerSecond = ratio * (209 / 21);
    expect(deadLetterEdge?.metrics).toEqual({
      count: 10,
      ratePerSecond,
      deadLetterRatio: ratio,
    });
    expect(byId.get("deadLetterQueue:billing.dlq")).toEqual({
      count: 10,
      ratePerSecond,
      deadLetterRatio: ratio,
      queueLength: 10,
    });
    // audit dead-lettered nothing, so its queue is measured and empty.
    expect(byId.get("deadLetterQueue:audit.dlq")).toEqual({
      count: 0,
      ratePerSecond: 0,
      deadLetterRatio: 0,
      queueLength: 0,
    });
  });

  it("grades dead-letter queues by their feeds", () => {
    const sim = createSimulation(chain());
    sim.step(20_000);
    sim.injectFault("billing", { kind: "errors", value: 1 });
    sim.step(21_000);
    const graph = sim.topology("1m");
    const grades = graph.nodes
      .filter((node) => node.kind === "deadLetterQueue")
      .map((node) => [node.id, assessHealth(node)]);

    expect(grades).toEqual([
      ["deadLetterQueue:audit.dlq", { health: "ok", reasons: [] }],
      [
        "deadLetterQueue:billing.dlq",
        { health: "degraded", reasons: ["dead-letter ratio 4.78% at or above 0.1%"] },
      ],
    ]);
  });
});

describe("traces", () => {
  it("follow a chain by key and link parent and child", () => {
    const sim = createSimulation(chain());
    sim.step(250);
    const [root] = sim.findTraces({ limit: 10 }).filter((trace) => trace.eventId === 1);
    const child = sim.trace(root.children[0]);

    expect(root).toMatchObject({
      eventType: "Ordered",
      source: "shop",
      fields: { amount: 12.5 },
      publishedAtMs: 100,
    });
    expect(root.hops.map((hop) => [hop.kind, hop.route ?? hop.detail])).toEqual([
      ["publish", "orders[0]"],
      ["queue", "orders->billing"],
      ["queue", "orders->audit"],
      ["attempt", "orders->billing"],
      ["attempt", "orders->audit"],
    ]);
    expect(child).toMatchObject({
      eventType: "Billed",
      source: "billing",
      parentId: 1,
      key: root.key,
      publishedAtMs: 102,
    });
    expect(sim.findTraces({ key: root.key }).map((trace) => trace.key)).toEqual(
      sim.findTraces({ key: root.key }).map(() => root.key),
    );
  });

  it("keep the latest traces up to the capacity", () => {
    const sim = createSimulation(chain());
    sim.step(30_000);
    expect(sim.trace(1)).toBeUndefined();
    expect(sim.findTraces({ limit: 1000 })).toHaveLength(100);
  });
});
