import { useMemo } from "react";
import type { Snapshot, WindowName } from "../../engine/metrics/snapshot.ts";
import { type SeriesSpec, TimeSeriesChart, type TooltipRow } from "./TimeSeriesChart.tsx";
import {
  formatCount,
  formatRate,
  formatSignificant,
  maxRate,
  type ThroughputPoint,
  throughputSeries,
} from "./transforms.ts";

export interface ThroughputChartProps {
  history: readonly Snapshot[];
  scopeId: string;
  window: WindowName;
  height?: number;
}

const SERIES: readonly SeriesSpec<ThroughputPoint>[] = [
  {
    key: "rate",
    label: "deliveries/s",
    value: (p) => p.ratePerSecond,
    format: formatRate,
    className: "es-series-rate",
  },
];

function extraRows(point: ThroughputPoint): TooltipRow[] {
  return [{ label: "deliveries", value: formatCount(point.count) }];
}

/** Completed deliveries per virtual second for one scope, averaged over the chosen window. */
export function ThroughputChart({
  history,
  scopeId,
  window,
  height = 160,
}: ThroughputChartProps) {
  const points = useMemo(
    () => throughputSeries(history, scopeId, window),
    [history, scopeId, window],
  );

  return (
    <TimeSeriesChart
      testId="throughput-chart"
      title={`Throughput of ${scopeId} over the ${window} window`}
      points={points}
      series={SERIES}
      yMax={maxRate(points)}
      formatTick={formatSignificant}
      yTitle={`Deliveries per virtual second, ${window} window`}
      extraRows={extraRows}
      height={height}
      emptyText="No throughput figures for this scope yet."
    />
  );
}
