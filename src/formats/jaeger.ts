/**
 * Reader for Jaeger's UI and query API JSON: one trace object
 * (`{"traceID", "spans", "processes"}`) or `{"data": [trace, ...]}`. Spans
 * name their service through `processID` and the trace's `processes`, or an
 * inline `process`. Parents come from `references` (CHILD_OF first, then
 * FOLLOWS_FROM) or the older `parentSpanID`. Times are microseconds.
 */
import type { SpanKind, TraceSpan } from "../engine/traces/span.ts";
import { UNKNOWN_SERVICE } from "../engine/traces/span.ts";
import type { FormatReader, SpanSink } from "./detect.ts";
import {
  attributeText,
  expectObject,
  isObject,
  optionalString,
  type Place,
  readHexId,
  readIntegerTime,
  readMicrosDuration,
  rejectField,
} from "./jsonFields.ts";
import type { JsonObject, JsonValue, PathSegment } from "./jsonStream.ts";
import { findAttribute, findRemoteService } from "./otlp.ts";

const KIND_BY_TAG: Record<string, SpanKind> = {
  client: "client",
  server: "server",
  producer: "producer",
  consumer: "consumer",
  internal: "internal",
};

interface PendingSpan {
  span: TraceSpan;
  processId: string;
}

export class JaegerReader implements FormatReader {
  readonly format = "jaeger" as const;
  private readonly sink: SpanSink;
  /** Spans of the trace being read whose `processes` map may come after them. */
  private pending: PendingSpan[] = [];

  constructor(sink: SpanSink) {
    this.sink = sink;
  }

  isStreamed(path: readonly PathSegment[], isArray: boolean): boolean {
    if (!isArray) return false;
    if (path.length === 1) return path[0] === "data" || path[0] === "spans";
    return path.length === 3 && path[0] === "data" && path[2] === "spans";
  }

  onValue(path: readonly PathSegment[], value: JsonValue, byteOffset: number): void {
    const place = { path, byteOffset };
    const isSpan =
      (path.length === 4 && path[0] === "data" && path[2] === "spans") ||
      (path.length === 2 && path[0] === "spans");
    if (isSpan) {
      this.readSpan(expectObject(value, place, "a Jaeger span"), place);
    } else if (path.length === 2 && path[0] === "data") {
      this.resolveProcesses(expectObject(value, place, "a Jaeger trace"), place);
    } else if (path.length === 0) {
      const document = expectObject(value, place, "a Jaeger document");
      if (!Array.isArray(document.data) && !Array.isArray(document.spans)) {
        rejectField("invalidShape", `expected "data" or "spans" to be an array`, place);
      }
      if (Array.isArray(document.spans)) this.resolveProcesses(document, place);
    }
  }

  finish(): void {}

  private resolveProcesses(trace: JsonObject, place: Place): void {
    const processes = trace.processes;
    if (processes !== undefined && processes !== null && !isObject(processes)) {
      rejectField(
        "invalidShape",
        `expected "processes" to be an object`,
        place,
        "processes",
      );
    }
    for (const { span, processId } of this.pending) {
      const process = isObject(processes) ? processes[processId] : undefined;
      if (
        isObject(process) &&
        typeof process.serviceName === "string" &&
        process.serviceName
      ) {
        span.service = this.sink.intern(process.serviceName);
      }
    }
    this.pending = [];
  }

  private readSpan(raw: JsonObject, place: Place): void {
    const traceId = readHexId(raw, "traceID", place, {
      maxDigits: 32,
      padTo: 32,
      isRequired: true,
    })!;
    const spanId = readHexId(raw, "spanID", place, {
      maxDigits: 16,
      padTo: 16,
      isRequired: true,
    })!;
    const startNs = readIntegerTime(raw, "startTime", place) * 1000n;
    const durationNs = readMicrosDuration(raw, "duration", place);
    const attributes = this.readTags(raw.tags, place);
    const kindTag = findAttribute(attributes, ["span.kind"]);
    const kind = kindTag ? (KIND_BY_TAG[kindTag] ?? "unspecified") : "unspecified";
    const errorTag = findAttribute(attributes, ["error"]);
    const statusCode = findAttribute(attributes, ["otel.status_code"]);

    const span: TraceSpan = {
      traceId,
      spanId,
      parentSpanId: this.readParentId(raw, place),
      name: this.sink.intern(optionalString(raw, "operationName", place) ?? ""),
      service: UNKNOWN_SERVICE,
      kind,
      startNs,
      durationNs,
      isError: errorTag === "true" || statusCode === "ERROR",
      statusMessage: findAttribute(attributes, ["otel.status_description"]),
      remoteService: findRemoteService(kind, attributes),
      attributes,
      byteOffset: place.byteOffset,
    };
    this.sink.add(span);

    const process = raw.process;
    if (
      isObject(process) &&
      typeof process.serviceName === "string" &&
      process.serviceName
    ) {
      span.service = this.sink.intern(process.serviceName);
    } else {
      this.pending.push({
        span,
        processId: optionalString(raw, "processID", place) ?? "",
      });
    }
  }

  private readParentId(raw: JsonObject, place: Place): string | undefined {
    const references = raw.references;
    if (Array.isArray(references)) {
      const referencePlace = {
        path: [...place.path, "references"],
        byteOffset: place.byteOffset,
      };
      for (const refType of ["CHILD_OF", "FOLLOWS_FROM"]) {
        for (let i = 0; i < references.length; i++) {
          const reference = references[i];
          if (isObject(reference) && reference.refType === refType) {
            const itemPlace = {
              path: [...referencePlace.path, i],
              byteOffset: place.byteOffset,
            };
            return readHexId(reference, "spanID", itemPlace, {
              maxDigits: 16,
              padTo: 16,
              isRequired: true,
            });
          }
        }
      }
    } else if (references !== undefined && references !== null) {
      rejectField(
        "invalidShape",
        `expected "references" to be an array`,
        place,
        "references",
      );
    }
    return readHexId(raw, "parentSpanID", place, {
      maxDigits: 16,
      padTo: 16,
      isRequired: false,
    });
  }

  private readTags(value: JsonValue | undefined, place: Place): string[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value))
      rejectField("invalidShape", `expected "tags" to be an array`, place, "tags");
    const pairs: string[] = [];
    for (const tag of value) {
      if (!isObject(tag) || typeof tag.key !== "string") continue;
      const text = tag.value === undefined ? "" : attributeText(tag.value);
      pairs.push(this.sink.intern(tag.key), this.sink.intern(text));
    }
    return pairs;
  }
}
