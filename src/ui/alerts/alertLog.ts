import type { AlertState, AlertTransition } from "../../engine/metrics/snapshot.ts";

/** Alert episodes the log keeps by default. */
export const DEFAULT_ALERT_LOG_CAPACITY = 200;

/**
 * One firing of an alert and, once it has cleared, its resolution. The
 * engine reuses an alert's id when the same scope fires again, so episodes
 * are distinguished by `key`.
 */
export interface AlertEpisode extends AlertState {
  /** `${id}@${firedAtMs}`. */
  key: string;
}

export function episodeKey(alert: AlertState): string {
  return `${alert.id}@${alert.firedAtMs}`;
}

/**
 * Rebuilds alert episodes from state transitions (oldest first), so that an
 * alert that fired and resolved between two snapshots is still listed. The
 * scope kind, threshold, recovery level and window come from the alert with
 * the same id in `alerts`. Transitions of an id missing there are skipped.
 */
export function episodesFromTransitions(
  transitions: readonly AlertTransition[],
  alerts: readonly AlertState[],
): AlertState[] {
  const alertById = new Map(alerts.map((alert) => [alert.id, alert]));
  const openById = new Map<string, AlertState>();
  const episodes: AlertState[] = [];
  for (const transition of transitions) {
    const alert = alertById.get(transition.id);
    if (!alert) {
      continue;
    }
    if (transition.state === "firing") {
      const episode: AlertState = {
        ...alert,
        state: "firing",
        firedAtMs: transition.atMs,
        resolvedAtMs: undefined,
        value: transition.value,
      };
      openById.set(transition.id, episode);
      episodes.push(episode);
    } else {
      // A resolution whose firing fell out of the bounded transition list has no episode to close.
      const open = openById.get(transition.id);
      if (open) {
        open.state = "resolved";
        open.resolvedAtMs = transition.atMs;
        open.value = transition.value;
        openById.delete(transition.id);
      }
    }
  }
  return episodes;
}

function isSameEpisodeState(a: AlertState, b: AlertState): boolean {
  return a.state === b.state && a.resolvedAtMs === b.resolvedAtMs && a.value === b.value;
}

/**
 * Returns the log with the snapshot's alerts merged in: a new episode is
 * added, and a known one takes the alert's current state. When the log grows
 * past `capacity`, resolved episodes go first, oldest first. Returns `log`
 * itself when nothing changed, so React can skip a render.
 */
export function mergeAlertLog(
  log: readonly AlertEpisode[],
  alerts: readonly AlertState[],
  capacity = DEFAULT_ALERT_LOG_CAPACITY,
): readonly AlertEpisode[] {
  let next: AlertEpisode[] | null = null;
  for (const alert of alerts) {
    const key = episodeKey(alert);
    const current = next ?? log;
    const index = current.findIndex((episode) => episode.key === key);
    if (index >= 0 && isSameEpisodeState(current[index], alert)) {
      continue;
    }
    next ??= log.slice();
    if (index >= 0) {
      next[index] = { ...alert, key };
    } else {
      next.push({ ...alert, key });
    }
  }
  if (!next) {
    return log;
  }
  return trimLog(next, capacity);
}

function trimLog(log: AlertEpisode[], capacity: number): AlertEpisode[] {
  if (log.length <= capacity) {
    return log;
  }
  const dropped = new Set(
    log
      .filter((episode) => episode.state === "resolved")
      .sort((a, b) => lastChangeMs(a) - lastChangeMs(b))
      .slice(0, log.length - capacity)
      .map((episode) => episode.key),
  );
  const kept = log.filter((episode) => !dropped.has(episode.key));
  // Firing episodes are never dropped for resolved ones, so the log can only
  // stay over capacity when more than `capacity` alerts fire at once.
  return kept.length > capacity ? kept.slice(kept.length - capacity) : kept;
}

/** Returns the time of the episode's latest change: resolution, else firing. */
export function lastChangeMs(alert: AlertState): number {
  return alert.resolvedAtMs ?? alert.firedAtMs;
}

/** Sorts for display: firing first, newest first within each state. Returns a new array. */
export function sortAlerts<A extends AlertState>(alerts: readonly A[]): A[] {
  return alerts.slice().sort((a, b) => {
    if (a.state !== b.state) {
      return a.state === "firing" ? -1 : 1;
    }
    return lastChangeMs(b) - lastChangeMs(a) || a.id.localeCompare(b.id);
  });
}

export function countFiring(alerts: readonly AlertState[]): number {
  let count = 0;
  for (const alert of alerts) {
    if (alert.state === "firing") {
      count++;
    }
  }
  return count;
}
