import { scaleLinear } from "d3";
import {
  type KeyboardEvent,
  type PointerEvent,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import type { Snapshot } from "../../engine/metrics/snapshot.ts";
import {
  bucketLabel,
  clockTicks,
  columnIndexAt,
  formatClock,
  formatCount,
  type HeatmapMatrix,
  heatmapMatrix,
} from "./transforms.ts";
import { useElementWidth } from "./useElementWidth.ts";
import "./charts.css";

export interface LatencyHeatmapProps {
  history: readonly Snapshot[];
  scopeId: string;
  height?: number;
}

interface Cell {
  /** endMs of the column, so the focus stays on the same interval as columns arrive. */
  columnEndMs: number;
  row: number;
}

const MARGIN = { top: 6, right: 14, bottom: 26, left: 72 };
const DEFAULT_WIDTH = 480;
const TOOLTIP_WIDTH = 200;
/** Cell colour when the page defines no --accent. */
const FALLBACK_COLOUR = "#2563eb";
/** Row labels closer than this, in CSS pixels, are thinned out. */
const MIN_LABEL_SPACING = 12;

/**
 * Subscribes to the colour-scheme media query and returns a number that
 * changes with the theme, so canvas drawing that read CSS variables redraws.
 */
function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (typeof matchMedia === "undefined") {
      return;
    }
    const query = matchMedia("(prefers-color-scheme: dark)");
    const onChange = () => setVersion((previous) => previous + 1);
    query.addEventListener("change", onChange);
    return () => query.removeEventListener("change", onChange);
  }, []);
  return version;
}

/**
 * Draws every non-empty cell on a canvas: opacity grows with the logarithm of
 * the count, so a few slow deliveries stay visible next to thousands of fast
 * ones. A canvas keeps the DOM small: 900 columns of the 16 default buckets
 * are 14,400 cells.
 */
function drawCells(
  canvas: HTMLCanvasElement,
  matrix: HeatmapMatrix,
  innerWidth: number,
  innerHeight: number,
  colour: string,
): void {
  const context = canvas.getContext("2d");
  if (!context) {
    return;
  }
  const ratio = globalThis.devicePixelRatio || 1;
  canvas.width = Math.round(innerWidth * ratio);
  canvas.height = Math.round(innerHeight * ratio);
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, innerWidth, innerHeight);

  const first = matrix.columns[0];
  const last = matrix.columns.at(-1);
  if (!first || !last || matrix.maxCount === 0) {
    return;
  }
  const x = scaleLinear().domain([first.startMs, last.endMs]).range([0, innerWidth]);
  const rows = matrix.boundsMs.length + 1;
  const rowHeight = innerHeight / rows;
  const logMax = Math.log1p(matrix.maxCount);
  context.fillStyle = colour;

  for (const column of matrix.columns) {
    const left = x(column.startMs);
    // Widen hairline columns to one pixel so that short intervals stay visible.
    const width = Math.max(x(column.endMs) - left, 1);
    for (let row = 0; row < column.counts.length; row++) {
      const count = column.counts[row];
      if (count > 0) {
        context.globalAlpha = 0.15 + 0.85 * (Math.log1p(count) / logMax);
        context.fillRect(left, innerHeight - (row + 1) * rowHeight, width, rowHeight);
      }
    }
  }
  context.globalAlpha = 1;
}

/**
 * Latency distribution over time for one scope: one column per snapshot
 * interval, one row per histogram bucket, shaded by how many deliveries fell
 * in it. Hover or arrow keys show the exact count.
 */
export function LatencyHeatmap({ history, scopeId, height = 200 }: LatencyHeatmapProps) {
  const [containerRef, width] = useElementWidth<HTMLElement>(DEFAULT_WIDTH);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [focus, setFocus] = useState<Cell | null>(null);
  const themeVersion = useThemeVersion();

  const matrix = useMemo(() => heatmapMatrix(history, scopeId), [history, scopeId]);
  const innerWidth = Math.max(width - MARGIN.left - MARGIN.right, 20);
  const innerHeight = Math.max(height - MARGIN.top - MARGIN.bottom, 20);
  const rows = matrix.boundsMs.length + 1;
  const rowHeight = innerHeight / rows;
  const first = matrix.columns[0];
  const last = matrix.columns.at(-1);
  const x = useMemo(
    () =>
      scaleLinear()
        .domain([first?.startMs ?? 0, last?.endMs ?? 1])
        .range([0, innerWidth]),
    [first, last, innerWidth],
  );

  // Reading a CSS variable forces a style pass, so it is read once per theme
  // and not on every snapshot.
  const colourRef = useRef<{ themeVersion: number; colour: string } | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) {
      return;
    }
    if (colourRef.current?.themeVersion !== themeVersion) {
      const accent = getComputedStyle(canvas).getPropertyValue("--accent").trim();
      colourRef.current = { themeVersion, colour: accent || FALLBACK_COLOUR };
    }
    drawCells(canvas, matrix, innerWidth, innerHeight, colourRef.current.colour);
  }, [matrix, innerWidth, innerHeight, themeVersion]);

  const focusIndex = focus ? columnIndexAt(matrix.columns, focus.columnEndMs) : -1;
  const focusColumn = focusIndex >= 0 ? matrix.columns[focusIndex] : undefined;
  const focusRow = focus && focus.row < rows ? focus.row : -1;

  function onPointerMove(event: PointerEvent<SVGSVGElement>) {
    const bounds = event.currentTarget.getBoundingClientRect();
    const offsetX = event.clientX - bounds.left - MARGIN.left;
    const offsetY = event.clientY - bounds.top - MARGIN.top;
    const index = columnIndexAt(matrix.columns, x.invert(offsetX));
    const row = Math.floor((innerHeight - offsetY) / rowHeight);
    if (index < 0 || row < 0 || row >= rows) {
      setFocus(null);
      return;
    }
    setFocus({ columnEndMs: matrix.columns[index].endMs, row });
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (!last) {
      return;
    }
    if (event.key === "Escape") {
      setFocus(null);
      return;
    }
    const index = focusIndex >= 0 ? focusIndex : matrix.columns.length - 1;
    const row = Math.max(focusRow, 0);
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [index - 1, row],
      ArrowRight: [index + 1, row],
      ArrowUp: [index, row + 1],
      ArrowDown: [index, row - 1],
    };
    const move = moves[event.key];
    if (!move) {
      return;
    }
    event.preventDefault();
    const nextIndex = Math.min(Math.max(move[0], 0), matrix.columns.length - 1);
    const nextRow = Math.min(Math.max(move[1], 0), rows - 1);
    setFocus({ columnEndMs: matrix.columns[nextIndex].endMs, row: nextRow });
  }

  const labelStep = Math.max(1, Math.ceil(MIN_LABEL_SPACING / rowHeight));
  const tickCount = Math.max(2, Math.floor(innerWidth / 90));
  const tooltipX = focusColumn ? MARGIN.left + x(focusColumn.endMs) + 8 : 0;
  const tooltipLeft =
    tooltipX + TOOLTIP_WIDTH > width
      ? Math.max(tooltipX - 16 - TOOLTIP_WIDTH, 0)
      : tooltipX;

  return (
    <div
      className="es-heatmap"
      data-testid="latency-heatmap"
      data-columns={matrix.columns.length}
    >
      <figure
        ref={containerRef}
        className="es-chart-plot"
        aria-label={`Latency heatmap of ${scopeId}. Arrow keys move between cells.`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: keyboard users focus the plot to step through the cells
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="latency-heatmap-plot"
      >
        {matrix.columns.length === 0 ? (
          <div
            className="es-chart-empty"
            style={{ height }}
            data-testid="latency-heatmap-empty"
          >
            No latency histogram for this scope yet.
          </div>
        ) : (
          <>
            <canvas
              ref={canvasRef}
              style={{
                left: MARGIN.left,
                top: MARGIN.top,
                width: innerWidth,
                height: innerHeight,
              }}
            />
            <svg
              width={width}
              height={height}
              className="es-chart-svg"
              aria-hidden="true"
              onPointerMove={onPointerMove}
              onPointerLeave={() => setFocus(null)}
            >
              <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
                <g className="es-axis es-axis-y">
                  {Array.from({ length: rows }, (_, row) => row)
                    .filter((row) => row % labelStep === 0)
                    .map((row) => (
                      <text
                        key={row}
                        x={-6}
                        y={innerHeight - (row + 0.5) * rowHeight}
                        dy="0.32em"
                        textAnchor="end"
                      >
                        {bucketLabel(matrix.boundsMs, row)}
                      </text>
                    ))}
                </g>
                <g
                  className="es-axis es-axis-x"
                  transform={`translate(0,${innerHeight})`}
                >
                  <line className="es-axis-line" x1={0} x2={innerWidth} />
                  {clockTicks(x.domain()[0], x.domain()[1], tickCount).map((tick) => (
                    <g key={tick} transform={`translate(${x(tick)},0)`}>
                      <line y2={4} />
                      <text y={16} textAnchor="middle">
                        {formatClock(tick)}
                      </text>
                    </g>
                  ))}
                </g>
                {focusColumn && focusRow >= 0 && (
                  <rect
                    className="es-heatmap-focus"
                    x={x(focusColumn.startMs)}
                    y={innerHeight - (focusRow + 1) * rowHeight}
                    width={Math.max(x(focusColumn.endMs) - x(focusColumn.startMs), 1)}
                    height={rowHeight}
                  />
                )}
                <rect width={innerWidth} height={innerHeight} fill="transparent" />
              </g>
            </svg>
          </>
        )}

        {focusColumn && focusRow >= 0 && (
          <div
            className="es-tooltip"
            aria-live="polite"
            style={{ left: tooltipLeft, top: MARGIN.top, width: TOOLTIP_WIDTH }}
            data-testid="latency-heatmap-tooltip"
          >
            <div className="es-tooltip-time">
              {formatClock(focusColumn.startMs, true)} –{" "}
              {formatClock(focusColumn.endMs, true)}
            </div>
            <dl>
              <div className="es-tooltip-row">
                <dt>latency</dt>
                <dd>{bucketRange(matrix.boundsMs, focusRow)}</dd>
              </div>
              <div className="es-tooltip-row">
                <dt>deliveries</dt>
                <dd>{formatCount(focusColumn.counts[focusRow])}</dd>
              </div>
            </dl>
          </div>
        )}
      </figure>

      <div className="es-heatmap-scale">
        <span>0</span>
        <span className="es-heatmap-ramp" aria-hidden="true" />
        <span>{formatCount(matrix.maxCount)} deliveries per interval (log scale)</span>
      </div>
    </div>
  );
}

/** Describes bucket `row` as a range: "≤ 1 ms", "1 ms – 5 ms" or "> 5 s". */
function bucketRange(boundsMs: readonly number[], row: number): string {
  if (row === 0 || row >= boundsMs.length) {
    return bucketLabel(boundsMs, row);
  }
  const lower = bucketLabel(boundsMs, row - 1).replace("≤ ", "");
  const upper = bucketLabel(boundsMs, row).replace("≤ ", "");
  return `${lower} – ${upper}`;
}
