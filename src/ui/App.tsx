import { type ReactNode, useEffect } from "react";
import { useEngineStatus } from "./engine/EngineProvider.tsx";
import { ImportDashboard } from "./import/ImportDashboard.tsx";
import { Header } from "./shell/Header.tsx";
import { PanelMessage } from "./shell/Panel.tsx";
import { SimulationDashboard } from "./sim/SimulationDashboard.tsx";
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
  const source = useUiStore((state) => state.source);
  const status = useEngineStatus();
  usePanelShortcuts();

  let body: ReactNode;
  if (status.isError) {
    body = (
      <PanelMessage testId="engine-error">
        <div role="alert">The engine worker failed to start: {status.error.message}</div>
      </PanelMessage>
    );
  } else if (status.data?.state !== "ready") {
    body = <PanelMessage>Starting the engine…</PanelMessage>;
  } else if (source === "simulation") {
    body = <SimulationDashboard />;
  } else {
    body = <ImportDashboard />;
  }

  return (
    <div className="app">
      <Header status={status.data} statusError={status.error} />
      {body}
    </div>
  );
}
