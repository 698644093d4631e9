import { useEffect } from "react";
import { useEngineStatus } from "./engine/EngineProvider.tsx";
import { Header } from "./shell/Header.tsx";
import { Panel, PanelMessage } from "./shell/Panel.tsx";
import { useUiStore } from "./store.ts";
import type { PanelId } from "./viewState.ts";

const PANEL_KEYS: Record<string, Exclude<PanelId, "overview">> = {
  "1": "topology",
  "2": "latency",
  "3": "deadletters",
  "4": "alerts",
  "5": "traces",
};

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)
  );
}

/** Keys 1 to 5 expand a panel and move focus into it; Escape returns to all panels. */
function usePanelShortcuts(): void {
  const setPanel = useUiStore((state) => state.setPanel);
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent): void {
      if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target))
        return;
      const panel = PANEL_KEYS[event.key];
      if (panel) {
        setPanel(panel);
        requestAnimationFrame(() =>
          document.querySelector<HTMLElement>(`[data-testid=panel-${panel}]`)?.focus(),
        );
      } else if (event.key === "Escape") {
        setPanel("overview");
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [setPanel]);
}

export function App() {
  const panel = useUiStore((state) => state.panel);
  const setPanel = useUiStore((state) => state.setPanel);
  const status = useEngineStatus();
  usePanelShortcuts();

  const toggle = (id: Exclude<PanelId, "overview">) => () =>
    setPanel(panel === id ? "overview" : id);
  const panelProps = (id: Exclude<PanelId, "overview">, shortcut: string) => ({
    id,
    shortcut,
    expanded: panel === id,
    onToggle: toggle(id),
  });

  return (
    <div className="app" data-panel={panel}>
      <Header status={status.data} statusError={status.error} />
      <main className={`dashboard${panel === "overview" ? "" : " has-expanded"}`}>
        <Panel title="Topology" {...panelProps("topology", "1")}>
          <PanelMessage>Waiting for the engine.</PanelMessage>
        </Panel>
        <Panel title="Delivery latency" {...panelProps("latency", "2")}>
          <PanelMessage>Waiting for the engine.</PanelMessage>
        </Panel>
        <Panel title="Dead letters" {...panelProps("deadletters", "3")}>
          <PanelMessage>Waiting for the engine.</PanelMessage>
        </Panel>
        <Panel title="Alerts" {...panelProps("alerts", "4")}>
          <PanelMessage>Waiting for the engine.</PanelMessage>
        </Panel>
        <Panel title="Event traces" {...panelProps("traces", "5")}>
          <PanelMessage>Waiting for the engine.</PanelMessage>
        </Panel>
      </main>
    </div>
  );
}
