/**
 * The alert episodes seen since the run began, kept in a small zustand store
 * beside the snapshot history, so resolved episodes stay listed after the
 * engine reuses their alert id.
 */
import { useEffect } from "react";
import { useStore } from "zustand";
import { createStore, type StoreApi } from "zustand/vanilla";
import type { Snapshot } from "../../engine/metrics/snapshot.ts";
import { isNewRun } from "../charts/history.ts";
import {
  type AlertEpisode,
  DEFAULT_ALERT_LOG_CAPACITY,
  episodesFromTransitions,
  mergeAlertLog,
} from "./alertLog.ts";

export interface AlertLogState {
  episodes: readonly AlertEpisode[];
  /** Snapshot merged last, used to notice a new run. */
  lastSnapshot?: Snapshot;
  push: (snapshot: Snapshot) => void;
  clear: () => void;
}

export function createAlertLogStore(
  capacity = DEFAULT_ALERT_LOG_CAPACITY,
): StoreApi<AlertLogState> {
  return createStore<AlertLogState>()((set, get) => ({
    episodes: [],
    push: (snapshot) => {
      const { episodes, lastSnapshot } = get();
      if (lastSnapshot?.seq === snapshot.seq && !isNewRun(lastSnapshot, snapshot)) {
        return;
      }
      const base = lastSnapshot && isNewRun(lastSnapshot, snapshot) ? [] : episodes;
      // Transitions go first, so the current alert states win for the latest episodes.
      const fromTransitions = episodesFromTransitions(
        snapshot.alertLog ?? [],
        snapshot.alerts,
      );
      const merged = mergeAlertLog(
        base,
        [...fromTransitions, ...snapshot.alerts],
        capacity,
      );
      set({ episodes: merged, lastSnapshot: snapshot });
    },
    clear: () => set({ episodes: [], lastSnapshot: undefined }),
  }));
}

/** The alert log the page shares. */
export const alertLogStore = createAlertLogStore();

/**
 * Returns the alert episodes of the current run. When `latest` is given, its
 * alerts are merged in after render.
 */
export function useAlertLog(
  latest?: Snapshot | null,
  store: StoreApi<AlertLogState> = alertLogStore,
): readonly AlertEpisode[] {
  useEffect(() => {
    if (latest) {
      store.getState().push(latest);
    }
  }, [latest, store]);
  return useStore(store, (state) => state.episodes);
}
