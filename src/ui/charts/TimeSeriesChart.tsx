import { line, type ScaleContinuousNumeric, scaleLinear, scaleLog } from "d3";
import {
  type KeyboardEvent,
  type PointerEvent,
  type ReactNode,
  useCallback,
  useMemo,
  useState,
} from "react";
import { clockTicks, formatClock, nearestIndex } from "./transforms.ts";
import { useElementWidth } from "./useElementWidth.ts";
import "./charts.css";

/** One line of a chart. */
export interface SeriesSpec<P> {
  key: string;
  label: string;
  value: (point: P) => number;
  format: (value: number) => string;
  /** CSS class that sets the stroke colour and dash, defined in charts.css. */
  className: string;
}

/** A horizontal line at a fixed value, such as an alert threshold. */
export interface ReferenceLine {
  value: number;
  label: string;
  testId: string;
}

export interface TooltipRow {
  label: string;
  value: string;
}

export interface TimeSeriesChartProps<P extends { tMs: number }> {
  testId: string;
  /** Accessible name of the chart. */
  title: string;
  /** Sorted by time. */
  points: readonly P[];
  series: readonly SeriesSpec<P>[];
  /** Top of the y axis before rounding to nice ticks. */
  yMax: number;
  /**
   * "log" draws the y axis on a logarithmic scale from `yMinLog`, for series
   * that differ by orders of magnitude. Values at or below 0 then break the lines.
   */
  yScale?: "linear" | "log";
  /** Bottom of a logarithmic y axis, above 0. */
  yMinLog?: number;
  formatTick: (value: number) => string;
  yTitle: string;
  /** Points for which this returns false break the lines. */
  isDefined?: (point: P) => boolean;
  references?: readonly ReferenceLine[];
  /** Rows shown in the tooltip after the series values. */
  extraRows?: (point: P) => TooltipRow[];
  /** Stretches of points for which this returns true are traced over in a wide line. */
  isHighlighted?: (point: P) => boolean;
  height?: number;
  emptyText: string;
  /** Controls shown above the chart, such as a window selector. */
  toolbar?: ReactNode;
}

const MARGIN = { top: 20, right: 14, bottom: 26, left: 56 };
const TOOLTIP_WIDTH = 190;
const DEFAULT_WIDTH = 480;

const alwaysDefined = () => true;

/**
 * A line chart over virtual time with a hover and keyboard tooltip, a legend
 * that toggles series, and optional reference lines. D3 computes scales and
 * path data, and React renders every element, so data text is never HTML.
 */
export function TimeSeriesChart<P extends { tMs: number }>({
  testId,
  title,
  points,
  series,
  yMax,
  yScale = "linear",
  yMinLog = 0.001,
  formatTick,
  yTitle,
  isDefined = alwaysDefined,
  references = [],
  extraRows,
  isHighlighted,
  height = 200,
  emptyText,
  toolbar,
}: TimeSeriesChartProps<P>) {
  const [containerRef, width] = useElementWidth<HTMLElement>(DEFAULT_WIDTH);
  const [hoverMs, setHoverMs] = useState<number | null>(null);
  const [hiddenKeys, setHiddenKeys] = useState<ReadonlySet<string>>(new Set());

  const innerWidth = Math.max(width - MARGIN.left - MARGIN.right, 20);
  const innerHeight = Math.max(height - MARGIN.top - MARGIN.bottom, 20);

  const { x, y } = useMemo(() => {
    const firstMs = points[0]?.tMs ?? 0;
    const lastMs = points.at(-1)?.tMs ?? 0;
    const domain = firstMs === lastMs ? [lastMs - 1000, lastMs] : [firstMs, lastMs];
    return {
      x: scaleLinear().domain(domain).range([0, innerWidth]),
      y: makeYScale(yScale, yMinLog, yMax, innerHeight),
    };
  }, [points, innerWidth, innerHeight, yMax, yScale, yMinLog]);
  const isPlottable = useCallback(
    (value: number) => Number.isFinite(value) && (yScale === "linear" || value > 0),
    [yScale],
  );

  const paths = useMemo(
    () =>
      series.map((spec) => {
        const generator = line<P>()
          .defined((point) => isDefined(point) && isPlottable(spec.value(point)))
          .x((point) => x(point.tMs))
          .y((point) => y(spec.value(point)));
        return { spec, d: generator(points as P[]) ?? "" };
      }),
    [series, points, x, y, isDefined, isPlottable],
  );

  // One path per series over the highlighted points keeps the DOM small
  // where hundreds of points cross a threshold.
  const highlightPaths = useMemo(() => {
    if (!isHighlighted) {
      return [];
    }
    return series.map((spec) => {
      const generator = line<P>()
        .defined(
          (point) =>
            isDefined(point) && isHighlighted(point) && isPlottable(spec.value(point)),
        )
        .x((point) => x(point.tMs))
        .y((point) => y(spec.value(point)));
      return { spec, d: generator(points as P[]) ?? "" };
    });
  }, [series, points, x, y, isDefined, isHighlighted, isPlottable]);

  const hoverIndex = hoverMs === null ? -1 : nearestIndex(points, hoverMs);
  const hovered = hoverIndex >= 0 ? points[hoverIndex] : undefined;
  const latest = points.at(-1);

  function onPointerMove(event: PointerEvent<SVGSVGElement>) {
    if (points.length === 0) {
      return;
    }
    const bounds = event.currentTarget.getBoundingClientRect();
    const offset = event.clientX - bounds.left - MARGIN.left;
    setHoverMs(x.invert(Math.min(Math.max(offset, 0), innerWidth)));
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (points.length === 0) {
      return;
    }
    const current = hoverIndex < 0 ? points.length : hoverIndex;
    let next: number | null = null;
    if (event.key === "ArrowLeft") {
      next = Math.max(current - 1, 0);
    } else if (event.key === "ArrowRight") {
      next = Math.min(current + 1, points.length - 1);
    } else if (event.key === "Home") {
      next = 0;
    } else if (event.key === "End") {
      next = points.length - 1;
    } else if (event.key === "Escape") {
      setHoverMs(null);
      return;
    }
    if (next !== null) {
      event.preventDefault();
      setHoverMs(points[next].tMs);
    }
  }

  function toggleSeries(key: string) {
    setHiddenKeys((previous) => {
      const next = new Set(previous);
      if (next.has(key)) {
        next.delete(key);
      } else {
        next.add(key);
      }
      return next;
    });
  }

  const visibleSeries = series.filter((spec) => !hiddenKeys.has(spec.key));
  const hoverX = hovered ? x(hovered.tMs) : 0;
  const tooltipLeft =
    MARGIN.left + hoverX + 10 + TOOLTIP_WIDTH > width
      ? Math.max(MARGIN.left + hoverX - 10 - TOOLTIP_WIDTH, 0)
      : MARGIN.left + hoverX + 10;

  return (
    <div className="es-chart" data-testid={testId} data-points={points.length}>
      {toolbar}
      <figure
        ref={containerRef}
        className="es-chart-plot"
        aria-label={`${title}. Arrow keys move through the points.`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: keyboard users focus the plot to step through the points
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid={`${testId}-plot`}
      >
        {points.length === 0 ? (
          <div
            className="es-chart-empty"
            style={{ height }}
            data-testid={`${testId}-empty`}
          >
            {emptyText}
          </div>
        ) : (
          <svg
            width={width}
            height={height}
            className="es-chart-svg"
            aria-hidden="true"
            onPointerMove={onPointerMove}
            onPointerLeave={() => setHoverMs(null)}
          >
            <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
              <YAxis
                y={y}
                kind={yScale}
                innerWidth={innerWidth}
                format={formatTick}
                title={yTitle}
              />
              <TimeAxis x={x} innerWidth={innerWidth} innerHeight={innerHeight} />

              {references.map((reference) => (
                <g
                  key={reference.testId}
                  className="es-reference"
                  transform={`translate(0,${y(reference.value)})`}
                  data-testid={reference.testId}
                  data-value={reference.value}
                >
                  <line x1={0} x2={innerWidth} />
                  <text x={innerWidth - 4} y={-4} textAnchor="end">
                    {reference.label}
                  </text>
                </g>
              ))}

              {paths
                .filter(({ spec }) => !hiddenKeys.has(spec.key))
                .map(({ spec, d }) => (
                  <path key={spec.key} className={`es-series ${spec.className}`} d={d} />
                ))}

              {highlightPaths
                .filter(({ spec }) => !hiddenKeys.has(spec.key))
                .map(({ spec, d }) => (
                  <path
                    key={spec.key}
                    className="es-series-highlight"
                    d={d}
                    data-testid={`${testId}-highlight-${spec.key}`}
                  />
                ))}

              {hovered && (
                <g className="es-hover">
                  <line x1={hoverX} x2={hoverX} y1={0} y2={innerHeight} />
                  {visibleSeries.map((spec) =>
                    isDefined(hovered) && isPlottable(spec.value(hovered)) ? (
                      <circle
                        key={spec.key}
                        className={`es-hover-dot ${spec.className}`}
                        cx={hoverX}
                        cy={y(spec.value(hovered))}
                        r={3.5}
                      />
                    ) : null,
                  )}
                </g>
              )}

              <rect
                className="es-overlay"
                width={innerWidth}
                height={innerHeight}
                fill="transparent"
              />
            </g>
          </svg>
        )}

        {hovered && (
          <div
            className="es-tooltip"
            aria-live="polite"
            style={{ left: tooltipLeft, top: MARGIN.top, width: TOOLTIP_WIDTH }}
            data-testid={`${testId}-tooltip`}
          >
            <div className="es-tooltip-time">{formatClock(hovered.tMs, true)}</div>
            <dl>
              {series.map((spec) => (
                <div key={spec.key} className="es-tooltip-row">
                  <dt>
                    <Swatch className={spec.className} />
                    {spec.label}
                  </dt>
                  <dd>
                    {isDefined(hovered) ? spec.format(spec.value(hovered)) : "no data"}
                  </dd>
                </div>
              ))}
              {extraRows?.(hovered).map((row) => (
                <div key={row.label} className="es-tooltip-row">
                  <dt>{row.label}</dt>
                  <dd>{row.value}</dd>
                </div>
              ))}
            </dl>
          </div>
        )}
      </figure>

      <ul className="es-legend" aria-label={`${title} legend`}>
        {series.map((spec) => {
          const isVisible = !hiddenKeys.has(spec.key);
          const latestText =
            latest && isDefined(latest) ? spec.format(spec.value(latest)) : "no data";
          return (
            <li key={spec.key}>
              <button
                type="button"
                className="es-legend-item"
                aria-pressed={isVisible}
                aria-label={`${isVisible ? "Hide" : "Show"} ${spec.label}, now ${latestText}`}
                onClick={() => toggleSeries(spec.key)}
                data-testid={`${testId}-legend-${spec.key}`}
              >
                <Swatch className={spec.className} />
                <span>{spec.label}</span>
                <span className="es-legend-value">{latestText}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** A short sample of a series' stroke, for legends and tooltips. */
export function Swatch({ className }: { className: string }) {
  return (
    <svg className="es-swatch" width={18} height={8} aria-hidden="true">
      <line className={`es-series ${className}`} x1={1} x2={17} y1={4} y2={4} />
    </svg>
  );
}

function YAxis({
  y,
  kind,
  innerWidth,
  format,
  title,
}: {
  y: YScale;
  kind: "linear" | "log";
  innerWidth: number;
  format: (value: number) => string;
  title: string;
}) {
  return (
    <g className="es-axis es-axis-y">
      {yTicks(y, kind).map((tick) => (
        <g key={tick} transform={`translate(0,${y(tick)})`}>
          <line className="es-grid" x1={0} x2={innerWidth} />
          <text x={-6} dy="0.32em" textAnchor="end">
            {format(tick)}
          </text>
        </g>
      ))}
      <text className="es-axis-title" x={-MARGIN.left + 2} y={-10} textAnchor="start">
        {title}
      </text>
    </g>
  );
}

function TimeAxis({
  x,
  innerWidth,
  innerHeight,
}: {
  x: ReturnType<typeof scaleLinear<number, number>>;
  innerWidth: number;
  innerHeight: number;
}) {
  const count = Math.max(2, Math.floor(innerWidth / 90));
  const [startMs, endMs] = x.domain();
  return (
    <g className="es-axis es-axis-x" transform={`translate(0,${innerHeight})`}>
      <line className="es-axis-line" x1={0} x2={innerWidth} />
      {clockTicks(startMs, endMs, count).map((tick) => (
        <g key={tick} transform={`translate(${x(tick)},0)`}>
          <line y2={4} />
          <text y={16} textAnchor="middle">
            {formatClock(tick)}
          </text>
        </g>
      ))}
    </g>
  );
}

type YScale = ScaleContinuousNumeric<number, number>;

function makeYScale(
  kind: "linear" | "log",
  minLog: number,
  max: number,
  innerHeight: number,
): YScale {
  if (kind === "log") {
    const bottom = minLog > 0 ? minLog : 0.001;
    const top = max > bottom ? max : bottom * 10;
    return scaleLog().domain([bottom, top]).range([innerHeight, 0]).nice().clamp(true);
  }
  return scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .range([innerHeight, 0])
    .nice(4);
}

/** Returns about four ticks: on a log axis, the powers of ten when it spans two or more. */
function yTicks(y: YScale, kind: "linear" | "log"): number[] {
  const ticks = y.ticks(4);
  if (kind === "linear") {
    return ticks;
  }
  const powers = ticks.filter((tick) =>
    Number.isInteger(Math.round(Math.log10(tick) * 1e9) / 1e9),
  );
  return powers.length >= 2 ? powers : ticks;
}
