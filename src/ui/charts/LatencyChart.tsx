import { useMemo, useState } from "react";
import type { Snapshot, WindowName } from "../../engine/metrics/snapshot.ts";
import { type SeriesSpec, TimeSeriesChart, type TooltipRow } from "./TimeSeriesChart.tsx";
import {
  chooseLatencyUnit,
  formatLatency,
  formatSignificant,
  type LatencyPoint,
  latencySeries,
  maxP99,
  minPositiveLatency,
  toLatencyUnit,
} from "./transforms.ts";
import { WindowSelector } from "./WindowSelector.tsx";

export interface LatencyChartProps {
  history: readonly Snapshot[];
  scopeId: string;
  window: WindowName;
  onWindowChange: (window: WindowName) => void;
  height?: number;
}

const SERIES: readonly SeriesSpec<LatencyPoint>[] = [
  {
    key: "p50",
    label: "p50",
    value: (p) => p.p50,
    format: formatLatency,
    className: "es-series-p50",
  },
  {
    key: "p90",
    label: "p90",
    value: (p) => p.p90,
    format: formatLatency,
    className: "es-series-p90",
  },
  {
    key: "p99",
    label: "p99",
    value: (p) => p.p99,
    format: formatLatency,
    className: "es-series-p99",
  },
];

const hasDeliveries = (point: LatencyPoint) => point.count > 0;

function extraRows(point: LatencyPoint): TooltipRow[] {
  return [
    { label: "max", value: point.count > 0 ? formatLatency(point.max) : "no data" },
    { label: "deliveries", value: point.count.toLocaleString("en-US") },
  ];
}

/**
 * p50, p90 and p99 of simulated delivery latency (publish to completed
 * delivery, in virtual time) for one scope over the chosen window.
 */
export function LatencyChart({
  history,
  scopeId,
  window,
  onWindowChange,
  height,
}: LatencyChartProps) {
  const points = useMemo(
    () => latencySeries(history, scopeId, window),
    [history, scopeId, window],
  );
  const [isLog, setIsLog] = useState(false);
  const yMax = maxP99(points);
  const unit = chooseLatencyUnit(yMax);

  return (
    <TimeSeriesChart
      testId="latency-chart"
      title={`Delivery latency of ${scopeId} over the ${window} window`}
      points={points}
      series={SERIES}
      yMax={yMax}
      yScale={isLog ? "log" : "linear"}
      yMinLog={minPositiveLatency(points)}
      formatTick={
        isLog ? formatLatency : (value) => formatSignificant(toLatencyUnit(value, unit))
      }
      yTitle={`Simulated delivery latency (${isLog ? "log scale" : unit}), ${window} window`}
      isDefined={hasDeliveries}
      extraRows={extraRows}
      height={height}
      emptyText="No latency figures for this scope yet."
      toolbar={
        <div className="es-chart-toolbar">
          <WindowSelector window={window} onWindowChange={onWindowChange} />
          <button
            type="button"
            aria-pressed={isLog}
            onClick={() => setIsLog((previous) => !previous)}
            title="A log scale shows p50 and p99 together when they differ by orders of magnitude"
            data-testid="latency-log-scale"
          >
            Log scale
          </button>
        </div>
      }
    />
  );
}
