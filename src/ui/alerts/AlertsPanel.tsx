import { useState } from "react";
import type { AlertState } from "../../engine/metrics/snapshot.ts";
import { formatClock, formatPercent, scopeLabel } from "../charts/transforms.ts";
import { sortAlerts } from "./alertLog.ts";
import "./alerts.css";

export type AlertFilter = "all" | "firing" | "resolved";

export interface AlertsPanelProps {
  /** Alerts or alert episodes, in any order. */
  alerts: readonly (AlertState & { key?: string })[];
  /** Virtual time now, for how long a firing alert has been firing. */
  nowMs?: number;
  /** Called when an alert is clicked, so the topology can focus on its scope. */
  onFocusScope: (scopeId: string, scopeKind: AlertState["scopeKind"]) => void;
  /** Scope the topology focuses on now, whose alerts are marked. */
  focusedScopeId?: string;
}

const FILTERS: readonly { value: AlertFilter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "firing", label: "Firing" },
  { value: "resolved", label: "Resolved" },
];

function describeAlert(alert: AlertState): string {
  const scope = scopeLabel(alert.scopeId, alert.scopeKind);
  const ratio = `dead-letter ratio ${formatPercent(alert.value)}`;
  const threshold = `threshold ${formatPercent(alert.threshold)}`;
  const fired = `fired at ${formatClock(alert.firedAtMs)}`;
  const resolved =
    alert.resolvedAtMs === undefined
      ? ""
      : `, resolved at ${formatClock(alert.resolvedAtMs)}`;
  return `${scope}: ${ratio}, ${threshold}, ${alert.window} window, ${fired}${resolved}`;
}

/**
 * Fired and resolved dead-letter alerts with time, scope, value and
 * threshold. Firing alerts come first. Clicking one calls `onFocusScope`.
 */
export function AlertsPanel({
  alerts,
  nowMs,
  onFocusScope,
  focusedScopeId,
}: AlertsPanelProps) {
  const [filter, setFilter] = useState<AlertFilter>("all");
  const sorted = sortAlerts(alerts);
  const counts: Record<AlertFilter, number> = {
    all: sorted.length,
    firing: sorted.filter((alert) => alert.state === "firing").length,
    resolved: sorted.filter((alert) => alert.state === "resolved").length,
  };
  const shown =
    filter === "all" ? sorted : sorted.filter((alert) => alert.state === filter);

  return (
    <div className="es-alerts" data-testid="alerts-panel">
      <fieldset className="es-alert-filters" aria-label="Show alerts">
        {FILTERS.map(({ value, label }) => (
          <button
            key={value}
            type="button"
            aria-pressed={filter === value}
            aria-label={`Show ${value === "all" ? "all" : value} alerts (${counts[value]})`}
            onClick={() => setFilter(value)}
            data-testid={`alerts-filter-${value}`}
          >
            {label} <span className="es-alert-filter-count">{counts[value]}</span>
          </button>
        ))}
      </fieldset>

      {shown.length === 0 ? (
        <p className="muted" data-testid="alerts-empty">
          {alerts.length === 0 ? "No alerts have fired." : `No ${filter} alerts.`}
        </p>
      ) : (
        <ul className="es-alert-list">
          {shown.map((alert) => (
            <li key={alert.key ?? `${alert.id}@${alert.firedAtMs}`}>
              <AlertItem
                alert={alert}
                nowMs={nowMs}
                isFocused={alert.scopeId === focusedScopeId}
                onFocusScope={onFocusScope}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function AlertItem({
  alert,
  nowMs,
  isFocused,
  onFocusScope,
}: {
  alert: AlertState;
  nowMs?: number;
  isFocused: boolean;
  onFocusScope: AlertsPanelProps["onFocusScope"];
}) {
  const isFiring = alert.state === "firing";
  const endMs = isFiring ? nowMs : alert.resolvedAtMs;
  const duration = endMs !== undefined ? formatClock(endMs - alert.firedAtMs) : undefined;
  const stateText = isFiring ? "Firing" : "Resolved";

  return (
    <button
      type="button"
      className={`es-alert es-alert-${alert.state}${isFocused ? " es-alert-focused" : ""}`}
      aria-label={`${stateText}: ${describeAlert(alert)}. Focus the topology on this scope.`}
      onClick={() => onFocusScope(alert.scopeId, alert.scopeKind)}
      data-testid="alert-item"
      data-alert-id={alert.id}
      data-scope-id={alert.scopeId}
      data-state={alert.state}
      data-fired-at-ms={alert.firedAtMs}
      data-resolved-at-ms={alert.resolvedAtMs ?? ""}
      data-value={alert.value}
      data-threshold={alert.threshold}
    >
      <span className="es-alert-state">{stateText}</span>
      <span className="es-alert-scope">{scopeLabel(alert.scopeId, alert.scopeKind)}</span>
      <span className="es-alert-value" data-testid="alert-value">
        {isFiring
          ? `${formatPercent(alert.value)} at or above the ${formatPercent(alert.threshold)} threshold`
          : `${formatPercent(alert.value)}, at or below the ${formatPercent(alert.recovery)} recovery level (threshold ${formatPercent(alert.threshold)})`}{" "}
        <span className="muted">over {alert.window}</span>
      </span>
      <span className="es-alert-times muted">
        fired {formatClock(alert.firedAtMs)}
        {alert.resolvedAtMs !== undefined && (
          <> · resolved {formatClock(alert.resolvedAtMs)}</>
        )}
        {duration !== undefined && (
          <>
            {" "}
            · {isFiring ? "firing for" : "lasted"} {duration}
          </>
        )}
      </span>
    </button>
  );
}
