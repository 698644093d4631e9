import { useMemo, useState } from "react";
import type { Snapshot, WindowName } from "../../engine/metrics/snapshot.ts";
import { type SeriesSpec, TimeSeriesChart, type TooltipRow } from "./TimeSeriesChart.tsx";
import {
  chooseLatencyUnit,
  endToEndSeries,
  findScope,
  formatCount,
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
    { label: "deliveries", value: formatCount(point.count) },
  ];
}

type Measure = "delivery" | "endToEnd";

const MEASURE_TEXT: Record<Measure, { label: string; title: string }> = {
  delivery: { label: "Delivery", title: "Simulated delivery latency" },
  endToEnd: { label: "End to end", title: "Simulated end-to-end latency" },
};

/**
 * p50, p90 and p99 of simulated latency for one scope over the chosen
 * window, in virtual time. Delivery latency runs from the event reaching its
 * topic to the completed delivery. For a route, end-to-end latency runs from
 * the first publish of the event's chain instead.
 */
export function LatencyChart({
  history,
  scopeId,
  window,
  onWindowChange,
  height,
}: LatencyChartProps) {
  const [isLog, setIsLog] = useState(false);
  const [chosenMeasure, setMeasure] = useState<Measure>("delivery");
  const latest = history.at(-1);
  const hasEndToEnd = latest ? findScope(latest, scopeId)?.endToEnd !== undefined : false;
  const measure = hasEndToEnd ? chosenMeasure : "delivery";
  const points = useMemo(
    () =>
      measure === "endToEnd"
        ? endToEndSeries(history, scopeId, window)
        : latencySeries(history, scopeId, window),
    [history, scopeId, window, measure],
  );
  const yMax = maxP99(points);
  const unit = chooseLatencyUnit(yMax);

  return (
    <TimeSeriesChart
      testId="latency-chart"
      title={`${MEASURE_TEXT[measure].title} of ${scopeId} over the ${window} window`}
      points={points}
      series={SERIES}
      yMax={yMax}
      yScale={isLog ? "log" : "linear"}
      yMinLog={minPositiveLatency(points)}
      formatTick={
        isLog ? formatLatency : (value) => formatSignificant(toLatencyUnit(value, unit))
      }
      yTitle={`${MEASURE_TEXT[measure].title} (${isLog ? "log scale" : unit}), ${window} window`}
      isDefined={hasDeliveries}
      extraRows={extraRows}
      height={height}
      emptyText="No latency figures for this scope yet."
      toolbar={
        <div className="es-chart-toolbar">
          <WindowSelector window={window} onWindowChange={onWindowChange} />
          {hasEndToEnd && (
            <fieldset className="es-segmented" aria-label="Latency measured">
              {(["delivery", "endToEnd"] as const).map((option) => (
                <button
                  key={option}
                  type="button"
                  aria-pressed={measure === option}
                  aria-label={`Show ${MEASURE_TEXT[option].title.toLowerCase()}`}
                  onClick={() => setMeasure(option)}
                  data-testid={`latency-measure-${option}`}
                >
                  {MEASURE_TEXT[option].label}
                </button>
              ))}
            </fieldset>
          )}
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
