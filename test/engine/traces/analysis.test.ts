import { describe, expect, it } from "vitest";
import { analyzeSpans } from "../../../src/engine/traces/analyze.ts";
import { TraceImportError } from "../../../src/engine/traces/errors.ts";
import { nearestRank } from "../../../src/engine/traces/percentiles.ts";
import type { SpanKind, TraceSpan } from "../../../src/engine/traces/span.ts";
import { buildWaterfall } from "../../../src/engine/traces/waterfall.ts";

const TRACE = "0000000000000000000000000000000a";

/** Builds a span of trace TRACE, with times in microseconds after 1,000,000 µs. */
function span(
  id: number,
  parent: number | undefined,
  service: string,
  startMicros: number,
  durationMicros: number,
  extra: {
    kind?: SpanKind;
    remoteService?: string;
    isError?: boolean;
    name?: string;
  } = {},
): TraceSpan {
  const hex = (value: number) => value.toString(16).padStart(16, "0");
  return {
    traceId: TRACE,
    spanId: hex(id),
    parentSpanId: parent === undefined ? undefined : hex(parent),
    name: extra.name ?? `op${id}`,
    service,
    kind: extra.kind ?? "internal",
    startNs: BigInt(1_000_000 + startMicros) * 1000n,
    durationNs: durationMicros * 1000,
    isError: extra.isError ?? false,
    statusMessage: undefined,
    remoteService: extra.remoteService,
    attributes: ["k", "<b>v</b>"],
    byteOffset: id * 10,
  };
}

function codes(spans: TraceSpan[], shouldRejectCycles = true) {
  return analyzeSpans(spans, { format: "otlp", shouldRejectCycles }).report.warnings.map(
    (warning) => [warning.code, warning.count],
  );
}

describe("nearestRank", () => {
  it("picks the ceil(p * n)-th smallest", () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(nearestRank(sorted, 50)).toBe(5);
    expect(nearestRank(sorted, 90)).toBe(9);
    expect(nearestRank(sorted, 99)).toBe(10);
    expect(nearestRank([7], 1)).toBe(7);
    expect(nearestRank([], 50)).toBeNaN();
  });
});

describe("self time", () => {
  it("subtracts the union of overlapping children", () => {
    // Parent [0, 100]; children [10, 40] and [30, 60] overlap into [10, 60],
    // and [90, 130] is clipped to [90, 100]: covered 50 + 10 = 60.
    const spans = [
      span(1, undefined, "a", 0, 100),
      span(2, 1, "a", 10, 30),
      span(3, 1, "a", 30, 30),
      span(4, 1, "b", 90, 40),
    ];
    const { report } = analyzeSpans(spans, { format: "otlp" });
    const entry = (ms: number) => ({
      entrySpanCount: 1,
      entryP50Ms: ms,
      entryP90Ms: ms,
      entryP99Ms: ms,
    });
    expect(report.services).toEqual([
      {
        name: "a",
        spanCount: 3,
        errorCount: 0,
        totalMs: 0.16,
        selfMs: 0.1,
        ...entry(0.1),
      },
      {
        name: "b",
        spanCount: 1,
        errorCount: 0,
        totalMs: 0.04,
        selfMs: 0.04,
        ...entry(0.04),
      },
    ]);
  });
});

describe("dependency edges", () => {
  it("counts calls, errors and percentiles per edge", () => {
    const spans = [span(1, undefined, "web", 0, 1000)];
    for (let k = 0; k < 10; k++) {
      spans.push(
        span(100 + k, 1, "db-proxy", k * 10, k + 1, { kind: "server", isError: k === 3 }),
      );
    }
    const { report } = analyzeSpans(spans, { format: "otlp" });
    expect(report.edges).toEqual([
      {
        source: "service:web",
        target: "service:db-proxy",
        kind: "call",
        callCount: 10,
        errorCount: 1,
        p50Ms: 0.005,
        p90Ms: 0.009,
        p99Ms: 0.01,
      },
    ]);
    expect(report.graph.edges[0].metrics.errorRatio).toBe(0.1);
  });

  it("draws a broker between producer and consumer", () => {
    const spans = [
      span(1, undefined, "orders", 0, 50, { kind: "producer", remoteService: "kafka" }),
      span(2, 1, "billing", 60, 5, { kind: "consumer" }),
    ];
    const { report } = analyzeSpans(spans, { format: "otlp" });
    expect(report.edges.map((edge) => [edge.source, edge.target, edge.kind])).toEqual([
      ["service:orders", "topic:kafka", "publish"],
      ["topic:kafka", "service:billing", "subscribe"],
    ]);
    expect(report.graph.nodes.map((node) => [node.id, node.kind])).toEqual([
      ["service:billing", "service"],
      ["service:orders", "service"],
      ["topic:kafka", "topic"],
    ]);
  });

  it("links producer to consumer directly without a broker", () => {
    const spans = [
      span(1, undefined, "orders", 0, 50, { kind: "producer" }),
      span(2, 1, "billing", 60, 5, { kind: "consumer" }),
    ];
    const { report } = analyzeSpans(spans, { format: "otlp" });
    expect(report.edges.map((edge) => [edge.source, edge.target, edge.kind])).toEqual([
      ["service:orders", "service:billing", "emit"],
    ]);
  });

  it("adds uninstrumented peers as external nodes", () => {
    const spans = [
      span(1, undefined, "web", 0, 100, { kind: "server" }),
      span(2, 1, "web", 10, 20, { kind: "client", remoteService: "postgres" }),
      span(3, 1, "web", 40, 20, { kind: "client", remoteService: "web" }),
    ];
    const { report } = analyzeSpans(spans, { format: "otlp" });
    expect(
      report.edges.map((edge) => [edge.source, edge.target, edge.callCount]),
    ).toEqual([["service:web", "external:postgres", 1]]);
    expect(
      report.graph.nodes.find((node) => node.id === "external:postgres")?.metrics.count,
    ).toBe(1);
  });

  it("splits Zipkin client and server spans sharing an id", () => {
    const spans = [
      span(1, undefined, "gateway", 0, 100, { kind: "server" }),
      span(2, 1, "gateway", 10, 50, { kind: "client", remoteService: "users" }),
      span(2, 1, "users", 15, 40, { kind: "server" }),
      span(3, 2, "users", 20, 10),
    ];
    const analysis = analyzeSpans(spans, { format: "zipkin" });
    expect(
      analysis.report.edges.map((edge) => [edge.source, edge.target, edge.p50Ms]),
    ).toEqual([["service:gateway", "service:users", 0.04]]);
    const rows = buildWaterfall(analysis, TRACE)!.rows;
    expect(rows.map((row) => [row.service, row.depth])).toEqual([
      ["gateway", 0],
      ["gateway", 1],
      ["users", 2],
      ["users", 3],
    ]);
  });
});

describe("warnings", () => {
  it("drops exact duplicates", () => {
    expect(
      codes([span(1, undefined, "a", 0, 10), span(1, undefined, "a", 0, 10)]),
    ).toEqual([["duplicateSpan", 1]]);
  });

  it("reports orphans and several roots", () => {
    const spans = [
      span(1, undefined, "a", 0, 10),
      span(2, undefined, "a", 0, 10),
      span(3, 99, "a", 0, 1),
    ];
    expect(codes(spans)).toEqual([
      ["multipleRoots", 1],
      ["orphanSpan", 1],
    ]);
  });

  it("reports clock skew between services", () => {
    const spans = [
      span(1, undefined, "a", 100, 50, { kind: "client" }),
      span(2, 1, "b", 80, 20, { kind: "server" }),
    ];
    const { report } = analyzeSpans(spans, { format: "otlp" });
    expect(report.warnings[0].code).toBe("clockSkew");
    expect(report.warnings[0].message).toContain(
      "The largest gap is 0.02 ms, between a and b.",
    );
  });

  it("centers a skewed server in its client", () => {
    // Client [100, 150] µs, server [80, 100]: centered at 100 + (50 - 20) / 2 = 115.
    const spans = [
      span(1, undefined, "a", 100, 50, { kind: "client" }),
      span(2, 1, "b", 80, 20, { kind: "server" }),
      span(3, 2, "b", 85, 5),
    ];
    const waterfall = buildWaterfall(analyzeSpans(spans, { format: "otlp" }), TRACE)!;
    expect(waterfall.startUnixMs).toBe(1000.1);
    expect(waterfall.rows.map((row) => [row.offsetMs, row.clockSkewShiftMs])).toEqual([
      [0, 0],
      [0.015, 0.035],
      [0.02, 0.035],
    ]);
  });

  it("rejects parent cycles by default", () => {
    const spans = [
      span(1, 3, "a", 0, 10),
      span(2, 1, "a", 0, 10),
      span(3, 2, "a", 0, 10),
    ];
    let caught: unknown;
    try {
      analyzeSpans(spans, { format: "otlp" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TraceImportError);
    expect((caught as TraceImportError).code).toBe("parentCycle");
    expect((caught as TraceImportError).message).toContain("3 spans form parent cycles");
  });

  it("breaks parent cycles when asked to keep going", () => {
    const spans = [
      span(1, 3, "a", 0, 10),
      span(2, 1, "a", 1, 5),
      span(3, 2, "a", 2, 2),
      span(4, 4, "a", 0, 1),
    ];
    expect(codes(spans, false)).toEqual([["parentCycle", 4]]);
  });

  it("handles 100,000 nested spans without recursion", () => {
    const spans: TraceSpan[] = [];
    for (let i = 1; i <= 100_000; i++)
      spans.push(span(i, i === 1 ? undefined : i - 1, "deep", i, 200_000 - 2 * i));
    const analysis = analyzeSpans(spans, { format: "otlp" });
    // Depths run 0..99,999, so 98,999 spans are deeper than 1,000.
    expect(
      analysis.report.warnings.map((warning) => [warning.code, warning.count]),
    ).toEqual([["deepNesting", 98_999]]);
    // Each span covers [i, 200000 - i] and its child [i + 1, 199999 - i]: self time 2 µs,
    // except the innermost, which lasts 200000 - 200000 = 0 µs.
    expect(analysis.report.services[0].selfMs).toBe(0.002 * 99_999);
    const waterfall = buildWaterfall(analysis, TRACE)!;
    expect(waterfall.rows.length).toBe(100_000);
    expect(waterfall.rows[99_999].depth).toBe(99_999);
  });
});

describe("buildWaterfall", () => {
  it("lists rows depth-first with offsets and text attributes", () => {
    const spans = [
      span(1, undefined, "web", 0, 100, { kind: "server" }),
      span(3, 1, "db", 50, 10, { isError: true }),
      span(2, 1, "web", 10, 20),
      span(4, 2, "cache", 12, 5),
    ];
    const waterfall = buildWaterfall(analyzeSpans(spans, { format: "otlp" }), TRACE)!;
    expect(waterfall.services).toEqual(["web", "cache", "db"]);
    expect(waterfall.durationMs).toBe(0.1);
    expect(waterfall.startUnixMs).toBe(1000);
    expect(
      waterfall.rows.map((row) => [row.name, row.parentRow, row.offsetMs, row.isError]),
    ).toEqual([
      ["op1", -1, 0, false],
      ["op2", 0, 0.01, false],
      ["op4", 1, 0.012, false],
      ["op3", 0, 0.05, true],
    ]);
    expect(waterfall.rows[0].attributes).toEqual([["k", "<b>v</b>"]]);
    expect(waterfall.rows[0].selfMs).toBe(0.07);
  });

  it("returns undefined for an unknown trace", () => {
    expect(buildWaterfall(analyzeSpans([], { format: "otlp" }), "ff")).toBeUndefined();
  });
});
