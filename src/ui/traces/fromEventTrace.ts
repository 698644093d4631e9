/**
 * Turns the simulation's event traces into waterfall spans: one span per
 * event, with its publish hop and one span per route it was delivered on,
 * which contains the queue wait, each attempt, backoffs, the dead letter and
 * any redrive. Events emitted by a delivery nest under that delivery's route.
 */
import type { EventTrace, TraceHop } from "../../engine/sim/traces.ts";
import type { WaterfallSpan } from "./types.ts";

const HOP_LABELS: Record<TraceHop["kind"], string> = {
  publish: "publish",
  queue: "queue wait",
  attempt: "attempt",
  backoff: "backoff",
  deadLetter: "dead letter",
  redrive: "redrive",
};

/** Returns the subscriber of a `topic->service` route id, or the whole id when it has no arrow. */
export function routeService(routeId: string): string {
  const arrow = routeId.lastIndexOf("->");
  return arrow < 0 ? routeId : routeId.slice(arrow + 2);
}

function eventSpanId(eventId: number): string {
  return `event:${eventId}`;
}

function routeSpanId(eventId: number, routeId: string): string {
  return `event:${eventId}:route:${routeId}`;
}

function hopLabel(hop: TraceHop): string {
  return hop.kind === "attempt" && hop.attempt !== undefined
    ? `attempt ${hop.attempt}`
    : HOP_LABELS[hop.kind];
}

function hopAttributes(hop: TraceHop): Record<string, string> {
  const attributes: Record<string, string> = { "hop.kind": hop.kind };
  if (hop.route !== undefined) {
    attributes.route = hop.route;
  }
  if (hop.outcome !== undefined) {
    attributes.outcome = hop.outcome;
  }
  if (hop.detail !== undefined) {
    attributes[hop.kind === "publish" ? "topics" : "queue"] = hop.detail;
  }
  return attributes;
}

/** Returns whether a hop failed: an attempt with an outcome other than ok, or a dead letter. */
function isFailedHop(hop: TraceHop): boolean {
  return (
    hop.kind === "deadLetter" ||
    (hop.kind === "attempt" && hop.outcome !== undefined && hop.outcome !== "ok")
  );
}

function eventSpans(
  trace: EventTrace,
  parentSpanId: string | undefined,
): WaterfallSpan[] {
  const rootId = eventSpanId(trace.eventId);
  let endMs = trace.publishedAtMs;
  for (const hop of trace.hops) {
    endMs = Math.max(endMs, hop.endMs);
  }
  const attributes: Record<string, string> = {
    "event.id": String(trace.eventId),
    "event.type": trace.eventType,
    key: trace.key,
    source: trace.source,
  };
  for (const [name, value] of Object.entries(trace.fields)) {
    attributes[`field.${name}`] = String(value);
  }
  const root: WaterfallSpan = {
    id: rootId,
    parentId: parentSpanId,
    label: `${trace.eventType} #${trace.eventId}`,
    service: trace.source,
    startMs: trace.publishedAtMs,
    durationMs: endMs - trace.publishedAtMs,
    error: trace.hops.some((hop) => hop.kind === "deadLetter"),
    attributes,
  };
  const spans = [root];

  // One span per route covers its hops, and routes keep the order they first appear in.
  const routeSpans = new Map<string, WaterfallSpan>();
  trace.hops.forEach((hop, index) => {
    let parentId = rootId;
    if (hop.route !== undefined) {
      let routeSpan = routeSpans.get(hop.route);
      if (!routeSpan) {
        routeSpan = {
          id: routeSpanId(trace.eventId, hop.route),
          parentId: rootId,
          label: `deliver ${hop.route}`,
          service: routeService(hop.route),
          startMs: hop.startMs,
          durationMs: 0,
          error: false,
          attributes: { route: hop.route },
        };
        routeSpans.set(hop.route, routeSpan);
        spans.push(routeSpan);
      }
      const routeEndMs = Math.max(routeSpan.startMs + routeSpan.durationMs, hop.endMs);
      routeSpan.startMs = Math.min(routeSpan.startMs, hop.startMs);
      routeSpan.durationMs = routeEndMs - routeSpan.startMs;
      routeSpan.error ||= hop.kind === "deadLetter";
      parentId = routeSpan.id;
    }
    spans.push({
      id: `${parentId}:hop:${index}`,
      parentId,
      label: hopLabel(hop),
      service: hop.route !== undefined ? routeService(hop.route) : trace.source,
      startMs: hop.startMs,
      durationMs: hop.endMs - hop.startMs,
      error: isFailedHop(hop),
      attempt: hop.kind === "attempt" ? hop.attempt : undefined,
      attributes: hopAttributes(hop),
    });
  });
  return spans;
}

/**
 * Converts the traces of one event chain (in any order) to waterfall spans.
 * An emitted event nests under its parent's route to the service that
 * emitted it, or under the parent event when that route is not traced. An
 * event whose parent is not among `traces` becomes a root.
 */
export function eventTracesToSpans(traces: readonly EventTrace[]): WaterfallSpan[] {
  const byId = new Map(traces.map((trace) => [trace.eventId, trace]));
  const spans: WaterfallSpan[] = [];
  for (const trace of traces) {
    const parent = trace.parentId !== undefined ? byId.get(trace.parentId) : undefined;
    let parentSpanId: string | undefined;
    if (parent) {
      const emittingRoute = parent.hops.find(
        (hop) => hop.route !== undefined && routeService(hop.route) === trace.source,
      )?.route;
      parentSpanId =
        emittingRoute !== undefined
          ? routeSpanId(parent.eventId, emittingRoute)
          : eventSpanId(parent.eventId);
    }
    spans.push(...eventSpans(trace, parentSpanId));
  }
  return spans;
}
