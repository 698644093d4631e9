/**
 * Turns imported spans (OTLP, Jaeger, Zipkin, already read into TraceSpan)
 * into waterfall spans, with times in milliseconds from the trace's first start.
 */
import type { TraceSpan } from "../../engine/traces/span.ts";
import type { WaterfallSpan } from "./types.ts";

const NS_PER_MS = 1e6;

/**
 * Converts the spans of one trace. Zipkin may give a client span and the
 * server span it called the same id: the later one gets `${spanId}~${n}` and
 * nests under the first, so ids stay unique and the call still reads as nested.
 */
export function traceSpansToWaterfall(spans: readonly TraceSpan[]): WaterfallSpan[] {
  if (spans.length === 0) {
    return [];
  }
  let originNs = spans[0].startNs;
  for (const span of spans) {
    if (span.startNs < originNs) {
      originNs = span.startNs;
    }
  }

  const seen = new Map<string, number>();
  return spans.map((span) => {
    const count = (seen.get(span.spanId) ?? 0) + 1;
    seen.set(span.spanId, count);
    const isRepeat = count > 1;

    const attributes: Record<string, string> = { "span.kind": span.kind };
    for (let i = 0; i + 1 < span.attributes.length; i += 2) {
      attributes[span.attributes[i]] = span.attributes[i + 1];
    }
    if (span.statusMessage !== undefined) {
      attributes["status.message"] = span.statusMessage;
    }
    if (span.remoteService !== undefined) {
      attributes["remote.service"] = span.remoteService;
    }

    return {
      id: isRepeat ? `${span.spanId}~${count}` : span.spanId,
      parentId: isRepeat ? span.spanId : span.parentSpanId,
      label: span.name,
      service: span.service,
      // The difference is exact as a bigint, so only the final division rounds.
      startMs: Number(span.startNs - originNs) / NS_PER_MS,
      durationMs: span.durationNs / NS_PER_MS,
      error: span.isError,
      attributes,
    };
  });
}
