/**
 * UI state only: what is selected and shown. Engine and remote data never
 * live here; they are read through TanStack Query.
 */
import { create } from "zustand";
import type { WindowName } from "../engine/metrics/snapshot.ts";
import {
  formatViewState,
  type PanelId,
  parseViewState,
  type SourceId,
  type ViewState,
} from "./viewState.ts";

export interface ScopeRef {
  id: string;
  kind: "all" | "route" | "service";
}

interface UiState extends ViewState {
  selectedNodeId?: string;
  scope: ScopeRef;
  setPanel: (panel: PanelId) => void;
  setWindow: (window: WindowName) => void;
  setSource: (source: SourceId) => void;
  setScenario: (scenario: string, seed?: number) => void;
  setSeed: (seed: number | undefined) => void;
  selectNode: (nodeId: string | undefined) => void;
  setScope: (scope: ScopeRef) => void;
}

const search = typeof location === "undefined" ? "" : location.search;
const parsedView = parseViewState(search);
// A link with ?import=URL opens on the imported file, whatever source it names.
const initialView: ViewState = new URLSearchParams(search).has("import")
  ? { ...parsedView, source: "import" }
  : parsedView;

export const useUiStore = create<UiState>()((set) => ({
  ...initialView,
  scope: { id: "all", kind: "all" },
  setPanel: (panel) => set({ panel }),
  setWindow: (window) => set({ window }),
  setSource: (source) => set({ source }),
  setScenario: (scenario, seed) => set({ scenario, seed }),
  setSeed: (seed) => set({ seed }),
  selectNode: (selectedNodeId) => set({ selectedNodeId }),
  setScope: (scope) => set({ scope }),
}));

/** Mirrors the shareable fields into the address bar without adding history entries. */
export function syncViewStateToUrl(): () => void {
  return useUiStore.subscribe((state) => {
    const search = formatViewState(state, location.search);
    if (search !== location.search) {
      history.replaceState(null, "", `${location.pathname}${search}${location.hash}`);
    }
  });
}
