/**
 * Links spans into traces: groups them by trace id, drops exact duplicates,
 * resolves parents (splitting Zipkin client and server spans that share an
 * id), breaks parent cycles and computes depths, all without recursion so a
 * chain of 100,000 nested spans is safe. Plain TypeScript, no DOM.
 */
import { correctClockSkew } from "./clockSkew.ts";
import type { TraceSpan } from "./span.ts";
import type { WarningCollector } from "./warnings.ts";

/** Depth beyond which a span counts as deeply nested in warnings. */
export const DEEP_NESTING_DEPTH = 1000;

export interface TraceEntry {
  traceId: string;
  /** Indices into TraceIndex.spans, by reported start time. */
  spanIndices: number[];
  /** Earliest span start in the trace after skew correction, in nanoseconds since the Unix epoch. */
  startNs: bigint;
  /** Latest span end, in nanoseconds after `startNs`. */
  durationNs: number;
}

/** Spans of an import with their tree structure, as parallel arrays indexed by span. */
export interface TraceIndex {
  /** Spans kept after dropping duplicates. */
  spans: TraceSpan[];
  /** Index of each span's parent, or -1 for a root. */
  parent: Int32Array;
  /** Children of span i are childList[childStart[i] .. childStart[i + 1]), by start time. */
  childStart: Int32Array;
  childList: Int32Array;
  /** 0 for roots. */
  depth: Int32Array;
  /** Start of each span in nanoseconds after its trace's start, after clock skew correction. */
  startOffsetNs: Float64Array;
  /** Nanoseconds that clock skew correction moved each span by; 0 for most. */
  skewShiftNs: Float64Array;
  /** Index into `traces` of each span's trace. */
  traceOf: Int32Array;
  traces: TraceEntry[];
}

/**
 * Builds the index of `spans`, adding warnings for duplicates, orphans,
 * several roots, clock skew, parent cycles and deep nesting to `warnings`.
 * Runs in O(n log n) time and allocates a few arrays of n entries.
 */
export function buildTraceIndex(
  input: TraceSpan[],
  warnings: WarningCollector,
): TraceIndex {
  const groups = groupByTrace(input);
  const spans = dropDuplicates(groups, warnings);
  const n = spans.length;

  const traces: TraceEntry[] = [];
  const traceOf = new Int32Array(n);
  const startOffsetNs = new Float64Array(n);
  const parent = new Int32Array(n).fill(-1);
  let offset = 0;
  for (const group of groups) {
    const indices = group.map((_, k) => offset + k);
    offset += group.length;
    const entry = describeTrace(spans, indices, startOffsetNs);
    for (const i of indices) traceOf[i] = traces.length;
    traces.push(entry);
    resolveParents(spans, indices, parent, warnings);
  }

  const depth = breakCyclesAndMeasureDepth(spans, parent, warnings);
  const { childStart, childList } = collectChildren(parent);
  const skewShiftNs = correctClockSkew(
    { spans, parent, childStart, childList, startOffsetNs, traceOf, traces },
    warnings,
  );
  return {
    spans,
    parent,
    childStart,
    childList,
    depth,
    startOffsetNs,
    skewShiftNs,
    traceOf,
    traces,
  };
}

function groupByTrace(spans: TraceSpan[]): TraceSpan[][] {
  const byTrace = new Map<string, TraceSpan[]>();
  for (const span of spans) {
    let group = byTrace.get(span.traceId);
    if (!group) {
      group = [];
      byTrace.set(span.traceId, group);
    }
    group.push(span);
  }
  return [...byTrace.values()];
}

/** Removes, in place, spans equal to an earlier one in id, service, kind, name and times. */
function dropDuplicates(groups: TraceSpan[][], warnings: WarningCollector): TraceSpan[] {
  const kept: TraceSpan[] = [];
  for (let g = 0; g < groups.length; g++) {
    const seen = new Set<string>();
    const unique: TraceSpan[] = [];
    for (const span of groups[g]) {
      const key = `${span.spanId}|${span.service}|${span.kind}|${span.name}|${span.startNs}|${span.durationNs}`;
      if (seen.has(key)) {
        warnings.add("duplicateSpan", { traceId: span.traceId, spanId: span.spanId });
        continue;
      }
      seen.add(key);
      unique.push(span);
    }
    unique.sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0));
    groups[g] = unique;
    for (const span of unique) kept.push(span);
  }
  return kept;
}

function describeTrace(
  spans: TraceSpan[],
  indices: number[],
  startOffsetNs: Float64Array,
): TraceEntry {
  const startNs = spans[indices[0]].startNs;
  let durationNs = 0;
  for (const i of indices) {
    startOffsetNs[i] = Number(spans[i].startNs - startNs);
    durationNs = Math.max(durationNs, startOffsetNs[i] + spans[i].durationNs);
  }
  return {
    traceId: spans[indices[0]].traceId,
    spanIndices: indices,
    startNs,
    durationNs,
  };
}

const isCaller = (span: TraceSpan) => span.kind === "client" || span.kind === "producer";
const isCallee = (span: TraceSpan) => span.kind === "server" || span.kind === "consumer";

/**
 * Sets parent[i] for the spans of one trace. A server or consumer span that
 * shares its id with a client or producer span (Zipkin `shared`) becomes
 * that span's child. Where several spans carry the parent id, a child goes
 * to one in its own service, preferring one that is not a client.
 */
function resolveParents(
  spans: TraceSpan[],
  indices: number[],
  parent: Int32Array,
  warnings: WarningCollector,
): void {
  const byId = new Map<string, number[]>();
  for (const i of indices) {
    const list = byId.get(spans[i].spanId);
    if (list) list.push(i);
    else byId.set(spans[i].spanId, [i]);
  }

  let rootCount = 0;
  for (const i of indices) {
    const span = spans[i];
    const sameId = byId.get(span.spanId)!;
    if (isCallee(span) && sameId.length > 1) {
      const caller = sameId.find((j) => j !== i && isCaller(spans[j]));
      if (caller !== undefined) {
        parent[i] = caller;
        continue;
      }
    }
    if (span.parentSpanId === undefined) {
      rootCount++;
      continue;
    }
    const candidates = byId.get(span.parentSpanId)?.filter((j) => j !== i);
    if (!candidates || candidates.length === 0) {
      const ref = { traceId: span.traceId, spanId: span.spanId };
      warnings.add(span.parentSpanId === span.spanId ? "parentCycle" : "orphanSpan", ref);
      continue;
    }
    parent[i] =
      candidates.length === 1 ? candidates[0] : pickParent(spans, candidates, span);
  }
  if (rootCount > 1) {
    warnings.add("multipleRoots", { traceId: spans[indices[0]].traceId, spanId: "" });
  }
}

function pickParent(spans: TraceSpan[], candidates: number[], child: TraceSpan): number {
  const sameService = candidates.filter((j) => spans[j].service === child.service);
  const pool = sameService.length > 0 ? sameService : candidates;
  return pool.find((j) => spans[j].kind !== "client") ?? pool[0];
}

/**
 * Walks up from every span with an explicit stack, so depth has no
 * recursion limit. A walk that meets a span already on its own path has
 * found a cycle, and the parent link that closes it is removed.
 */
function breakCyclesAndMeasureDepth(
  spans: TraceSpan[],
  parent: Int32Array,
  warnings: WarningCollector,
): Int32Array {
  const n = spans.length;
  const depth = new Int32Array(n).fill(-1);
  const onPath = new Uint8Array(n);
  const path: number[] = [];
  let deepCount = 0;

  for (let start = 0; start < n; start++) {
    if (depth[start] >= 0) continue;
    let node = start;
    while (node >= 0 && depth[node] < 0 && onPath[node] === 0) {
      onPath[node] = 1;
      path.push(node);
      node = parent[node];
    }
    if (node >= 0 && onPath[node] === 1) {
      // The last span pushed links back into the path: cut its parent link.
      const closing = path[path.length - 1];
      const cycleLength = path.length - path.indexOf(node);
      warnings.add(
        "parentCycle",
        { traceId: spans[closing].traceId, spanId: spans[closing].spanId },
        cycleLength,
      );
      parent[closing] = -1;
      node = -1;
    }
    let nextDepth = node >= 0 ? depth[node] + 1 : 0;
    for (let k = path.length - 1; k >= 0; k--) {
      const current = path[k];
      depth[current] = parent[current] >= 0 ? nextDepth : 0;
      nextDepth = depth[current] + 1;
      onPath[current] = 0;
      if (depth[current] > DEEP_NESTING_DEPTH) deepCount++;
    }
    path.length = 0;
  }
  if (deepCount > 0) warnings.add("deepNesting", undefined, deepCount);
  return depth;
}

function collectChildren(parent: Int32Array): {
  childStart: Int32Array;
  childList: Int32Array;
} {
  const n = parent.length;
  const childStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) if (parent[i] >= 0) childStart[parent[i] + 1]++;
  for (let i = 0; i < n; i++) childStart[i + 1] += childStart[i];
  const fill = childStart.slice(0, n);
  const childList = new Int32Array(childStart[n]);
  // Spans are already sorted by start within each trace, so children arrive in start order.
  for (let i = 0; i < n; i++) if (parent[i] >= 0) childList[fill[parent[i]]++] = i;
  return { childStart, childList };
}
