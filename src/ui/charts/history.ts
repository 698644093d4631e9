import type { Snapshot } from "../../engine/metrics/snapshot.ts";

/** Snapshots a chart keeps by default: 15 minutes at one a second. */
export const DEFAULT_HISTORY_CAPACITY = 900;

/** Returns whether `next` belongs to another run than `previous`, so old history must go. */
export function isNewRun(previous: Snapshot, next: Snapshot): boolean {
  return (
    next.seq < previous.seq ||
    next.nowMs < previous.nowMs ||
    next.seed !== previous.seed ||
    next.scenarioName !== previous.scenarioName
  );
}

/**
 * Returns a new history with `snapshot` appended and at most `capacity`
 * entries, the oldest dropped first. The input array is not changed.
 *
 * - A snapshot with the same `seq` as the last one is ignored, so a
 *   re-delivered snapshot does not count twice.
 * - A snapshot at the same virtual time as the last one replaces it, so a
 *   paused run does not push real history out of the ring.
 * - A snapshot of another run starts a new history.
 */
export function appendSnapshot(
  history: readonly Snapshot[],
  snapshot: Snapshot,
  capacity = DEFAULT_HISTORY_CAPACITY,
): readonly Snapshot[] {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`history capacity must be a positive integer, got ${capacity}`);
  }
  const last = history.at(-1);
  if (!last) {
    return [snapshot];
  }
  if (snapshot.seq === last.seq) {
    return history;
  }
  if (isNewRun(last, snapshot)) {
    return [snapshot];
  }
  const next = snapshot.nowMs === last.nowMs ? history.slice(0, -1) : history.slice();
  next.push(snapshot);
  if (next.length > capacity) {
    next.splice(0, next.length - capacity);
  }
  return next;
}
