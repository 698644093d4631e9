import { describe, expect, it } from "vitest";
import type { EventTrace } from "../../../src/engine/sim/index.ts";
import { selectChain, toTraceMatch } from "../../../src/ui/sim/adapters.ts";

function trace(
  eventId: number,
  parentId: number | undefined,
  children: number[],
  publishedAtMs: number,
): EventTrace {
  return {
    eventId,
    eventType: "OrderCreated",
    key: "userId:7",
    source: "storefront",
    parentId,
    children,
    publishedAtMs,
    fields: {},
    hops: [],
  };
}

describe("selectChain", () => {
  const traces = [
    trace(3, 1, [], 12),
    trace(1, undefined, [2, 3], 10),
    trace(2, 1, [4], 11),
    trace(4, 2, [], 13),
    trace(9, undefined, [], 5),
  ];

  it("walks from a child to the whole chain", () => {
    expect(selectChain(traces, 4).map((t) => t.eventId)).toEqual([1, 2, 3, 4]);
  });

  it("leaves other chains of the key out", () => {
    expect(selectChain(traces, 9).map((t) => t.eventId)).toEqual([9]);
  });

  it("returns nothing for an unknown event", () => {
    expect(selectChain(traces, 77)).toEqual([]);
  });

  it("stops on a parent cycle", () => {
    const cyclic = [trace(1, 2, [2], 1), trace(2, 1, [1], 2)];
    expect(selectChain(cyclic, 1).map((t) => t.eventId)).toEqual([1, 2]);
  });
});

describe("toTraceMatch", () => {
  it("reports a dead-lettered event", () => {
    const event = trace(5, undefined, [], 100);
    event.hops = [
      { kind: "publish", startMs: 100, endMs: 100, detail: "orders" },
      {
        kind: "attempt",
        startMs: 101,
        endMs: 102,
        route: "orders->payment",
        attempt: 1,
        outcome: "error",
      },
      {
        kind: "attempt",
        startMs: 150,
        endMs: 151,
        route: "orders->payment",
        attempt: 2,
        outcome: "timeout",
      },
      {
        kind: "deadLetter",
        startMs: 151,
        endMs: 151,
        route: "orders->payment",
        detail: "orders.dlq",
      },
    ];
    expect(toTraceMatch(event)).toEqual({
      eventId: "5",
      key: "userId:7",
      topic: "orders",
      publishedAtMs: 100,
      outcome: "deadLettered",
      routes: 1,
      retries: 1,
    });
  });

  it("reports a redriven and delivered event", () => {
    const event = trace(6, undefined, [], 0);
    event.hops = [
      { kind: "attempt", startMs: 1, endMs: 2, attempt: 1, outcome: "error" },
      { kind: "deadLetter", startMs: 2, endMs: 2, detail: "orders.dlq" },
      { kind: "redrive", startMs: 50, endMs: 50, detail: "orders.dlq" },
      { kind: "attempt", startMs: 51, endMs: 52, attempt: 1, outcome: "ok" },
    ];
    expect(toTraceMatch(event).outcome).toBe("delivered");
    expect(toTraceMatch(event).routes).toBe(1);
    expect(toTraceMatch(event).retries).toBe(0);
  });

  it("counts a fan-out as routes, not retries", () => {
    const event = trace(7, undefined, [], 0);
    event.hops = [
      { kind: "publish", startMs: 0, endMs: 0, detail: "orders" },
      ...["billing", "shipping", "audit"].map((service) => ({
        kind: "attempt" as const,
        startMs: 1,
        endMs: 3,
        route: `orders->${service}`,
        attempt: 1,
        outcome: "ok",
      })),
    ];
    const match = toTraceMatch(event);

    expect(match.routes).toBe(3);
    expect(match.retries).toBe(0);
    expect(match.outcome).toBe("delivered");
  });

  it("reports a pending event", () => {
    expect(toTraceMatch(trace(8, undefined, [], 0)).outcome).toBe("pending");
  });
});
