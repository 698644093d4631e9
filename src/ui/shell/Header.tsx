import { useEffect, useState } from "react";
import type { EngineStatus } from "../../worker/protocol.ts";
import { useEngine } from "../engine/EngineProvider.tsx";
import { useScenarioList } from "../engine/queries.ts";
import { useUiStore } from "../store.ts";
import { SOURCES, type SourceId } from "../viewState.ts";

const SOURCE_LABELS: Record<SourceId, string> = {
  simulation: "Simulation",
  import: "Imported traces",
};

interface Props {
  status?: EngineStatus;
  statusError: Error | null;
}

export function Header({ status, statusError }: Props) {
  const source = useUiStore((state) => state.source);
  const setSource = useUiStore((state) => state.setSource);
  const scenario = useUiStore((state) => state.scenario);
  const setScenario = useUiStore((state) => state.setScenario);
  const scenarios = useScenarioList();

  return (
    <header className="app-header">
      <span className="brand">eventscope</span>
      <label className="field">
        <span>Source</span>
        <select
          value={source}
          onChange={(event) => setSource(event.target.value as SourceId)}
          data-testid="source-select"
        >
          {SOURCES.map((id) => (
            <option key={id} value={id}>
              {SOURCE_LABELS[id]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Scenario</span>
        <select
          value={scenario}
          onChange={(event) => setScenario(event.target.value)}
          disabled={source !== "simulation"}
          data-testid="scenario-select"
        >
          {withCurrent(scenarios.data ?? [], scenario).map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <EngineBadge status={status} error={statusError} />
    </header>
  );
}

/** Reads the worker's heartbeat from shared memory twice a second. */
function useHeartbeat(): number {
  const engine = useEngine();
  const [beats, setBeats] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setBeats(engine.heartbeat()), 500);
    return () => clearInterval(timer);
  }, [engine]);
  return beats;
}

/** Returns the built-in scenario names, plus the current one when it came from a file. */
function withCurrent(names: string[], current: string): string[] {
  return names.includes(current) ? names : [...names, current];
}

function EngineBadge({ status, error }: { status?: EngineStatus; error: Error | null }) {
  const beats = useHeartbeat();
  if (error) {
    return (
      <output
        className="engine-status bad"
        data-testid="engine-status"
        data-state="failed"
      >
        Engine failed: {error.message}
      </output>
    );
  }
  const state = status?.state ?? "starting";
  const detail =
    state === "ready" && status
      ? ` · shared memory ${(status.sharedBytes / 1024).toFixed(1)} KiB`
      : "";
  return (
    <output
      className={`engine-status ${state === "ready" ? "ok" : ""}`}
      data-testid="engine-status"
      data-state={state}
      data-heartbeat={beats}
    >
      Engine {state}
      {detail}
    </output>
  );
}
