import { useCallback, useMemo } from "react";
import type { Snapshot, WindowName } from "../../engine/metrics/snapshot.ts";
import { type SeriesSpec, TimeSeriesChart, type TooltipRow } from "./TimeSeriesChart.tsx";
import {
  type DeadLetterPoint,
  deadLetterAxisMax,
  deadLetterSeries,
  deadLetterThreshold,
  formatCount,
  formatPercent,
} from "./transforms.ts";

export interface DeadLetterChartProps {
  history: readonly Snapshot[];
  scopeId: string;
  window: WindowName;
  /** Alert threshold as a 0..1 ratio. By default the latest snapshot's alert threshold, else 0.1%. */
  threshold?: number;
  height?: number;
}

const SERIES: readonly SeriesSpec<DeadLetterPoint>[] = [
  {
    key: "ratio",
    label: "dead-letter ratio",
    value: (p) => p.ratio,
    format: formatPercent,
    className: "es-series-ratio",
  },
];

function extraRows(point: DeadLetterPoint): TooltipRow[] {
  return [
    {
      label: "dead-lettered",
      value: `${formatCount(point.deadLettered)} of ${formatCount(point.count)}`,
    },
  ];
}

/**
 * Dead-lettered divided by completed deliveries for one scope over the
 * chosen window, with the alert threshold drawn as a dashed line. Stretches
 * at or above the threshold are traced over in the alert colour.
 */
export function DeadLetterChart({
  history,
  scopeId,
  window,
  threshold,
  height = 160,
}: DeadLetterChartProps) {
  const points = useMemo(
    () => deadLetterSeries(history, scopeId, window),
    [history, scopeId, window],
  );
  const activeThreshold = threshold ?? deadLetterThreshold(history.at(-1), scopeId);
  const latest = points.at(-1);
  const isOver = useCallback(
    (point: DeadLetterPoint) => point.count > 0 && point.ratio >= activeThreshold,
    [activeThreshold],
  );

  return (
    <div
      className="es-dead-letter-chart"
      data-testid="dead-letter-chart-state"
      data-threshold={activeThreshold}
      data-latest-ratio={latest?.ratio ?? ""}
      data-over-threshold={latest ? String(isOver(latest)) : "false"}
    >
      <TimeSeriesChart
        testId="dead-letter-chart"
        title={`Dead-letter ratio of ${scopeId} over the ${window} window`}
        points={points}
        series={SERIES}
        yMax={deadLetterAxisMax(points, activeThreshold)}
        formatTick={formatPercent}
        yTitle={`Dead-lettered / delivered, ${window} window`}
        references={[
          {
            value: activeThreshold,
            label: `alert threshold ${formatPercent(activeThreshold)}`,
            testId: "dead-letter-threshold",
          },
        ]}
        isHighlighted={isOver}
        extraRows={extraRows}
        height={height}
        emptyText="No dead-letter figures for this scope yet."
      />
    </div>
  );
}
