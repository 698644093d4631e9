import type { TraceIndex } from "./traceIndex.ts";

/**
 * Computes each span's self time in nanoseconds: its duration minus the
 * union of its direct children's intervals, clipped to the span's own
 * interval so that skewed or asynchronous children never make it negative.
 * Relies on children being listed by start time.
 */
export function computeSelfTimes(index: TraceIndex): Float64Array {
  const { spans, childStart, childList, startOffsetNs } = index;
  const selfNs = new Float64Array(spans.length);

  for (let i = 0; i < spans.length; i++) {
    const start = startOffsetNs[i];
    const end = start + spans[i].durationNs;
    let coveredNs = 0;
    let runStart = 0;
    let runEnd = -1;

    for (let k = childStart[i]; k < childStart[i + 1]; k++) {
      const child = childList[k];
      const childStartNs = Math.max(start, startOffsetNs[child]);
      const childEndNs = Math.min(end, startOffsetNs[child] + spans[child].durationNs);
      if (childEndNs <= childStartNs) continue;
      if (childStartNs > runEnd) {
        if (runEnd > runStart) coveredNs += runEnd - runStart;
        runStart = childStartNs;
        runEnd = childEndNs;
      } else if (childEndNs > runEnd) {
        runEnd = childEndNs;
      }
    }
    if (runEnd > runStart) coveredNs += runEnd - runStart;
    selfNs[i] = spans[i].durationNs - coveredNs;
  }
  return selfNs;
}
