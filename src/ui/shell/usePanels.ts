import { useUiStore } from "../store.ts";
import type { PanelId } from "../viewState.ts";

type PanelName = Exclude<PanelId, "overview">;

/** Props every dashboard panel takes: its id, shortcut, and whether it fills the page. */
export function usePanels() {
  const panel = useUiStore((state) => state.panel);
  const setPanel = useUiStore((state) => state.setPanel);
  const frame = (id: PanelName, shortcut: string) => ({
    id,
    shortcut,
    expanded: panel === id,
    onToggle: () => setPanel(panel === id ? "overview" : id),
  });
  /** Whether a panel is on screen: all are in the overview, one when expanded. */
  const isVisible = (id: PanelName) => panel === "overview" || panel === id;
  return {
    panel,
    frame,
    isVisible,
    dashboardClass: `dashboard${panel === "overview" ? "" : " has-expanded"}`,
  };
}
