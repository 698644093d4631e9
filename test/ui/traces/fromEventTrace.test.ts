import { describe, expect, it } from "vitest";
import type { EventTrace } from "../../../src/engine/sim/traces.ts";
import {
  eventTracesToSpans,
  routeService,
} from "../../../src/ui/traces/fromEventTrace.ts";
import { layoutWaterfall } from "../../../src/ui/traces/layout.ts";

const route = "orders->billing";

// An order published at 1000 ms that failed twice on billing and was dead-lettered.
const order: EventTrace = {
  eventId: 7,
  eventType: "OrderPlaced",
  key: "customer-3",
  source: "checkout",
  children: [9],
  publishedAtMs: 1000,
  fields: { amount: 42 },
  hops: [
    { kind: "publish", startMs: 1000, endMs: 1000, detail: "orders" },
    { kind: "queue", startMs: 1000, endMs: 1004, route },
    {
      kind: "attempt",
      startMs: 1004,
      endMs: 1014,
      route,
      attempt: 1,
      outcome: "timeout",
    },
    { kind: "backoff", startMs: 1014, endMs: 1034, route },
    { kind: "attempt", startMs: 1034, endMs: 1040, route, attempt: 2, outcome: "error" },
    { kind: "deadLetter", startMs: 1040, endMs: 1040, route, detail: "billing.dlq" },
  ],
};

// An event billing emitted while handling the order.
const invoice: EventTrace = {
  eventId: 9,
  eventType: "InvoiceDrafted",
  key: "customer-3",
  source: "billing",
  parentId: 7,
  children: [],
  publishedAtMs: 1010,
  fields: {},
  hops: [
    { kind: "publish", startMs: 1010, endMs: 1010, detail: "invoices" },
    {
      kind: "attempt",
      startMs: 1011,
      endMs: 1012,
      route: "invoices->mail",
      attempt: 1,
      outcome: "ok",
    },
  ],
};

describe("routeService", () => {
  it("takes the part after the arrow", () => {
    expect(routeService("orders->billing")).toBe("billing");
    expect(routeService("a->b->c")).toBe("c");
    expect(routeService("plain")).toBe("plain");
  });
});

describe("eventTracesToSpans", () => {
  const spans = eventTracesToSpans([order]);
  const byId = new Map(spans.map((span) => [span.id, span]));

  it("makes the event a root spanning all hops", () => {
    const root = byId.get("event:7")!;
    expect(root.parentId).toBeUndefined();
    expect(root.label).toBe("OrderPlaced #7");
    expect(root.service).toBe("checkout");
    expect(root.startMs).toBe(1000);
    expect(root.durationMs).toBe(40);
    expect(root.error).toBe(true);
    expect(root.attributes).toEqual({
      "event.id": "7",
      "event.type": "OrderPlaced",
      key: "customer-3",
      source: "checkout",
      "field.amount": "42",
    });
  });

  it("groups route hops under a route span", () => {
    const routeSpan = byId.get("event:7:route:orders->billing")!;
    expect(routeSpan.parentId).toBe("event:7");
    expect(routeSpan.service).toBe("billing");
    expect(routeSpan.startMs).toBe(1000);
    expect(routeSpan.durationMs).toBe(40);
    expect(routeSpan.error).toBe(true);
  });

  it("labels and marks each hop", () => {
    const rows = layoutWaterfall(spans).rows.map((row) => [
      row.span.label,
      row.depth,
      row.span.error,
      row.isRetry,
    ]);
    expect(rows).toEqual([
      ["OrderPlaced #7", 0, true, false],
      ["publish", 1, false, false],
      ["deliver orders->billing", 1, true, false],
      ["queue wait", 2, false, false],
      ["attempt 1", 2, true, false],
      ["backoff", 2, false, false],
      ["attempt 2", 2, true, true],
      ["dead letter", 2, true, false],
    ]);
  });

  it("keeps hop details as attributes", () => {
    const publish = spans.find((span) => span.label === "publish")!;
    expect(publish.attributes).toEqual({ "hop.kind": "publish", topics: "orders" });
    const dead = spans.find((span) => span.label === "dead letter")!;
    expect(dead.attributes).toEqual({
      "hop.kind": "deadLetter",
      route: "orders->billing",
      queue: "billing.dlq",
    });
    const second = spans.find((span) => span.label === "attempt 2")!;
    expect(second.attempt).toBe(2);
    expect(second.attributes.outcome).toBe("error");
  });

  it("nests an emitted event under the emitting route", () => {
    const chain = eventTracesToSpans([invoice, order]);
    const child = chain.find((span) => span.id === "event:9")!;
    expect(child.parentId).toBe("event:7:route:orders->billing");
    const ok = chain.find((span) =>
      span.id.startsWith("event:9:route:invoices->mail:hop"),
    )!;
    expect(ok.error).toBe(false);
  });

  it("roots an event whose parent is missing", () => {
    const alone = eventTracesToSpans([invoice]);
    expect(alone.find((span) => span.id === "event:9")!.parentId).toBeUndefined();
  });

  it("gives every span a unique id", () => {
    const chain = eventTracesToSpans([order, invoice]);
    expect(new Set(chain.map((span) => span.id)).size).toBe(chain.length);
  });
});
