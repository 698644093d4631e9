import type { ScopeStats, Snapshot } from "../../engine/metrics/snapshot.ts";
import { scopeLabel, scopeOptions } from "./transforms.ts";

export interface ScopeSelectProps {
  /** Latest snapshot, whose scopes fill the list. */
  snapshot: Snapshot | undefined;
  scopeId: string;
  onScopeChange: (scopeId: string, scopeKind: ScopeStats["kind"]) => void;
}

/** A drop-down of the scopes the engine reports: everything, each service, each route. */
export function ScopeSelect({ snapshot, scopeId, onScopeChange }: ScopeSelectProps) {
  const options = scopeOptions(snapshot);

  // Keep a scope chosen elsewhere (such as the topology) listed while the
  // engine reports no figures for it.
  if (!options.some((option) => option.id === scopeId)) {
    const kind = guessScopeKind(scopeId);
    options.unshift({ id: scopeId, kind, label: scopeLabel(scopeId, kind) });
  }

  return (
    <label className="field">
      Scope
      <select
        value={scopeId}
        onChange={(event) => {
          const option = options.find((candidate) => candidate.id === event.target.value);
          if (option) {
            onScopeChange(option.id, option.kind);
          }
        }}
        data-testid="scope-select"
      >
        {options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Route ids have the form `topic->service`, and "all" is everything. */
function guessScopeKind(scopeId: string): ScopeStats["kind"] {
  if (scopeId === "all") {
    return "all";
  }
  return scopeId.includes("->") ? "route" : "service";
}
