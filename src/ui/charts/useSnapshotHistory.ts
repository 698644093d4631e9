/**
 * The charts' bounded snapshot history, kept in a small zustand store so it
 * survives panels being collapsed or remounted, and can be fed from outside
 * React (a worker message handler) as well as from a query hook.
 */
import { useEffect } from "react";
import { useStore } from "zustand";
import { createStore, type StoreApi } from "zustand/vanilla";
import type { Snapshot } from "../../engine/metrics/snapshot.ts";
import { appendSnapshot, DEFAULT_HISTORY_CAPACITY } from "./history.ts";

export interface SnapshotHistoryState {
  /** Oldest first, at most `capacity` snapshots of the current run. */
  history: readonly Snapshot[];
  capacity: number;
  push: (snapshot: Snapshot) => void;
  /** Sets the capacity, dropping the oldest snapshots beyond it. */
  setCapacity: (capacity: number) => void;
  clear: () => void;
}

export function createSnapshotHistoryStore(
  capacity = DEFAULT_HISTORY_CAPACITY,
): StoreApi<SnapshotHistoryState> {
  return createStore<SnapshotHistoryState>()((set, get) => ({
    history: [],
    capacity,
    push: (snapshot) => {
      const { history, capacity: current } = get();
      const next = appendSnapshot(history, snapshot, current);
      if (next !== history) {
        set({ history: next });
      }
    },
    setCapacity: (next) => {
      if (!Number.isInteger(next) || next < 1) {
        throw new RangeError(`history capacity must be a positive integer, got ${next}`);
      }
      set((state) => ({ capacity: next, history: state.history.slice(-next) }));
    },
    clear: () => set({ history: [] }),
  }));
}

/** The history all charts of the page share. */
export const snapshotHistoryStore = createSnapshotHistoryStore();

/**
 * Returns the shared snapshot history. When `latest` is given (for example
 * the data of the snapshot query), it is appended after render, and a
 * snapshot already in the history is ignored.
 */
export function useSnapshotHistory(
  latest?: Snapshot | null,
  store: StoreApi<SnapshotHistoryState> = snapshotHistoryStore,
): readonly Snapshot[] {
  useEffect(() => {
    if (latest) {
      store.getState().push(latest);
    }
  }, [latest, store]);
  return useStore(store, (state) => state.history);
}
