/**
 * Turns the simulation's dead-letter entries and event traces into the row
 * and span shapes the generic views take.
 */
import type { DeadLetterEntry, EventTrace, TraceHop } from "../../engine/sim/index.ts";
import type { DeadLetterRow } from "../deadletters/types.ts";
import type { TraceMatch, WaterfallSpan } from "../traces/types.ts";

export function toDeadLetterRow(entry: DeadLetterEntry): DeadLetterRow {
  return {
    id: String(entry.id),
    eventId: String(entry.eventId),
    routeId: entry.route,
    topic: entry.topic,
    service: entry.service,
    key: entry.key,
    attempts: entry.attempts,
    lastError: entry.lastError,
    deadLetteredAtMs: entry.deadLetteredAtMs,
    publishedAtMs: entry.publishedAtMs,
  };
}

function serviceOfRoute(route: string | undefined): string | undefined {
  const arrow = route?.indexOf("->") ?? -1;
  return route && arrow >= 0 ? route.slice(arrow + 2) : undefined;
}

function hopLabel(hop: TraceHop): string {
  switch (hop.kind) {
    case "publish":
      return `publish to ${hop.detail ?? "topic"}`;
    case "queue":
      return `queue wait ${hop.route ?? ""}`.trim();
    case "attempt":
      return `attempt ${hop.attempt ?? 1}${hop.outcome && hop.outcome !== "ok" ? ` (${hop.outcome})` : ""}`;
    case "backoff":
      return `retry backoff ${hop.route ?? ""}`.trim();
    case "deadLetter":
      return `dead letter to ${hop.detail ?? "queue"}`;
    case "redrive":
      return `redrive from ${hop.detail ?? "queue"}`;
  }
}

function hopAttributes(trace: EventTrace, hop: TraceHop): Record<string, string> {
  const attributes: Record<string, string> = { hop: hop.kind };
  if (hop.route) attributes.route = hop.route;
  if (hop.outcome) attributes.outcome = hop.outcome;
  if (hop.detail) attributes.detail = hop.detail;
  if (hop.outcome && hop.outcome !== "ok") attributes["error.message"] = hop.outcome;
  attributes["event.id"] = String(trace.eventId);
  return attributes;
}

/**
 * Builds waterfall spans for a chain of traces: one span per event, covering
 * its hops, with the hops nested under it and emitted events nested under
 * the event that emitted them.
 */
export function tracesToWaterfall(traces: readonly EventTrace[]): WaterfallSpan[] {
  const present = new Set(traces.map((trace) => trace.eventId));
  const spans: WaterfallSpan[] = [];
  for (const trace of traces) {
    const eventSpanId = `event-${trace.eventId}`;
    const endMs = trace.hops.reduce(
      (end, hop) => Math.max(end, hop.endMs),
      trace.publishedAtMs,
    );
    const hasFailure = trace.hops.some(
      (hop) =>
        hop.kind === "deadLetter" || (hop.kind === "attempt" && hop.outcome !== "ok"),
    );
    const attributes: Record<string, string> = {
      "event.id": String(trace.eventId),
      "event.type": trace.eventType,
      key: trace.key,
      source: trace.source,
    };
    for (const [field, value] of Object.entries(trace.fields))
      attributes[`field.${field}`] = String(value);
    spans.push({
      id: eventSpanId,
      parentId:
        trace.parentId !== undefined && present.has(trace.parentId)
          ? `event-${trace.parentId}`
          : undefined,
      label: `${trace.eventType} #${trace.eventId}`,
      service: trace.source,
      startMs: trace.publishedAtMs,
      durationMs: endMs - trace.publishedAtMs,
      error: hasFailure,
      attributes,
    });
    trace.hops.forEach((hop, index) => {
      spans.push({
        id: `${eventSpanId}-hop-${index}`,
        parentId: eventSpanId,
        label: hopLabel(hop),
        service: serviceOfRoute(hop.route) ?? trace.source,
        startMs: hop.startMs,
        durationMs: hop.endMs - hop.startMs,
        error:
          hop.kind === "deadLetter" || (hop.kind === "attempt" && hop.outcome !== "ok"),
        attempt: hop.kind === "attempt" ? hop.attempt : undefined,
        attributes: hopAttributes(trace, hop),
      });
    });
  }
  return spans;
}

/** Returns the traces of one chain: the root event of `eventId` and every event it led to. */
export function selectChain(
  traces: readonly EventTrace[],
  eventId: number,
): EventTrace[] {
  const byId = new Map(traces.map((trace) => [trace.eventId, trace]));
  let root = byId.get(eventId);
  if (!root) return [];
  const seen = new Set<number>([root.eventId]);
  while (
    root.parentId !== undefined &&
    byId.has(root.parentId) &&
    !seen.has(root.parentId)
  ) {
    seen.add(root.parentId);
    root = byId.get(root.parentId)!;
  }
  const chain: EventTrace[] = [];
  const pending = [root];
  const visited = new Set<number>();
  while (pending.length > 0) {
    const trace = pending.pop()!;
    if (visited.has(trace.eventId)) continue;
    visited.add(trace.eventId);
    chain.push(trace);
    for (const child of trace.children) {
      const next = byId.get(child);
      if (next) pending.push(next);
    }
  }
  return chain.sort((a, b) => a.publishedAtMs - b.publishedAtMs || a.eventId - b.eventId);
}

export function toTraceMatch(trace: EventTrace): TraceMatch {
  const attempts = trace.hops.filter((hop) => hop.kind === "attempt");
  const lastDeadLetter = trace.hops.findLastIndex((hop) => hop.kind === "deadLetter");
  const lastRedrive = trace.hops.findLastIndex((hop) => hop.kind === "redrive");
  let outcome: TraceMatch["outcome"] = "pending";
  if (lastDeadLetter >= 0 && lastDeadLetter > lastRedrive) outcome = "deadLettered";
  else if (attempts.some((hop) => hop.outcome === "ok")) outcome = "delivered";
  return {
    eventId: String(trace.eventId),
    key: trace.key,
    topic: trace.hops.find((hop) => hop.kind === "publish")?.detail,
    publishedAtMs: trace.publishedAtMs,
    outcome,
    attempts: attempts.length,
  };
}
