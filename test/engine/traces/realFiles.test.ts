/**
 * Every real sample imports, and its edges, service figures and warnings
 * match values derived by hand from the file. Durations are in ms; Zipkin
 * and Jaeger files give microseconds, so 41740 µs reads as 41.74 ms.
 * Percentiles are nearest-rank: p50 of n values is the ceil(n/2)-th smallest.
 */
import { describe, expect, it } from "vitest";
import { buildWaterfall } from "../../../src/engine/traces/waterfall.ts";
import { edgeTable, importSample, serviceTable, warningCounts } from "./realFiles.ts";

describe("zipkin samples", () => {
  it("yelp.json: proxies, shared spans and uninstrumented peers", async () => {
    const result = await importSample("zipkin/yelp.json");
    expect(result.formats).toEqual(["zipkin"]);
    expect(result.report.spanCount).toBe(16);
    expect(result.report.traceCount).toBe(1);
    expect(edgeTable(result.report.edges)).toEqual({
      // Server half of f5f268651b2a2b34 (41740 µs) under yelp-main's client half.
      "service:yelp-main -> service:mobile_api": [1, 0, 41.74, 41.74, 41.74],
      // Client spans with remoteEndpoint blt and memcache and no server half.
      "service:mobile_api -> external:blt": [1, 0, 14, 14, 14],
      "service:mobile_api -> external:memcache": [2, 0, 1.026, 1.066, 1.066],
      // Server half of 7a778764a0d0b594 in spectre, 1490 µs.
      "service:mobile_api -> service:spectre": [1, 0, 1.49, 1.49, 1.49],
      // The envoy client span 668ed78ad94b35a1 in "unknown" under routing's root.
      "service:routing -> service:unknown": [1, 0, 125, 125, 125],
      "service:routing -> service:yelp-main": [1, 0, 56, 56, 56],
      "service:unknown -> service:yelp_main/api_proxy": [1, 0, 88.935, 88.935, 88.935],
      // txn 241cea1aa4cb2884 (3884 µs) and get e7d1a2d5a788ac81 (993 µs) under api_proxy.
      "service:yelp_main/api_proxy -> service:yelp-main": [2, 0, 0.993, 3.884, 3.884],
      // 233, 993 and 1068 µs: the 2nd and 3rd smallest are p50 and p90.
      "service:yelp-main -> external:memcache": [3, 0, 0.993, 1.068, 1.068],
      "service:yelp-main -> external:mysql": [2, 0, 0.374, 0.445, 0.445],
    });
    expect(serviceTable(result)).toEqual({
      // 41740 + 14000 + 3000 + 1026 + 1066; self subtracts the four children of the
      // server half (19092) and the spectre half under the 3000 µs client (1490).
      mobile_api: [5, 60.832, 40.25],
      // Root 131848 minus the union of its two children, [239000, 364000] = 125000.
      routing: [1, 131.848, 6.848],
      spectre: [1, 1.49, 1.49],
      unknown: [1, 125, 36.065],
      "yelp_main/api_proxy": [1, 88.935, 84.058],
      // 56000 + 233 + 374 + 1068 + 3884 + 445 + 993; self 14260 + 1764 + 3113.
      "yelp-main": [7, 62.997, 19.137],
    });
    expect(warningCounts(result)).toEqual({});
    // mobile_api's only entry span is its server half of f5f268651b2a2b34.
    const mobileApi = result.report.graph.nodes.find(
      (node) => node.id === "service:mobile_api",
    );
    expect(mobileApi?.metrics).toEqual({
      count: 5,
      errorCount: 0,
      errorRatio: 0,
      p50Ms: 41.74,
      p90Ms: 41.74,
      p99Ms: 41.74,
    });
  });

  it("messaging-kafka.json: kafka as a topic node", async () => {
    const result = await importSample("zipkin/messaging-kafka.json");
    expect(result.report.spanCount).toBe(28);
    expect(edgeTable(result.report.edges)).toEqual({
      // Nine PRODUCER spans; sorted durations 746 ... 1035 (5th) ... 102480 (9th).
      "service:servicea -> topic:kafka": [9, 0, 1.035, 102.48, 102.48],
      // CONSUMER polls in servicea: 26, 1, 1 and 1 µs.
      "topic:kafka -> service:servicea": [4, 0, 0.001, 0.026, 0.026],
      "topic:kafka -> service:serviceb": [3, 0, 0.001, 0.001, 0.001],
    });
    expect(serviceTable(result)).toEqual({
      // 22 spans summing to 763124 µs; the 26 µs root poll lies inside its first
      // on-message child, so its self time is 0.
      servicea: [22, 763.124, 756.931],
      // Two polls each overlap their on-message child by 1 µs.
      serviceb: [6, 0.829, 0.827],
    });
    expect(result.report.graph.nodes.map((node) => node.id)).toEqual([
      "service:servicea",
      "service:serviceb",
      "topic:kafka",
    ]);
    expect(warningCounts(result)).toEqual({});
  });

  it("messaging.json: rabbitmq between frontend and backend", async () => {
    const result = await importSample("zipkin/messaging.json");
    expect(edgeTable(result.report.edges)).toEqual({
      "service:frontend -> topic:rabbitmq": [1, 0, 0.013, 0.013, 0.013],
      "topic:rabbitmq -> service:backend": [1, 0, 0.014, 0.014, 0.014],
    });
    expect(serviceTable(result)).toEqual({
      // The on-message span starts 48 µs after the 14 µs consumer span ends.
      backend: [2, 0.385, 0.385],
      // Root 2839 minus the 13 µs publish.
      frontend: [2, 2.852, 2.839],
    });
    expect(warningCounts(result)).toEqual({});
  });

  it("messaging2.json: orphans and a rabbitmq hop", async () => {
    const result = await importSample("zipkin/messaging2.json");
    expect(result.report.spanCount).toBe(11);
    expect(edgeTable(result.report.edges)).toEqual({
      // auth-service's shared server span has no client half, so its parent is the root.
      "service:mobile-gateway -> service:auth-service": [1, 0, 4.057, 4.057, 4.057],
      "service:transfer-service -> topic:rabbitmq": [1, 0, 0.012, 0.012, 0.012],
      "topic:rabbitmq -> service:notification-service": [1, 0, 0.04, 0.04, 0.04],
    });
    expect(serviceTable(result)).toEqual({
      "auth-service": [2, 5.298, 4.057],
      // Root 29051 minus 21813 + 4057 of children.
      "mobile-gateway": [2, 50.864, 24.994],
      "notification-service": [2, 15.9, 15.9],
      "transfer-service": [5, 3547.301, 3547.301],
    });
    // Parents 0153a596db406c83 (4 spans) and 0153a596db406111 (2 spans) are absent.
    expect(warningCounts(result)).toEqual({ orphanSpan: 6 });
  });

  it("ascend.json: shared spans and a late server", async () => {
    const result = await importSample("zipkin/ascend.json");
    expect(edgeTable(result.report.edges)).toEqual({
      "service:mobile-gateway -> service:auth-service": [1, 0, 4.157, 4.157, 4.157],
      "service:mobile-gateway -> service:content-service": [1, 0, 15.888, 15.888, 15.888],
    });
    expect(serviceTable(result)).toEqual({
      "auth-service": [2, 5.448, 4.157],
      "content-service": [3, 25.716, 15.888],
      // 4383 (root) + 4445 (client with its server half) + 9920: the server half
      // of 52b1ab4956917c39 (4157 µs) starts after its 14077 µs client ends, so
      // skew correction centers it in the client, leaving 14077 - 4157.
      "mobile-gateway": [3, 73.203, 18.748],
    });
    // auth-service's half of 52b1ab4956917c39 starts 5089 µs after its client ends.
    expect(warningCounts(result)).toEqual({ clockSkew: 1 });
  });

  it("skew.json: server starts before its client", async () => {
    const result = await importSample("zipkin/skew.json");
    expect(edgeTable(result.report.edges)).toEqual({
      "service:servicea -> service:serviceb": [1, 0, 93.577, 93.577, 93.577],
    });
    expect(serviceTable(result)).toEqual({
      // Root 99411 - 94539 = 4872. The server half starts 65441 µs before its
      // client, so it is centered in the client: client self 94539 - 93577 = 962.
      servicea: [2, 193.95, 5.834],
      serviceb: [2, 158.577, 93.577],
    });
    expect(warningCounts(result)).toEqual({ clockSkew: 1 });
    const skew = result.report.warnings[0];
    expect(skew.message).toContain("65.441 ms, between servicea and serviceb");
    // Centered: 4074202 + (94539 - 93577) / 2 = 4074683 µs, moved by 65922 µs from 4008761.
    const rows = buildWaterfall(result, "1e223ff1f80f1c69")!.rows;
    const serverHalf = rows.find(
      (row) => row.service === "serviceb" && row.kind === "server",
    )!;
    expect(serverHalf.clockSkewShiftMs).toBe(65.922);
    // The trace now starts at the root, 4071068 µs, so the half sits at 3615 µs.
    expect(serverHalf.offsetMs).toBe(3.615);
    expect(rows[0].offsetMs).toBe(0);
  });

  it("simple-db-p6.json: database as an external node", async () => {
    const result = await importSample("zipkin/simple-db-p6.json");
    expect(edgeTable(result.report.edges)).toEqual({
      // 1118, 2033, 2414, 6051 µs.
      "service:bootifulmeters -> external:app_db": [4, 0, 2.033, 6.051, 6.051],
    });
    expect(serviceTable(result)).toEqual({ bootifulmeters: [5, 263.632, 252.016] });
    expect(
      result.report.graph.nodes.find((node) => node.id === "external:app_db")?.kind,
    ).toBe("external");
  });

  it("envoy.json: span without a service name", async () => {
    const result = await importSample("zipkin/envoy.json");
    expect(result.report.edges).toEqual([]);
    expect(serviceTable(result)).toEqual({ unknown: [1, 127.115, 127.115] });
  });

  it("smartthings-oauth-authorization.json imports", async () => {
    const result = await importSample(
      "zipkin/smartthings-oauth-authorization.json",
      65536,
    );
    // 175 spans, none an exact copy, one trace, one span without parentId.
    expect(result.report.spanCount).toBe(175);
    expect(result.report.traceCount).toBe(1);
    expect(result.report.services.length).toBe(8);
    // Span 9d2d35b746db84f3: one bouncer CLIENT and five pusher SERVER halves, no durations.
    const edges = edgeTable(result.report.edges);
    expect(edges["service:bouncer -> service:pusher"]).toEqual([5, 0, 0, 0, 0]);
    expect(warningCounts(result).orphanSpan).toBeUndefined();
  });

  it("smartthings-mobile-web-install.json imports", async () => {
    const result = await importSample(
      "zipkin/smartthings-mobile-web-install.json",
      65536,
    );
    // 1041 spans, of which 84 have no timestamp and share id and service with a SERVER span.
    expect(result.report.spanCount).toBe(957);
    expect(warningCounts(result).mergedFragment).toBe(84);
    expect(result.report.traceCount).toBe(1);
    expect(result.report.services.length).toBe(16);
    expect(warningCounts(result).orphanSpan).toBeUndefined();
  });
});

describe("jaeger samples", () => {
  it("testTraceNormal.json: gateway calls customers", async () => {
    const result = await importSample("jaeger/testTraceNormal.json");
    expect(result.formats).toEqual(["jaeger"]);
    expect(edgeTable(result.report.edges)).toEqual({
      // Server span e821b549888cbc3b (1739 µs) under api-gateway's client span.
      "service:api-gateway -> service:customers-service": [1, 0, 1.739, 1.739, 1.739],
    });
    expect(serviceTable(result)).toEqual({
      // 4902 + 2499; self (4902 - 2499) + (2499 - 1739).
      "api-gateway": [2, 7.401, 3.163],
      // 1739 + 21 + 52; the two queries lie inside the server span.
      "customers-service": [3, 1.812, 1.739],
    });
    expect(warningCounts(result)).toEqual({});
  });

  it("otlp2jaeger-out.json: duplicate and orphan", async () => {
    const result = await importSample("jaeger/otlp2jaeger-out.json");
    expect(result.report.spanCount).toBe(1);
    expect(result.report.edges).toEqual([]);
    expect(serviceTable(result)).toEqual({ telemetrygen: [1, 0.123, 0.123] });
    // The one span appears twice, and its CHILD_OF parent 909541b92cf05311 is absent.
    expect(warningCounts(result)).toEqual({ duplicateSpan: 1, orphanSpan: 1 });
  });
});

describe("otlp samples", () => {
  it("sibling_errors.json: failed calls", async () => {
    const result = await importSample("otlp/sibling_errors.json");
    expect(result.formats).toEqual(["otlp"]);
    expect(edgeTable(result.report.edges)).toEqual({
      // email's span 122..178 ms and payment's 22..58 ms, both STATUS_CODE_ERROR.
      "service:checkout -> service:email": [1, 1, 56, 56, 56],
      "service:checkout -> service:payment": [1, 1, 36, 36, 36],
    });
    expect(serviceTable(result)).toEqual({
      // 200 + 10 + 40 + 60; self 90 (root) + 10 + 4 + 4.
      checkout: [4, 310, 108],
      email: [1, 56, 56],
      payment: [1, 36, 36],
    });
    const checkout = result.report.graph.nodes.find(
      (node) => node.id === "service:checkout",
    );
    expect(checkout?.metrics.errorCount).toBe(3);
    expect(warningCounts(result)).toEqual({});
  });

  it("otel-proto-example.json: exact unquoted times", async () => {
    const result = await importSample("otlp/otel-proto-example.json");
    const span = result.index.spans[0];
    expect(span.startNs).toBe(1544712660000000000n);
    expect(span.traceId).toBe("5b8efff798038103d269b633813fc60c");
    expect(span.spanId).toBe("eee19b7ec3c1b174");
    expect(span.kind).toBe("server");
    expect(serviceTable(result)).toEqual({ "my.service": [1, 1000, 1000] });
    // Parent EEE19B7EC3C1B173 is not in the file.
    expect(warningCounts(result)).toEqual({ orphanSpan: 1 });
  });

  it("otlp2jaeger-in.json: the same span twice", async () => {
    const result = await importSample("otlp/otlp2jaeger-in.json");
    expect(result.report.spanCount).toBe(1);
    // 1706678909209835000 - 1706678909209712000 ns.
    expect(serviceTable(result)).toEqual({ telemetrygen: [1, 0.123, 0.123] });
    expect(warningCounts(result)).toEqual({ duplicateSpan: 1, orphanSpan: 1 });
  });

  it("jaeger-fixture-example_trace.json: five roots", async () => {
    const result = await importSample("otlp/jaeger-fixture-example_trace.json");
    expect(result.report.edges).toEqual([]);
    // Every span lasts 1485449191639975000 - 1485449191639875000 = 100000 ns.
    expect(serviceTable(result)).toEqual({
      "example-service-1": [3, 0.3, 0.3],
      "example-service-2": [1, 0.1, 0.1],
      "example-service-3": [1, 0.1, 0.1],
    });
    expect(warningCounts(result)).toEqual({ multipleRoots: 1 });
  });

  it("jaeger-fixture-multiple1_trace.json: one span", async () => {
    const result = await importSample("otlp/jaeger-fixture-multiple1_trace.json");
    expect(serviceTable(result)).toEqual({ "query22-service": [1, 0.1, 0.1] });
    expect(result.report.traces[0].traceId).toBe("00000000000000000000000000000221");
    expect(warningCounts(result)).toEqual({});
  });
});
