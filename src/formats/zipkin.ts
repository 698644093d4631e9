/**
 * Reader for Zipkin v2 JSON: a list of spans, or a list of traces (each a
 * list of spans) as the `/api/v2/traces` endpoint returns. Times are
 * microseconds. A server span may reuse its client's id (`shared: true`).
 * The trace builder splits such pairs, so this reader keeps both as read.
 * Spans without `kind` are local spans and read as "internal".
 */
import type { SpanKind, TraceSpan } from "../engine/traces/span.ts";
import { UNKNOWN_SERVICE } from "../engine/traces/span.ts";
import type { WarningCollector } from "../engine/traces/warnings.ts";
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

const KIND_BY_NAME: Record<string, SpanKind> = {
  CLIENT: "client",
  SERVER: "server",
  PRODUCER: "producer",
  CONSUMER: "consumer",
};

export class ZipkinReader implements FormatReader {
  readonly format = "zipkin" as const;
  private readonly sink: SpanSink;
  /** Spans without a timestamp, merged at the end into the span with the same id and service. */
  private readonly fragments: TraceSpan[] = [];

  constructor(sink: SpanSink) {
    this.sink = sink;
  }

  isStreamed(path: readonly PathSegment[], isArray: boolean): boolean {
    return isArray && path.length <= 1;
  }

  onValue(path: readonly PathSegment[], value: JsonValue, byteOffset: number): void {
    if (path.length === 0) return;
    const place = { path, byteOffset };
    if (path.length === 1 && Array.isArray(value)) return;
    const raw = expectObject(value, place, "a Zipkin span");
    const span = this.readSpan(raw, place);
    if (raw.timestamp === undefined || raw.timestamp === null) this.fragments.push(span);
    else this.sink.add(span);
  }

  /**
   * Merges each span without a timestamp into the span with the same trace
   * id, span id and service, as Zipkin does with late-reported fragments.
   * Unmatched fragments cannot be placed in time and are dropped.
   */
  finish(spans: TraceSpan[], warnings: WarningCollector): void {
    if (this.fragments.length === 0) return;
    const byKey = new Map<string, TraceSpan>();
    for (const span of spans) {
      const key = `${span.traceId}/${span.spanId}/${span.service}`;
      if (!byKey.has(key)) byKey.set(key, span);
    }
    for (const fragment of this.fragments) {
      const ref = { traceId: fragment.traceId, spanId: fragment.spanId };
      const target = byKey.get(
        `${fragment.traceId}/${fragment.spanId}/${fragment.service}`,
      );
      if (!target) {
        warnings.add("missingTimestamp", ref);
        continue;
      }
      target.attributes.push(...fragment.attributes);
      target.isError ||= fragment.isError;
      target.statusMessage ??= fragment.statusMessage;
      if (target.durationNs === 0) target.durationNs = fragment.durationNs;
      warnings.add("mergedFragment", ref);
    }
  }

  private readSpan(raw: JsonObject, place: Place): TraceSpan {
    const traceId = readHexId(raw, "traceId", place, {
      maxDigits: 32,
      padTo: 16,
      isRequired: true,
    })!;
    const spanId = readHexId(raw, "id", place, {
      maxDigits: 16,
      padTo: 16,
      isRequired: true,
    })!;
    const parentSpanId = readHexId(raw, "parentId", place, {
      maxDigits: 16,
      padTo: 16,
      isRequired: false,
    });
    const hasTimestamp = raw.timestamp !== undefined && raw.timestamp !== null;
    const startNs = hasTimestamp ? readIntegerTime(raw, "timestamp", place) * 1000n : -1n;
    const durationNs = readMicrosDuration(raw, "duration", place);

    const kindName = optionalString(raw, "kind", place);
    let kind: SpanKind = "internal";
    if (kindName !== undefined) {
      if (!(kindName in KIND_BY_NAME)) {
        rejectField(
          "invalidShape",
          `"kind" is ${JSON.stringify(kindName.slice(0, 40))}, not CLIENT, SERVER, PRODUCER or CONSUMER`,
          place,
          "kind",
        );
      }
      kind = KIND_BY_NAME[kindName];
    }

    const attributes: string[] = [];
    let errorText: string | undefined;
    if (isObject(raw.tags)) {
      for (const key of Object.keys(raw.tags)) {
        const text = attributeText(raw.tags[key]);
        if (key === "error") errorText = text;
        attributes.push(this.sink.intern(key), this.sink.intern(text));
      }
    } else if (raw.tags !== undefined && raw.tags !== null) {
      rejectField("invalidShape", `expected "tags" to be an object`, place, "tags");
    }

    return {
      traceId,
      spanId,
      parentSpanId,
      name: this.sink.intern(optionalString(raw, "name", place) ?? ""),
      service: this.sink.intern(
        this.readServiceName(raw.localEndpoint, place) ?? UNKNOWN_SERVICE,
      ),
      kind,
      startNs,
      durationNs,
      isError: errorText !== undefined,
      statusMessage: errorText || undefined,
      remoteService: this.readServiceName(raw.remoteEndpoint, place),
      attributes,
      byteOffset: place.byteOffset,
    };
  }

  private readServiceName(
    endpoint: JsonValue | undefined,
    place: Place,
  ): string | undefined {
    if (endpoint === undefined || endpoint === null) return undefined;
    if (!isObject(endpoint))
      rejectField("invalidShape", "expected an endpoint object", place);
    const name = endpoint.serviceName;
    return typeof name === "string" && name !== "" ? this.sink.intern(name) : undefined;
  }
}
