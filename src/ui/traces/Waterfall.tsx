import { scaleLinear, scaleOrdinal, schemeTableau10 } from "d3";
import { memo, useCallback, useMemo, useRef, useState } from "react";
import { formatLatency } from "../charts/transforms.ts";
import { layoutWaterfall, sortedAttributes, type WaterfallRow } from "./layout.ts";
import type { WaterfallSpan } from "./types.ts";
import "./traces.css";

export interface WaterfallProps {
  spans: readonly WaterfallSpan[];
  /** Heading above the rows, such as the event id or trace id. */
  title?: string;
  /** Id of the selected span. Without `onSelectSpan` the component keeps its own selection. */
  selectedSpanId?: string;
  onSelectSpan?: (spanId: string | undefined) => void;
  /** Maximum rows drawn. A trace with more rows shows how many were left out. */
  maxRows?: number;
}

const INDENT_PX = 14;
/** Room left of each label for the collapse button, which sits over the label column. */
const TOGGLE_WIDTH_PX = 20;
const TICK_COUNT = 5;

/**
 * Spans on a shared time axis, nested under their parents, one colour per
 * service. Failed spans and retries are marked, and clicking a span shows its
 * attributes. Times are shown relative to the earliest span.
 */
export function Waterfall({
  spans,
  title,
  selectedSpanId,
  onSelectSpan,
  maxRows = 2000,
}: WaterfallProps) {
  const [collapsedIds, setCollapsedIds] = useState<ReadonlySet<string>>(new Set());
  const [ownSelection, setOwnSelection] = useState<string | undefined>(undefined);
  const selectedId = onSelectSpan ? selectedSpanId : ownSelection;

  const layout = useMemo(
    () => layoutWaterfall(spans, collapsedIds),
    [spans, collapsedIds],
  );
  const colour = useMemo(
    () => scaleOrdinal<string, string>().domain(layout.services).range(schemeTableau10),
    [layout.services],
  );
  const totalMs = layout.endMs - layout.startMs;
  const x = scaleLinear()
    .domain([0, totalMs > 0 ? totalMs : 1])
    .range([0, 100]);
  const selected = spans.find((span) => span.id === selectedId);

  // Stable callbacks, so rows that did not change skip rendering when rows
  // are added in batches or one row is selected.
  const selectedIdRef = useRef(selectedId);
  selectedIdRef.current = selectedId;
  const onSelectSpanRef = useRef(onSelectSpan);
  onSelectSpanRef.current = onSelectSpan;

  const select = useCallback((spanId: string) => {
    const next = spanId === selectedIdRef.current ? undefined : spanId;
    if (onSelectSpanRef.current) {
      onSelectSpanRef.current(next);
    } else {
      setOwnSelection(next);
    }
  }, []);

  const toggleCollapse = useCallback((spanId: string) => {
    setCollapsedIds((previous) => {
      const next = new Set(previous);
      if (next.has(spanId)) {
        next.delete(spanId);
      } else {
        next.add(spanId);
      }
      return next;
    });
  }, []);

  if (spans.length === 0) {
    return (
      <p className="muted" data-testid="waterfall-empty">
        No spans to show.
      </p>
    );
  }

  const shownRows = layout.rows.slice(0, maxRows);
  const rowKeys = uniqueKeys(shownRows);
  const errorCount = spans.filter((span) => span.error).length;
  const retryCount = layout.rows.filter((row) => row.isRetry).length;

  return (
    <div className="es-waterfall" data-testid="waterfall" data-span-count={spans.length}>
      <div className="es-wf-header">
        {title && <h3 className="es-wf-title">{title}</h3>}
        <span className="muted" data-testid="waterfall-summary">
          {spans.length} spans · {formatLatency(totalMs)} · {errorCount} failed ·{" "}
          {retryCount} retries
        </span>
      </div>

      <ul className="es-wf-services" aria-label="Services">
        {layout.services.map((service) => (
          <li key={service}>
            <span className="es-wf-swatch" style={{ background: colour(service) }} />
            {service}
          </li>
        ))}
      </ul>

      <div className="es-wf-grid">
        <div className="es-wf-axis" aria-hidden="true">
          <div className="es-wf-axis-label">Span</div>
          <div className="es-wf-axis-track">
            {x.ticks(TICK_COUNT).map((tick) => (
              <span key={tick} style={{ left: `${x(tick)}%` }}>
                {formatLatency(tick)}
              </span>
            ))}
          </div>
        </div>

        <ul className="es-wf-rows" aria-label={title ? `Spans of ${title}` : "Spans"}>
          {shownRows.map((row, index) => (
            <WaterfallRowView
              key={rowKeys[index]}
              row={row}
              left={x(row.span.startMs - layout.startMs)}
              width={x(row.span.durationMs)}
              colour={colour(row.span.service)}
              offsetMs={row.span.startMs - layout.startMs}
              isSelected={row.span.id === selectedId}
              isCollapsed={collapsedIds.has(row.span.id)}
              onSelect={select}
              onToggle={toggleCollapse}
            />
          ))}
        </ul>
        {layout.rows.length > shownRows.length && (
          <p className="muted" data-testid="waterfall-truncated">
            {layout.rows.length - shownRows.length} more spans are not drawn.
          </p>
        )}
      </div>

      {selected && (
        <SpanDetails span={selected} offsetMs={selected.startMs - layout.startMs} />
      )}
    </div>
  );
}

const WaterfallRowView = memo(function WaterfallRowView({
  row,
  left,
  width,
  colour,
  offsetMs,
  isSelected,
  isCollapsed,
  onSelect,
  onToggle,
}: {
  row: WaterfallRow;
  left: number;
  width: number;
  colour: string;
  offsetMs: number;
  isSelected: boolean;
  isCollapsed: boolean;
  onSelect: (spanId: string) => void;
  onToggle: (spanId: string) => void;
}) {
  const { span } = row;
  const markers = [
    span.error ? "failed" : "",
    row.isRetry ? `retry, attempt ${span.attempt}` : "",
  ].filter(Boolean);
  const description = `${span.label} on ${span.service}, starts at +${formatLatency(offsetMs)}, lasts ${formatLatency(span.durationMs)}${markers.length > 0 ? `, ${markers.join(", ")}` : ""}`;

  return (
    <li
      className={`es-wf-row${isSelected ? " es-selected" : ""}${span.error ? " es-wf-error" : ""}`}
      data-testid="waterfall-row"
      data-span-id={span.id}
      data-error={span.error ? "true" : "false"}
      data-retry={row.isRetry ? "true" : "false"}
      data-attempt={span.attempt ?? ""}
      data-depth={row.depth}
    >
      {row.hasChildren && (
        <button
          type="button"
          className="es-wf-toggle"
          style={{ left: row.depth * INDENT_PX }}
          aria-expanded={!isCollapsed}
          aria-label={`${isCollapsed ? "Expand" : "Collapse"} ${span.label}`}
          onClick={() => onToggle(span.id)}
          data-testid="waterfall-row-toggle"
        >
          {isCollapsed ? "▸" : "▾"}
        </button>
      )}
      <button
        type="button"
        className="es-wf-select"
        aria-pressed={isSelected}
        aria-label={description}
        onClick={() => onSelect(span.id)}
        data-testid="waterfall-row-select"
      >
        <span
          className="es-wf-label"
          style={{ paddingLeft: row.depth * INDENT_PX + TOGGLE_WIDTH_PX }}
        >
          <span className="es-wf-label-text">{span.label}</span>
          {row.isRetry && <span className="es-wf-badge es-wf-badge-retry">retry</span>}
          {span.error && <span className="es-wf-badge es-wf-badge-error">error</span>}
        </span>
        <span className="es-wf-track">
          <span
            className="es-wf-bar"
            style={{
              left: `${left}%`,
              width: `${width}%`,
              backgroundColor: colour,
            }}
          />
          <span
            className="es-wf-duration"
            style={
              left + width > 80
                ? { right: `${100 - left + 0.5}%` }
                : { left: `${left + width + 0.5}%` }
            }
          >
            {formatLatency(span.durationMs)}
          </span>
        </span>
      </button>
    </li>
  );
});

function SpanDetails({ span, offsetMs }: { span: WaterfallSpan; offsetMs: number }) {
  const attributes = sortedAttributes(span);
  return (
    <section
      className="es-wf-details"
      aria-label={`Details of ${span.label}`}
      data-testid="waterfall-details"
    >
      <h4>{span.label}</h4>
      <dl className="es-wf-facts">
        <dt>Service</dt>
        <dd>{span.service}</dd>
        <dt>Starts</dt>
        <dd>+{formatLatency(offsetMs)}</dd>
        <dt>Duration</dt>
        <dd>{formatLatency(span.durationMs)}</dd>
        {span.attempt !== undefined && (
          <>
            <dt>Attempt</dt>
            <dd data-testid="waterfall-details-attempt">{span.attempt}</dd>
          </>
        )}
        <dt>Status</dt>
        <dd className={span.error ? "es-wf-status-error" : undefined}>
          {span.error ? "failed" : "ok"}
        </dd>
      </dl>
      {attributes.length === 0 ? (
        <p className="muted">No attributes.</p>
      ) : (
        <table className="es-wf-attributes" data-testid="waterfall-attributes">
          <caption>Attributes</caption>
          <tbody>
            {attributes.map(([key, value]) => (
              <tr key={key}>
                <th scope="row">{key}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Returns one React key per row: the span id, numbered when an imported trace repeats an id. */
function uniqueKeys(rows: readonly WaterfallRow[]): string[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const count = (seen.get(row.span.id) ?? 0) + 1;
    seen.set(row.span.id, count);
    return count === 1 ? row.span.id : `${row.span.id}~${count}`;
  });
}
