import { describe, expect, it } from "vitest";
import type { TraceSpan } from "../../../src/engine/traces/span.ts";
import { traceSpansToWaterfall } from "../../../src/ui/traces/fromTraceSpans.ts";

function traceSpan(overrides: Partial<TraceSpan>): TraceSpan {
  return {
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId: "b7ad6b7169203331",
    parentSpanId: undefined,
    name: "GET /orders",
    service: "frontend",
    kind: "server",
    startNs: 1_700_000_000_000_000_000n,
    durationNs: 2_500_000,
    isError: false,
    statusMessage: undefined,
    remoteService: undefined,
    attributes: [],
    byteOffset: 0,
    ...overrides,
  };
}

describe("traceSpansToWaterfall", () => {
  it("measures times from the first start", () => {
    const spans = traceSpansToWaterfall([
      traceSpan({ spanId: "b", parentSpanId: "a", startNs: 1_700_000_000_001_250_000n }),
      traceSpan({ spanId: "a" }),
    ]);
    expect(
      spans.map((span) => [span.id, span.parentId, span.startMs, span.durationMs]),
    ).toEqual([
      ["b", "a", 1.25, 2.5],
      ["a", undefined, 0, 2.5],
    ]);
  });

  it("keeps sub-microsecond offsets of epoch times", () => {
    const [, late] = traceSpansToWaterfall([
      traceSpan({ spanId: "a" }),
      traceSpan({ spanId: "b", startNs: 1_700_000_000_000_000_500n }),
    ]);
    expect(late.startMs).toBe(0.0005);
  });

  it("copies attributes, status and remote service", () => {
    const [span] = traceSpansToWaterfall([
      traceSpan({
        kind: "producer",
        isError: true,
        statusMessage: "broker unavailable",
        remoteService: "kafka",
        attributes: ["messaging.destination.name", "orders", "retry.count", "2"],
      }),
    ]);
    expect(span.error).toBe(true);
    expect(span.attributes).toEqual({
      "span.kind": "producer",
      "messaging.destination.name": "orders",
      "retry.count": "2",
      "status.message": "broker unavailable",
      "remote.service": "kafka",
    });
  });

  it("nests a repeated Zipkin id under the first", () => {
    const spans = traceSpansToWaterfall([
      traceSpan({ spanId: "c", parentSpanId: "a", kind: "client" }),
      traceSpan({ spanId: "c", parentSpanId: "a", kind: "server", service: "orders" }),
    ]);
    expect(spans.map((span) => [span.id, span.parentId])).toEqual([
      ["c", "a"],
      ["c~2", "c"],
    ]);
  });

  it("returns nothing for no spans", () => {
    expect(traceSpansToWaterfall([])).toEqual([]);
  });
});
