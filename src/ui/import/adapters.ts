import type { TraceWaterfall } from "../../engine/traces/waterfall.ts";
import type { WaterfallSpan } from "../traces/types.ts";

/** Turns an imported trace's waterfall rows into spans for the waterfall view. Row indexes become ids, because span ids may repeat in a file. */
export function waterfallToSpans(waterfall: TraceWaterfall): WaterfallSpan[] {
  return waterfall.rows.map((row, index) => {
    const attributes: Record<string, string> = {
      "span.id": row.spanId,
      "span.kind": row.kind,
      "self.ms": String(row.selfMs),
    };
    if (row.remoteService) attributes["peer.service"] = row.remoteService;
    if (row.statusMessage) attributes["error.message"] = row.statusMessage;
    if (row.isOrphan) attributes["parent.missing"] = row.parentSpanId ?? "";
    for (const [key, value] of row.attributes) attributes[key] = value;
    return {
      id: String(index),
      parentId: row.parentRow >= 0 ? String(row.parentRow) : undefined,
      label: row.name,
      service: row.service,
      startMs: row.offsetMs,
      durationMs: row.durationMs,
      error: row.isError,
      attributes,
    };
  });
}
