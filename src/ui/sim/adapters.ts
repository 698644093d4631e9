/**
 * Turns the simulation's event traces into the chains and matches the
 * trace search shows.
 */
import type { EventTrace } from "../../engine/sim/index.ts";
import type { TraceMatch } from "../traces/types.ts";

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

/**
 * Returns the list entry of one traced event. Routes and retries are
 * counted apart, because one event fanned out to three routes makes three
 * first attempts and no retry.
 */
export function toTraceMatch(trace: EventTrace): TraceMatch {
  const attempts = trace.hops.filter((hop) => hop.kind === "attempt");
  const lastDeadLetter = trace.hops.findLastIndex((hop) => hop.kind === "deadLetter");
  const lastRedrive = trace.hops.findLastIndex((hop) => hop.kind === "redrive");
  let outcome: TraceMatch["outcome"] = "pending";
  if (lastDeadLetter >= 0 && lastDeadLetter > lastRedrive) outcome = "deadLettered";
  else if (attempts.some((hop) => hop.outcome === "ok")) outcome = "delivered";
  const routes = new Set(attempts.map((hop) => hop.route ?? ""));
  return {
    eventId: String(trace.eventId),
    key: trace.key,
    topic: trace.hops.find((hop) => hop.kind === "publish")?.detail,
    publishedAtMs: trace.publishedAtMs,
    outcome,
    routes: routes.size,
    retries: attempts.filter((hop) => (hop.attempt ?? 1) > 1).length,
  };
}
