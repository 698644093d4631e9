/**
 * Rows of a trace waterfall: spans on a time axis, nested by parent, in
 * depth-first order with children by start time. Plain data for the UI.
 * Names and attributes are untrusted input, so render them as text, never as HTML.
 */
import type { TraceAnalysis } from "./analyze.ts";
import type { SpanKind } from "./span.ts";

export interface WaterfallRow {
  /** Row index of the parent, or -1 for a root. */
  parentRow: number;
  depth: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  service: string;
  name: string;
  kind: SpanKind;
  /** Start in milliseconds after the trace's first span starts, after clock skew correction. */
  offsetMs: number;
  /** Milliseconds that clock skew correction moved the span by; 0 when it was not moved. */
  clockSkewShiftMs: number;
  durationMs: number;
  /** Duration minus the union of the children's intervals, in milliseconds. */
  selfMs: number;
  isError: boolean;
  statusMessage: string | undefined;
  /** Service or broker the span calls, when it names one. */
  remoteService: string | undefined;
  /** Attribute key and value pairs, as text. */
  attributes: [string, string][];
  childCount: number;
  /** True when the span names a parent that is not in the input. */
  isOrphan: boolean;
}

export interface TraceWaterfall {
  traceId: string;
  /** Start of the first span, in milliseconds since the Unix epoch. */
  startUnixMs: number;
  durationMs: number;
  /** Services in order of first appearance, for stable colour assignment. */
  services: string[];
  rows: WaterfallRow[];
}

/**
 * Builds the waterfall of one trace, or returns undefined when the trace id
 * is not in the analysis. Iterative, so any nesting depth is safe. Allocates
 * one row per span.
 */
export function buildWaterfall(
  analysis: TraceAnalysis,
  traceId: string,
): TraceWaterfall | undefined {
  const { index, selfNs } = analysis;
  const t = index.traces.findIndex((entry) => entry.traceId === traceId);
  if (t < 0) return undefined;
  const entry = index.traces[t];
  const rows: WaterfallRow[] = [];
  const services: string[] = [];
  const seenServices = new Set<string>();

  // Depth-first from each root. Stack entries are [span, parent row], pushed in reverse start order.
  const roots = entry.spanIndices.filter((i) => index.parent[i] < 0);
  const stack: [number, number][] = roots.reverse().map((i) => [i, -1]);
  while (stack.length > 0) {
    const [i, parentRow] = stack.pop()!;
    const span = index.spans[i];
    const row = rows.length;
    const childCount = index.childStart[i + 1] - index.childStart[i];
    if (!seenServices.has(span.service)) {
      seenServices.add(span.service);
      services.push(span.service);
    }
    const attributes: [string, string][] = [];
    for (let k = 0; k < span.attributes.length; k += 2) {
      attributes.push([span.attributes[k], span.attributes[k + 1]]);
    }
    rows.push({
      parentRow,
      depth: index.depth[i],
      traceId: span.traceId,
      spanId: span.spanId,
      parentSpanId: span.parentSpanId,
      service: span.service,
      name: span.name,
      kind: span.kind,
      offsetMs: index.startOffsetNs[i] / 1e6,
      clockSkewShiftMs: index.skewShiftNs[i] / 1e6,
      durationMs: span.durationNs / 1e6,
      selfMs: selfNs[i] / 1e6,
      isError: span.isError,
      statusMessage: span.statusMessage,
      remoteService: span.remoteService,
      attributes,
      childCount,
      isOrphan: index.parent[i] < 0 && span.parentSpanId !== undefined,
    });
    for (let k = index.childStart[i + 1] - 1; k >= index.childStart[i]; k--) {
      stack.push([index.childList[k], row]);
    }
  }

  return {
    traceId,
    startUnixMs: Number(entry.startNs / 1000n) / 1000,
    durationMs: entry.durationNs / 1e6,
    services,
    rows,
  };
}
