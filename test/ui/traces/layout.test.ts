import { describe, expect, it } from "vitest";
import { layoutWaterfall, sortedAttributes } from "../../../src/ui/traces/layout.ts";
import type { WaterfallSpan } from "../../../src/ui/traces/types.ts";

function span(
  id: string,
  parentId: string | undefined,
  startMs: number,
  durationMs: number,
  extra: Partial<WaterfallSpan> = {},
): WaterfallSpan {
  return {
    id,
    parentId,
    label: id,
    service: "billing",
    startMs,
    durationMs,
    attributes: {},
    ...extra,
  };
}

// An event published at 100 ms, queued, tried three times, then dead-lettered.
const eventHops = [
  span("dead", "event", 190, 0, { error: true }),
  span("attempt-2", "event", 140, 20, { attempt: 2, error: true }),
  span("event", undefined, 100, 90, { service: "orders" }),
  span("queue", "event", 101, 9),
  span("attempt-1", "event", 110, 20, { attempt: 1, error: true }),
  span("attempt-3", "event", 170, 20, { attempt: 3, error: true }),
  span("publish", "event", 100, 1, { service: "orders" }),
];

const order = (spans: readonly WaterfallSpan[], collapsed?: ReadonlySet<string>) =>
  layoutWaterfall(spans, collapsed).rows.map((row) => `${row.span.id}:${row.depth}`);

describe("layoutWaterfall", () => {
  it("orders children by start under the parent", () => {
    expect(order(eventHops)).toEqual([
      "event:0",
      "publish:1",
      "queue:1",
      "attempt-1:1",
      "attempt-2:1",
      "attempt-3:1",
      "dead:1",
    ]);
  });

  it("marks retries from the second attempt", () => {
    const rows = layoutWaterfall(eventHops).rows;
    const retries = rows.filter((row) => row.isRetry).map((row) => row.span.id);
    expect(retries).toEqual(["attempt-2", "attempt-3"]);
  });

  it("marks spans with children", () => {
    const rows = layoutWaterfall(eventHops).rows;
    expect(rows.filter((row) => row.hasChildren).map((row) => row.span.id)).toEqual([
      "event",
    ]);
  });

  it("measures the time range", () => {
    const layout = layoutWaterfall(eventHops);
    expect(layout.startMs).toBe(100);
    expect(layout.endMs).toBe(190);
  });

  it("lists services sorted", () => {
    expect(layoutWaterfall(eventHops).services).toEqual(["billing", "orders"]);
  });

  it("nests grandchildren depth-first", () => {
    const spans = [
      span("root", undefined, 0, 100),
      span("b", "root", 50, 10),
      span("a", "root", 10, 30),
      span("a1", "a", 15, 5),
    ];
    expect(order(spans)).toEqual(["root:0", "a:1", "a1:2", "b:1"]);
  });

  it("keeps input order for equal starts", () => {
    const spans = [
      span("r", undefined, 0, 10),
      span("y", "r", 5, 1),
      span("x", "r", 5, 1),
    ];
    expect(order(spans)).toEqual(["r:0", "y:1", "x:1"]);
  });

  it("hides descendants of collapsed spans", () => {
    const spans = [
      span("root", undefined, 0, 100),
      span("a", "root", 10, 30),
      span("a1", "a", 15, 5),
      span("a11", "a1", 16, 1),
      span("b", "root", 50, 10),
    ];
    expect(order(spans, new Set(["a"]))).toEqual(["root:0", "a:1", "b:1"]);
    expect(order(spans, new Set(["root"]))).toEqual(["root:0"]);
  });

  it("makes orphans roots", () => {
    const spans = [span("child", "missing", 20, 5), span("root", undefined, 10, 5)];
    expect(order(spans)).toEqual(["root:0", "child:0"]);
  });

  it("keeps spans caught in a cycle", () => {
    const spans = [
      span("root", undefined, 0, 5),
      span("p", "q", 10, 5),
      span("q", "p", 12, 5),
      span("self", "self", 30, 1),
    ];
    expect(order(spans)).toEqual(["root:0", "self:0", "p:0", "q:1"]);
  });

  it("is empty for no spans", () => {
    expect(layoutWaterfall([])).toEqual({ rows: [], startMs: 0, endMs: 0, services: [] });
  });

  it("walks a deep chain without recursion", () => {
    const chain = Array.from({ length: 20_000 }, (_, i) =>
      span(`s${i}`, i === 0 ? undefined : `s${i - 1}`, i, 1),
    );
    const rows = layoutWaterfall(chain).rows;
    expect(rows).toHaveLength(20_000);
    expect(rows[19_999].depth).toBe(19_999);
  });
});

describe("sortedAttributes", () => {
  it("sorts by key", () => {
    const withAttributes = span("a", undefined, 0, 1, {
      attributes: {
        "messaging.destination": "orders",
        attempt: "2",
        "error.message": "x",
      },
    });
    expect(sortedAttributes(withAttributes)).toEqual([
      ["attempt", "2"],
      ["error.message", "x"],
      ["messaging.destination", "orders"],
    ]);
  });
});
