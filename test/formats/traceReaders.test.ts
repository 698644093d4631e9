/**
 * The OTLP, Jaeger and Zipkin readers: format detection, field mapping and
 * the errors for bad input, each naming the problem, JSON path and byte.
 */
import { describe, expect, it } from "vitest";
import { TraceImportError } from "../../src/engine/traces/errors.ts";
import { TraceFileReader } from "../../src/formats/detect.ts";

function read(text: string) {
  const reader = new TraceFileReader();
  reader.write(new TextEncoder().encode(text));
  reader.end();
  return reader;
}

function readError(text: string): TraceImportError {
  try {
    read(text);
  } catch (error) {
    if (error instanceof TraceImportError) return error;
    throw error;
  }
  throw new Error("expected the input to be rejected");
}

const otlpSpan = (fields: Record<string, unknown>) =>
  JSON.stringify({
    resourceSpans: [
      {
        scopeSpans: [
          {
            spans: [
              {
                traceId: "0af7651916cd43dd8448eb211c80319c",
                spanId: "b7ad6b7169203331",
                name: "GET /",
                startTimeUnixNano: "1000",
                endTimeUnixNano: "3000",
                ...fields,
              },
            ],
          },
        ],
        resource: {
          attributes: [{ key: "service.name", value: { stringValue: "web" } }],
        },
      },
    ],
  });

describe("format detection", () => {
  it("detects each format from the content", () => {
    expect(read(otlpSpan({})).format).toBe("otlp");
    expect(read('{"data": []}').format).toBe("jaeger");
    expect(read('{"traceID": "1", "spans": []}').format).toBe("jaeger");
    expect(read("[]").format).toBe("zipkin");
    expect(read("[[]]").format).toBe("zipkin");
  });

  it("rejects JSON of another shape", () => {
    const error = readError('{"name": "x", "items": [1]}');
    expect(error.code).toBe("unknownFormat");
    expect(error.message).toContain("found an object with keys name, items");
  });

  it("rejects a top-level number", () => {
    expect(readError("42").message).toContain("is not a trace file");
  });

  it("wraps JSON syntax errors", () => {
    const error = readError('[{"traceId": "a", ');
    expect(error.code).toBe("invalidJson");
    expect(error.byteOffset).toBe(18);
    expect(error.message).toContain("the file is truncated");
  });

  it("rejects JSON lines of mixed formats", () => {
    const error = readError(`${otlpSpan({})}\n[]`);
    expect(error.message).toContain(
      "a later JSON document is Zipkin v2 JSON but the first is OTLP/JSON",
    );
  });
});

describe("OTLP reader", () => {
  it("reads a resource that follows its spans", () => {
    const [span] = read(otlpSpan({ kind: "SPAN_KIND_CLIENT" })).spans;
    expect(span.service).toBe("web");
    expect(span.kind).toBe("client");
    expect(span.durationNs).toBe(2000);
  });

  it("reads JSON lines of documents", () => {
    const reader = read(`${otlpSpan({})}\n${otlpSpan({ spanId: "00000000000000aa" })}\n`);
    expect(reader.spans.map((span) => span.spanId)).toEqual([
      "b7ad6b7169203331",
      "00000000000000aa",
    ]);
  });

  it("reads peer attributes as the remote service", () => {
    const attributes = [
      { key: "db.system", value: { stringValue: "postgresql" } },
      { key: "peer.service", value: { stringValue: "billing" } },
    ];
    const [span] = read(otlpSpan({ kind: 3, attributes })).spans;
    expect(span.remoteService).toBe("billing");
    expect(span.attributes).toEqual([
      "db.system",
      "postgresql",
      "peer.service",
      "billing",
    ]);
  });

  it("reads messaging.system as the broker", () => {
    const attributes = [{ key: "messaging.system", value: { stringValue: "kafka" } }];
    const [span] = read(otlpSpan({ kind: "SPAN_KIND_PRODUCER", attributes })).spans;
    expect(span.remoteService).toBe("kafka");
  });

  it("reads error status", () => {
    const [span] = read(otlpSpan({ status: { code: 2, message: "boom" } })).spans;
    expect(span.isError).toBe(true);
    expect(span.statusMessage).toBe("boom");
  });

  it("rejects a span without spanId", () => {
    const error = readError(otlpSpan({ spanId: undefined }));
    expect(error.code).toBe("missingId");
    expect(error.message).toBe(
      'the span has no "spanId"; every span needs a hex id at $.resourceSpans[0].scopeSpans[0].spans[0] (byte 43)',
    );
  });

  it("rejects a non-hex id", () => {
    const error = readError(otlpSpan({ traceId: "not-hex" }));
    expect(error.code).toBe("invalidId");
    expect(error.jsonPath).toBe("$.resourceSpans[0].scopeSpans[0].spans[0].traceId");
  });

  it("rejects a negative duration", () => {
    const error = readError(
      otlpSpan({ startTimeUnixNano: "5000", endTimeUnixNano: "1000" }),
    );
    expect(error.code).toBe("invalidDuration");
    expect(error.message).toContain("the span ends before it starts (duration -4000 ns)");
  });

  it("rejects an absurd duration", () => {
    const error = readError(
      otlpSpan({ startTimeUnixNano: "0", endTimeUnixNano: "1700000000000000000" }),
    );
    expect(error.message).toContain("more than the 7-day limit; check the time unit");
  });

  it("rejects an unknown kind name", () => {
    expect(readError(otlpSpan({ kind: "SPAN_KIND_FOO" })).message).toContain(
      '"kind" is "SPAN_KIND_FOO"',
    );
  });

  it("rejects resourceSpans that is not an array", () => {
    const error = readError('{"resourceSpans": "none"}');
    expect(error.code).toBe("invalidShape");
    expect(error.message).toBe(
      '"resourceSpans" must be an array of OTLP/JSON resource spans but is a string at $.resourceSpans',
    );
  });
});

describe("Jaeger reader", () => {
  const jaegerTrace = (span: Record<string, unknown>) =>
    JSON.stringify({
      data: [
        {
          traceID: "abc",
          spans: [
            {
              traceID: "abc",
              spanID: "1",
              operationName: "op",
              startTime: 10,
              duration: 5,
              ...span,
            },
          ],
          processes: { p1: { serviceName: "api" } },
        },
      ],
    });

  it("pads short ids and resolves processes", () => {
    const [span] = read(jaegerTrace({ processID: "p1" })).spans;
    expect(span.traceId).toBe("00000000000000000000000000000abc");
    expect(span.spanId).toBe("0000000000000001");
    expect(span.service).toBe("api");
    expect(span.startNs).toBe(10_000n);
    expect(span.durationNs).toBe(5000);
  });

  it("reads an inline process, kind and error tags", () => {
    const tags = [
      { key: "span.kind", type: "string", value: "client" },
      { key: "error", type: "bool", value: true },
    ];
    const [span] = read(jaegerTrace({ process: { serviceName: "inline" }, tags })).spans;
    expect(span.service).toBe("inline");
    expect(span.kind).toBe("client");
    expect(span.isError).toBe(true);
  });

  it("prefers CHILD_OF over FOLLOWS_FROM", () => {
    const references = [
      { refType: "FOLLOWS_FROM", traceID: "abc", spanID: "aa" },
      { refType: "CHILD_OF", traceID: "abc", spanID: "bb" },
    ];
    const [span] = read(jaegerTrace({ references })).spans;
    expect(span.parentSpanId).toBe("00000000000000bb");
  });

  it("rejects a negative duration", () => {
    const error = readError(jaegerTrace({ duration: -1 }));
    expect(error.code).toBe("invalidDuration");
    expect(error.jsonPath).toBe("$.data[0].spans[0].duration");
  });
});

describe("Zipkin reader", () => {
  const zipkinSpan = (fields: Record<string, unknown>) =>
    JSON.stringify([
      {
        traceId: "463ac35c9f6413ad",
        id: "72485a3953bb6124",
        name: "get",
        timestamp: 1_000,
        duration: 20,
        localEndpoint: { serviceName: "web" },
        ...fields,
      },
    ]);

  it("reads a list of traces", () => {
    const first = JSON.parse(zipkinSpan({}))[0];
    const second = { ...first, traceId: "00000000000000aa", id: "00000000000000bb" };
    const reader = read(JSON.stringify([[first], [second]]));
    expect(reader.spans.map((span) => span.traceId)).toEqual([
      "463ac35c9f6413ad",
      "00000000000000aa",
    ]);
  });

  it("reads local spans without kind as internal", () => {
    const [span] = read(zipkinSpan({ tags: { error: "timeout" } })).spans;
    expect(span.kind).toBe("internal");
    expect(span.isError).toBe(true);
    expect(span.statusMessage).toBe("timeout");
  });

  it("rejects a span without id", () => {
    const error = readError(zipkinSpan({ id: undefined }));
    expect(error.code).toBe("missingId");
    expect(error.message).toBe(
      'the span has no "id"; every span needs a hex id at $[0] (byte 1)',
    );
  });

  it("rejects a non-hex parent id", () => {
    const error = readError(zipkinSpan({ parentId: "xyz" }));
    expect(error.message).toBe(
      '"parentId" is "xyz", not an id of 1 to 16 hex digits at $[0].parentId (byte 1)',
    );
  });

  it("rejects an unknown kind", () => {
    expect(readError(zipkinSpan({ kind: "SERVERLESS" })).code).toBe("invalidShape");
  });

  it("rejects an element that is not a span", () => {
    const error = readError("[1]");
    expect(error.message).toBe(
      "expected a Zipkin span as a JSON object but found a number at $[0] (byte 1)",
    );
  });

  it("drops a fragment that matches no span", () => {
    const reader = read(zipkinSpan({ timestamp: undefined }));
    expect(reader.spans).toEqual([]);
    expect(reader.warnings.list().map((warning) => warning.code)).toEqual([
      "missingTimestamp",
    ]);
  });
});
