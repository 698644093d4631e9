import { PanelMessage } from "../shell/Panel.tsx";

/** The dashboard on imported trace files. */
export function ImportDashboard() {
  return (
    <main className="dashboard">
      <PanelMessage testId="import-empty">
        Open a trace file to see its services.
      </PanelMessage>
    </main>
  );
}
