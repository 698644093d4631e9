import type { Snapshot, WindowName, WindowStats } from "../../engine/metrics/snapshot.ts";
import {
  deadLetterThreshold,
  formatCount,
  formatLatency,
  formatPercent,
  formatRate,
  windowSummary,
} from "./transforms.ts";
import "./charts.css";

export interface WindowTableProps {
  /** Latest snapshot, or undefined while none has arrived. */
  snapshot: Snapshot | undefined;
  scopeId: string;
  /** Window the charts show now, whose column is highlighted. */
  selectedWindow?: WindowName;
  /** Alert threshold as a 0..1 ratio. By default the snapshot's alert threshold, else 0.1%. */
  threshold?: number;
}

interface Row {
  key: string;
  label: string;
  format: (stats: WindowStats) => string;
}

const ROWS: readonly Row[] = [
  { key: "count", label: "Deliveries", format: (s) => formatCount(s.count) },
  { key: "rate", label: "Rate", format: (s) => formatRate(s.ratePerSecond) },
  { key: "p50", label: "p50", format: (s) => latencyText(s, s.p50) },
  { key: "p90", label: "p90", format: (s) => latencyText(s, s.p90) },
  { key: "p99", label: "p99", format: (s) => latencyText(s, s.p99) },
  { key: "max", label: "max", format: (s) => latencyText(s, s.max) },
  {
    key: "failed",
    label: "Failed attempts",
    format: (s) => formatCount(s.failedAttempts),
  },
  { key: "dead", label: "Dead-lettered", format: (s) => formatCount(s.deadLettered) },
  {
    key: "ratio",
    label: "Dead-letter ratio",
    format: (s) => formatPercent(s.deadLetterRatio),
  },
];

function latencyText(stats: WindowStats, ms: number): string {
  return stats.count > 0 ? formatLatency(ms) : "–";
}

/** The 1m, 5m and 15m figures of one scope side by side, from the latest snapshot. */
export function WindowTable({
  snapshot,
  scopeId,
  selectedWindow,
  threshold,
}: WindowTableProps) {
  const summary = snapshot ? windowSummary(snapshot, scopeId) : [];
  if (summary.length === 0) {
    return (
      <p className="muted" data-testid="window-table-empty">
        No figures for this scope yet.
      </p>
    );
  }
  const activeThreshold = threshold ?? deadLetterThreshold(snapshot, scopeId);

  return (
    <table className="es-window-table" data-testid="window-table">
      <caption>Figures of {scopeId} over each sliding window</caption>
      <thead>
        <tr>
          <th scope="col">Metric</th>
          {summary.map(({ window }) => (
            <th
              key={window}
              scope="col"
              className={window === selectedWindow ? "es-selected" : undefined}
            >
              {window}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {ROWS.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.label}</th>
            {summary.map(({ window, stats }) => {
              const isOver =
                row.key === "ratio" &&
                stats.count > 0 &&
                stats.deadLetterRatio >= activeThreshold;
              const classes = [
                window === selectedWindow ? "es-selected" : "",
                isOver ? "es-over" : "",
              ].filter(Boolean);
              return (
                <td
                  key={window}
                  className={classes.length > 0 ? classes.join(" ") : undefined}
                  data-testid={`window-table-${row.key}-${window}`}
                >
                  {row.format(stats)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
