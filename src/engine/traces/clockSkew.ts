/**
 * Clock skew correction between services. When a server span does not lie
 * within the client span that called it from another service, the two
 * hosts' clocks disagree. The server span and everything under it are moved
 * so that the server span sits centered in its client span, which splits the
 * network time evenly between request and response. A server span longer
 * than its client span starts with it instead. Durations never change, only
 * start offsets move.
 */
import type { TraceSpan } from "./span.ts";
import type { TraceEntry } from "./traceIndex.ts";
import type { WarningCollector } from "./warnings.ts";

export interface SkewInput {
  spans: TraceSpan[];
  parent: Int32Array;
  childStart: Int32Array;
  childList: Int32Array;
  /** Start offsets from the trace start, corrected in place. */
  startOffsetNs: Float64Array;
  traceOf: Int32Array;
  /** Trace starts and durations, updated in place to the corrected offsets. */
  traces: TraceEntry[];
}

/**
 * Corrects skewed server spans in place and returns each span's shift in
 * nanoseconds (0 for spans not moved). Visits parents before children with
 * an explicit queue, so any depth is safe. Re-sorts child lists whose order
 * the shifts changed, and adds one "clockSkew" warning per skewed span.
 */
export function correctClockSkew(
  input: SkewInput,
  warnings: WarningCollector,
): Float64Array {
  const { spans, parent, childStart, childList, startOffsetNs } = input;
  const n = spans.length;
  const shiftNs = new Float64Array(n);
  let maxSkewNs = 0;
  let maxPair = "";

  // Breadth-first from the roots, so a parent's shift is final before its children.
  const queue = new Int32Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) if (parent[i] < 0) queue[tail++] = i;
  for (let head = 0; head < tail; head++) {
    const i = queue[head];
    const p = parent[i];
    if (p >= 0) {
      shiftNs[i] = shiftNs[p];
      startOffsetNs[i] += shiftNs[p];
      const skewNs = measureSkew(spans, startOffsetNs, p, i);
      if (skewNs > 0) {
        const caller = spans[p];
        const span = spans[i];
        const slackNs = caller.durationNs - span.durationNs;
        const targetNs = startOffsetNs[p] + (slackNs > 0 ? Math.round(slackNs / 2) : 0);
        shiftNs[i] += targetNs - startOffsetNs[i];
        startOffsetNs[i] = targetNs;
        warnings.add("clockSkew", { traceId: span.traceId, spanId: span.spanId });
        if (skewNs > maxSkewNs) {
          maxSkewNs = skewNs;
          maxPair = `${caller.service} and ${span.service}`;
        }
      }
    }
    for (let k = childStart[i]; k < childStart[i + 1]; k++) queue[tail++] = childList[k];
  }

  if (maxSkewNs > 0) {
    warnings.setDetail(
      "clockSkew",
      `The largest gap is ${maxSkewNs / 1e6} ms, between ${maxPair}.`,
    );
    sortChildLists(childStart, childList, startOffsetNs);
    rebaseTraces(input);
  }
  return shiftNs;
}

/** Returns how far a server span lies outside its cross-service client span, or 0. */
function measureSkew(
  spans: TraceSpan[],
  startOffsetNs: Float64Array,
  p: number,
  i: number,
): number {
  const caller = spans[p];
  const span = spans[i];
  if (
    span.kind !== "server" ||
    caller.kind !== "client" ||
    span.service === caller.service
  )
    return 0;
  const earlyNs = startOffsetNs[p] - startOffsetNs[i];
  const lateNs =
    startOffsetNs[i] + span.durationNs - (startOffsetNs[p] + caller.durationNs);
  return Math.max(0, earlyNs, lateNs);
}

function sortChildLists(
  childStart: Int32Array,
  childList: Int32Array,
  startOffsetNs: Float64Array,
): void {
  for (let i = 0; i + 1 < childStart.length; i++) {
    if (childStart[i + 1] - childStart[i] < 2) continue;
    childList
      .subarray(childStart[i], childStart[i + 1])
      .sort((a, b) => startOffsetNs[a] - startOffsetNs[b]);
  }
}

/** Moves each trace's start to its earliest corrected span and recomputes its duration. */
function rebaseTraces(input: SkewInput): void {
  const { spans, startOffsetNs, traces } = input;
  for (const trace of traces) {
    let minNs = Number.POSITIVE_INFINITY;
    for (const i of trace.spanIndices) minNs = Math.min(minNs, startOffsetNs[i]);
    let durationNs = 0;
    for (const i of trace.spanIndices) {
      startOffsetNs[i] -= minNs;
      durationNs = Math.max(durationNs, startOffsetNs[i] + spans[i].durationNs);
    }
    trace.startNs += BigInt(minNs);
    trace.durationNs = durationNs;
  }
}
