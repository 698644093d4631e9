/**
 * Derives the service dependency graph of imported spans, with per-edge
 * call counts, error counts and exact duration percentiles.
 *
 * Rules, applied to every span S with parent P:
 * - A consumer S with a broker (its own remote service, or that of its
 *   producer parent) adds topic(broker) -> S.service.
 * - Otherwise, when P is in another service, P.service -> S.service; a
 *   producer P with a broker makes it topic(broker) -> S.service instead.
 * - A producer S with a broker adds S.service -> topic(broker).
 * - A client S that names a remote service other than its own and has no
 *   child in another service (the callee is not instrumented) adds
 *   S.service -> that service, drawn as an external node unless it also
 *   has spans. Some tracers name the local service as the remote one on
 *   database calls, so such a name says nothing about the callee and adds
 *   no edge.
 * An edge's duration is that of the span on its receiving side when that
 * side is instrumented, else of the calling span. An edge counts an error
 * when that span failed, or when P was the client or producer of the same
 * call and failed.
 */
import { type EdgeKind, nodeId } from "../topology/model.ts";
import { nearestRank } from "./percentiles.ts";
import type { TraceSpan } from "./span.ts";
import type { TraceIndex } from "./traceIndex.ts";

/** Figures of one dependency edge, with durations in milliseconds. */
export interface EdgeStats {
  /** Node id, such as `service:frontend` or `topic:kafka`. */
  source: string;
  target: string;
  kind: EdgeKind;
  callCount: number;
  errorCount: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
}

interface EdgeAccumulator {
  source: string;
  target: string;
  kind: EdgeKind;
  durationsNs: number[];
  errorCount: number;
}

/** Collects the edges of every span in `index`. */
export function deriveEdges(index: TraceIndex): EdgeStats[] {
  const { spans, parent } = index;
  const services = new Set(spans.map((span) => span.service));
  const edges = new Map<string, EdgeAccumulator>();

  const record = (
    source: string,
    target: string,
    kind: EdgeKind,
    span: TraceSpan,
    isError: boolean,
  ) => {
    const key = `${source}\n${target}\n${kind}`;
    let edge = edges.get(key);
    if (!edge) {
      edge = { source, target, kind, durationsNs: [], errorCount: 0 };
      edges.set(key, edge);
    }
    edge.durationsNs.push(span.durationNs);
    if (isError) edge.errorCount++;
  };
  const serviceNode = (name: string) => nodeId("service", name);
  const peerNode = (name: string) =>
    nodeId(services.has(name) ? "service" : "external", name);

  for (let i = 0; i < spans.length; i++) {
    const span = spans[i];
    const caller = parent[i] >= 0 ? spans[parent[i]] : undefined;
    const isCallerError =
      caller !== undefined &&
      (caller.kind === "client" || caller.kind === "producer") &&
      caller.isError;

    // Edge into this span's service.
    const broker =
      span.kind === "consumer"
        ? (span.remoteService ??
          (caller?.kind === "producer" ? caller.remoteService : undefined))
        : caller?.kind === "producer" && caller.service !== span.service
          ? caller.remoteService
          : undefined;
    if (broker !== undefined) {
      record(
        nodeId("topic", broker),
        serviceNode(span.service),
        "subscribe",
        span,
        span.isError || isCallerError,
      );
    } else if (caller !== undefined && caller.service !== span.service) {
      const kind = caller.kind === "producer" ? "emit" : "call";
      record(
        serviceNode(caller.service),
        serviceNode(span.service),
        kind,
        span,
        span.isError || isCallerError,
      );
    }

    // Edge out of this span to a broker or an uninstrumented service.
    if (span.remoteService === undefined) continue;
    if (span.kind === "producer") {
      record(
        serviceNode(span.service),
        nodeId("topic", span.remoteService),
        "publish",
        span,
        span.isError,
      );
    } else if (
      span.kind === "client" &&
      span.remoteService !== span.service &&
      !hasChildInOtherService(index, i)
    ) {
      record(
        serviceNode(span.service),
        peerNode(span.remoteService),
        "call",
        span,
        span.isError,
      );
    }
  }

  return [...edges.values()].map(summarizeEdge).sort(compareEdges);
}

function hasChildInOtherService(index: TraceIndex, i: number): boolean {
  const { spans, childStart, childList } = index;
  for (let k = childStart[i]; k < childStart[i + 1]; k++) {
    if (spans[childList[k]].service !== spans[i].service) return true;
  }
  return false;
}

function summarizeEdge(edge: EdgeAccumulator): EdgeStats {
  const sorted = Float64Array.from(edge.durationsNs).sort();
  return {
    source: edge.source,
    target: edge.target,
    kind: edge.kind,
    callCount: sorted.length,
    errorCount: edge.errorCount,
    p50Ms: nearestRank(sorted, 50) / 1e6,
    p90Ms: nearestRank(sorted, 90) / 1e6,
    p99Ms: nearestRank(sorted, 99) / 1e6,
  };
}

function compareEdges(a: EdgeStats, b: EdgeStats): number {
  return (
    a.source.localeCompare(b.source) ||
    a.target.localeCompare(b.target) ||
    a.kind.localeCompare(b.kind)
  );
}
