/**
 * Reader for OTLP/JSON trace files: `resourceSpans[].scopeSpans[].spans[]`
 * (also the older `instrumentationLibrarySpans`), as the OpenTelemetry
 * protocol's JSON mapping writes them. Enums may be integers or names
 * (`2`, `SPAN_KIND_SERVER`), times are nanoseconds as strings or bare
 * integers (kept exact), and ids are hex in either case.
 */
import type { SpanKind, TraceSpan } from "../engine/traces/span.ts";
import { UNKNOWN_SERVICE } from "../engine/traces/span.ts";
import type { FormatReader, SpanSink } from "./detect.ts";
import {
  attributeText,
  checkDuration,
  expectObject,
  isObject,
  optionalString,
  type Place,
  readHexId,
  readIntegerTime,
  rejectField,
} from "./jsonFields.ts";
import type { JsonObject, JsonValue, PathSegment } from "./jsonStream.ts";

const SCOPE_KEYS = new Set(["scopeSpans", "instrumentationLibrarySpans"]);

const KIND_BY_NUMBER: SpanKind[] = [
  "unspecified",
  "internal",
  "server",
  "client",
  "producer",
  "consumer",
];

const KIND_BY_NAME: Record<string, SpanKind> = {
  SPAN_KIND_UNSPECIFIED: "unspecified",
  SPAN_KIND_INTERNAL: "internal",
  SPAN_KIND_SERVER: "server",
  SPAN_KIND_CLIENT: "client",
  SPAN_KIND_PRODUCER: "producer",
  SPAN_KIND_CONSUMER: "consumer",
};

/** Attributes that name the called service of a client span, in order of preference. */
const CLIENT_PEER_KEYS = ["peer.service", "db.system", "server.address", "net.peer.name"];
/** Attributes that name the broker of a producer or consumer span. */
const MESSAGING_PEER_KEYS = [
  "messaging.system",
  "peer.service",
  "server.address",
  "net.peer.name",
];

export class OtlpReader implements FormatReader {
  readonly format = "otlp" as const;
  private readonly sink: SpanSink;
  /** Spans of the resourceSpans element being read, whose resource may come after them. */
  private pending: TraceSpan[] = [];

  constructor(sink: SpanSink) {
    this.sink = sink;
  }

  isStreamed(path: readonly PathSegment[], isArray: boolean): boolean {
    if (!isArray) return false;
    if (path.length === 1) return path[0] === "resourceSpans";
    if (path.length === 3)
      return path[0] === "resourceSpans" && SCOPE_KEYS.has(path[2] as string);
    if (path.length === 5) return path[0] === "resourceSpans" && path[4] === "spans";
    return false;
  }

  onValue(path: readonly PathSegment[], value: JsonValue, byteOffset: number): void {
    const place = { path, byteOffset };
    if (path.length === 6) {
      const span = this.readSpan(expectObject(value, place, "an OTLP span"), place);
      this.sink.add(span);
      this.pending.push(span);
    } else if (path.length === 2) {
      this.resolveResource(expectObject(value, place, "a resourceSpans element"), place);
    } else if (path.length === 0) {
      this.checkDocument(value, place);
    }
  }

  finish(): void {}

  private checkDocument(value: JsonValue, place: Place): void {
    const document = expectObject(value, place, "an OTLP document");
    if (!Array.isArray(document.resourceSpans)) {
      rejectField(
        "invalidShape",
        `expected "resourceSpans" to be an array`,
        place,
        "resourceSpans",
      );
    }
  }

  private resolveResource(element: JsonObject, place: Place): void {
    let service = UNKNOWN_SERVICE;
    const resource = element.resource;
    if (isObject(resource) && Array.isArray(resource.attributes)) {
      for (const attribute of resource.attributes) {
        if (
          isObject(attribute) &&
          attribute.key === "service.name" &&
          isObject(attribute.value)
        ) {
          const name = attribute.value.stringValue;
          if (typeof name === "string" && name !== "") service = name;
        }
      }
    } else if (resource !== undefined && !isObject(resource)) {
      rejectField(
        "invalidShape",
        `expected "resource" to be an object`,
        place,
        "resource",
      );
    }
    service = this.sink.intern(service);
    for (const span of this.pending) span.service = service;
    this.pending = [];
  }

  private readSpan(raw: JsonObject, place: Place): TraceSpan {
    const traceId = readHexId(raw, "traceId", place, {
      maxDigits: 32,
      padTo: 32,
      isRequired: true,
    })!;
    const spanId = readHexId(raw, "spanId", place, {
      maxDigits: 16,
      padTo: 16,
      isRequired: true,
    })!;
    const parentSpanId = readHexId(raw, "parentSpanId", place, {
      maxDigits: 16,
      padTo: 16,
      isRequired: false,
    });
    const startNs = readIntegerTime(raw, "startTimeUnixNano", place);
    const endNs = readIntegerTime(raw, "endTimeUnixNano", place);
    const durationNs = checkDuration(Number(endNs - startNs), place, "endTimeUnixNano");
    const kind = readKind(raw.kind, place);
    const attributes = this.readAttributes(raw.attributes, place);

    let isError = false;
    let statusMessage: string | undefined;
    if (isObject(raw.status)) {
      const code = raw.status.code;
      isError = code === 2 || code === "STATUS_CODE_ERROR";
      statusMessage = optionalString(raw.status, "message", place);
    }

    return {
      traceId,
      spanId,
      parentSpanId,
      name: this.sink.intern(optionalString(raw, "name", place) ?? ""),
      service: UNKNOWN_SERVICE,
      kind,
      startNs,
      durationNs,
      isError,
      statusMessage: statusMessage || undefined,
      remoteService: findRemoteService(kind, attributes),
      attributes,
      byteOffset: place.byteOffset,
    };
  }

  private readAttributes(value: JsonValue | undefined, place: Place): string[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      rejectField(
        "invalidShape",
        `expected "attributes" to be an array`,
        place,
        "attributes",
      );
    }
    const pairs: string[] = [];
    for (const attribute of value) {
      if (!isObject(attribute) || typeof attribute.key !== "string") continue;
      pairs.push(
        this.sink.intern(attribute.key),
        this.sink.intern(anyValueText(attribute.value)),
      );
    }
    return pairs;
  }
}

function readKind(value: JsonValue | undefined, place: Place): SpanKind {
  if (value === undefined || value === null) return "unspecified";
  if (typeof value === "number") return KIND_BY_NUMBER[value] ?? "unspecified";
  if (typeof value === "string" && value in KIND_BY_NAME) return KIND_BY_NAME[value];
  rejectField(
    "invalidShape",
    `"kind" is ${JSON.stringify(String(value)).slice(0, 40)}, not 0-5 or a SPAN_KIND_ name`,
    place,
    "kind",
  );
}

/** Renders an OTLP AnyValue (`{"stringValue": ...}`, `{"intValue": ...}`, ...) as text. */
function anyValueText(value: JsonValue | undefined): string {
  if (!isObject(value)) return value === undefined ? "" : attributeText(value);
  if (typeof value.stringValue === "string") return value.stringValue;
  if (value.intValue !== undefined) return attributeText(value.intValue);
  if (value.doubleValue !== undefined) return attributeText(value.doubleValue);
  if (value.boolValue !== undefined) return attributeText(value.boolValue);
  if (value.bytesValue !== undefined) return attributeText(value.bytesValue);
  if (isObject(value.arrayValue) && Array.isArray(value.arrayValue.values)) {
    return `[${value.arrayValue.values.map((item) => anyValueText(item)).join(", ")}]`;
  }
  if (isObject(value.kvlistValue) && Array.isArray(value.kvlistValue.values)) {
    const entries = value.kvlistValue.values.map((entry) =>
      isObject(entry) ? `${String(entry.key)}=${anyValueText(entry.value)}` : "",
    );
    return `{${entries.join(", ")}}`;
  }
  return attributeText(value);
}

/** Returns the first attribute value among `keys`, from flat key/value pairs. */
export function findAttribute(pairs: string[], keys: string[]): string | undefined {
  for (const key of keys) {
    for (let i = 0; i < pairs.length; i += 2) {
      if (pairs[i] === key && pairs[i + 1] !== "") return pairs[i + 1];
    }
  }
  return undefined;
}

/** Names the service or broker a span talks to, from OTLP or Jaeger attributes. */
export function findRemoteService(
  kind: SpanKind,
  attributes: string[],
): string | undefined {
  if (kind === "producer" || kind === "consumer")
    return findAttribute(attributes, MESSAGING_PEER_KEYS);
  if (kind === "client") return findAttribute(attributes, CLIENT_PEER_KEYS);
  return undefined;
}
