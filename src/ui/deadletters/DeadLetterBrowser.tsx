import { useMemo, useState } from "react";
import type { DeadLetterQueueState } from "../../engine/metrics/snapshot.ts";
import { formatClock } from "../charts/transforms.ts";
import {
  DEFAULT_SORT,
  type DeadLetterFilter,
  type DeadLetterSort,
  type DeadLetterSortKey,
  distinctValues,
  EMPTY_FILTER,
  filterDeadLetters,
  isFilterActive,
  keepPresent,
  pageCount,
  sortDeadLetters,
} from "./filter.ts";
import type {
  DeadLetterRow,
  RedriveFunction,
  RedriveResult,
  RedriveTarget,
} from "./types.ts";
import "./deadletters.css";

export interface DeadLetterBrowserProps {
  /** Stored dead-letter entries; undefined while loading. */
  rows: readonly DeadLetterRow[] | undefined;
  /** Message of a failed read; shown instead of the rows. */
  error?: string;
  redrive: RedriveFunction;
  /** Queue counts from the latest snapshot, shown above the rows. */
  queues?: readonly DeadLetterQueueState[];
  /** Called with an event id to show its trace; without it no trace buttons appear. */
  onShowTrace?: (eventId: string) => void;
  pageSize?: number;
}

type RedriveStatus =
  | { kind: "idle" }
  | { kind: "pending"; count: number }
  | { kind: "done"; result: RedriveResult }
  | { kind: "failed"; message: string };

const COLUMNS: readonly { key: DeadLetterSortKey | null; label: string }[] = [
  { key: "key", label: "Key" },
  { key: "service", label: "Route" },
  { key: "attempts", label: "Attempts" },
  { key: null, label: "Last error" },
  { key: "deadLetteredAtMs", label: "Dead-lettered" },
];

function toResult(
  value: RedriveResult | number | undefined,
  requested: number,
): RedriveResult {
  if (typeof value === "number") {
    return { redriven: value };
  }
  return value ?? { redriven: requested };
}

function plural(count: number, word: string): string {
  return `${count.toLocaleString("en-US")} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * Dead-lettered events with key, attempts, last error and time. Rows can be
 * filtered, sorted and selected, and the selected ones, or all stored ones,
 * redriven back to their route.
 */
export function DeadLetterBrowser({
  rows,
  error,
  redrive,
  queues,
  onShowTrace,
  pageSize = 50,
}: DeadLetterBrowserProps) {
  const [filter, setFilter] = useState<DeadLetterFilter>(EMPTY_FILTER);
  const [sort, setSort] = useState<DeadLetterSort>(DEFAULT_SORT);
  const [page, setPage] = useState(0);
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<string>>(new Set());
  const [status, setStatus] = useState<RedriveStatus>({ kind: "idle" });

  const allRows = rows ?? [];
  const services = useMemo(() => distinctValues(allRows, "service"), [allRows]);
  const routes = useMemo(() => distinctValues(allRows, "routeId"), [allRows]);
  const matching = useMemo(
    () => sortDeadLetters(filterDeadLetters(allRows, filter), sort),
    [allRows, filter, sort],
  );

  // Entries redriven or dropped since they were selected are no longer selected.
  const selected = keepPresent(selectedIds, allRows);
  const pages = pageCount(matching.length, pageSize);
  const currentPage = Math.min(page, pages - 1);
  const visible = matching.slice(currentPage * pageSize, (currentPage + 1) * pageSize);
  const allMatchingSelected =
    matching.length > 0 && matching.every((row) => selected.has(row.id));
  const isPending = status.kind === "pending";

  function updateFilter(change: Partial<DeadLetterFilter>) {
    setFilter((previous) => ({ ...previous, ...change }));
    setPage(0);
  }

  function toggleRow(id: string) {
    const next = new Set(selected);
    if (next.has(id)) {
      next.delete(id);
    } else {
      next.add(id);
    }
    setSelectedIds(next);
  }

  function toggleAllMatching() {
    const next = new Set(selected);
    for (const row of matching) {
      if (allMatchingSelected) {
        next.delete(row.id);
      } else {
        next.add(row.id);
      }
    }
    setSelectedIds(next);
  }

  function sortBy(key: DeadLetterSortKey) {
    setSort((previous) =>
      previous.key === key
        ? { key, descending: !previous.descending }
        : { key, descending: key === "deadLetteredAtMs" || key === "attempts" },
    );
  }

  async function runRedrive(target: RedriveTarget, count: number) {
    setStatus({ kind: "pending", count });
    try {
      const result = toResult(await redrive(target), count);
      setStatus({ kind: "done", result });
      setSelectedIds(new Set());
    } catch (caught) {
      const message = caught instanceof Error ? caught.message : String(caught);
      setStatus({ kind: "failed", message });
    }
  }

  if (error !== undefined) {
    return (
      <p className="panel-error" role="alert" data-testid="dead-letters-error">
        Could not read the dead-letter store: {error}
      </p>
    );
  }
  if (rows === undefined) {
    return (
      <p className="muted" data-testid="dead-letters-loading">
        Loading dead letters…
      </p>
    );
  }

  return (
    <div className="es-dead-letters" data-testid="dead-letter-browser">
      {queues && queues.length > 0 && <QueueSummary queues={queues} />}

      <div className="es-dlq-toolbar">
        <input
          type="search"
          value={filter.text}
          placeholder="Event id, key or error"
          aria-label="Filter by event id, key or error"
          onChange={(event) => updateFilter({ text: event.target.value })}
          data-testid="dead-letters-filter-text"
        />
        <select
          value={filter.service}
          aria-label="Filter by service"
          onChange={(event) => updateFilter({ service: event.target.value })}
          data-testid="dead-letters-filter-service"
        >
          <option value="">All services</option>
          {services.map((service) => (
            <option key={service} value={service}>
              {service}
            </option>
          ))}
        </select>
        <select
          value={filter.routeId}
          aria-label="Filter by route"
          onChange={(event) => updateFilter({ routeId: event.target.value })}
          data-testid="dead-letters-filter-route"
        >
          <option value="">All routes</option>
          {routes.map((route) => (
            <option key={route} value={route}>
              {route}
            </option>
          ))}
        </select>
        {isFilterActive(filter) && (
          <button
            type="button"
            onClick={() => updateFilter(EMPTY_FILTER)}
            data-testid="dead-letters-filter-clear"
          >
            Clear filter
          </button>
        )}
      </div>

      <div className="es-dlq-actions">
        <span className="muted" data-testid="dead-letters-counts">
          {allRows.length.toLocaleString("en-US")} stored ·{" "}
          {matching.length.toLocaleString("en-US")} matching ·{" "}
          {selected.size.toLocaleString("en-US")} selected
        </span>
        <button
          type="button"
          disabled={isPending || selected.size === 0}
          onClick={() => runRedrive([...selected], selected.size)}
          data-testid="dead-letters-redrive-selected"
        >
          Redrive selected ({selected.size.toLocaleString("en-US")})
        </button>
        <button
          type="button"
          disabled={isPending || allRows.length === 0}
          onClick={() => runRedrive("all", allRows.length)}
          data-testid="dead-letters-redrive-all"
        >
          Redrive all ({allRows.length.toLocaleString("en-US")})
        </button>
      </div>

      <RedriveMessage status={status} />

      {matching.length === 0 ? (
        <p className="muted" data-testid="dead-letters-empty">
          {allRows.length === 0
            ? "No dead-lettered events are stored."
            : "No dead-lettered events match the filter."}
        </p>
      ) : (
        <div className="es-dlq-table-wrap">
          <table className="es-dlq-table" data-testid="dead-letters-table">
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    checked={allMatchingSelected}
                    onChange={toggleAllMatching}
                    aria-label={`Select all ${matching.length} matching entries`}
                    data-testid="dead-letters-select-all"
                  />
                </th>
                {COLUMNS.map((column) => (
                  <th
                    key={column.label}
                    scope="col"
                    aria-sort={
                      column.key === sort.key
                        ? sort.descending
                          ? "descending"
                          : "ascending"
                        : undefined
                    }
                  >
                    {column.key ? (
                      <button
                        type="button"
                        className="es-sort"
                        onClick={() => column.key && sortBy(column.key)}
                        aria-label={`Sort by ${column.label.toLowerCase()}`}
                        data-testid={`dead-letters-sort-${column.key}`}
                      >
                        {column.label}
                        {column.key === sort.key ? (sort.descending ? " ↓" : " ↑") : ""}
                      </button>
                    ) : (
                      column.label
                    )}
                  </th>
                ))}
                {onShowTrace && <th scope="col">Trace</th>}
              </tr>
            </thead>
            <tbody>
              {visible.map((row) => (
                <DeadLetterTableRow
                  key={row.id}
                  row={row}
                  isSelected={selected.has(row.id)}
                  onToggle={toggleRow}
                  onShowTrace={onShowTrace}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}

      {pages > 1 && (
        <nav className="es-dlq-pages" aria-label="Dead-letter pages">
          <button
            type="button"
            disabled={currentPage === 0}
            onClick={() => setPage(currentPage - 1)}
            data-testid="dead-letters-page-previous"
          >
            Previous
          </button>
          <span data-testid="dead-letters-page">
            Page {currentPage + 1} of {pages}
          </span>
          <button
            type="button"
            disabled={currentPage >= pages - 1}
            onClick={() => setPage(currentPage + 1)}
            data-testid="dead-letters-page-next"
          >
            Next
          </button>
        </nav>
      )}
    </div>
  );
}

function DeadLetterTableRow({
  row,
  isSelected,
  onToggle,
  onShowTrace,
}: {
  row: DeadLetterRow;
  isSelected: boolean;
  onToggle: (id: string) => void;
  onShowTrace?: (eventId: string) => void;
}) {
  return (
    <tr
      className={isSelected ? "es-selected" : undefined}
      data-testid="dead-letter-row"
      data-entry-id={row.id}
      data-event-id={row.eventId}
      data-service={row.service}
    >
      <td>
        <input
          type="checkbox"
          checked={isSelected}
          onChange={() => onToggle(row.id)}
          aria-label={`Select event ${row.eventId} on ${row.routeId}`}
          data-testid="dead-letter-row-select"
        />
      </td>
      <td className="es-dlq-key" title={`event ${row.eventId}`}>
        {row.key}
      </td>
      <td className="es-dlq-route">{row.routeId}</td>
      <td className="es-dlq-number">{row.attempts}</td>
      <td className="es-dlq-error" title={row.lastError}>
        {row.lastError}
      </td>
      <td
        className="es-dlq-number"
        title={`published ${formatClock(row.publishedAtMs, true)}`}
      >
        {formatClock(row.deadLetteredAtMs, true)}
      </td>
      {onShowTrace && (
        <td>
          <button
            type="button"
            onClick={() => onShowTrace(row.eventId)}
            aria-label={`Show the trace of event ${row.eventId}`}
            data-testid="dead-letter-row-trace"
          >
            Trace
          </button>
        </td>
      )}
    </tr>
  );
}

function QueueSummary({ queues }: { queues: readonly DeadLetterQueueState[] }) {
  return (
    <table className="es-dlq-queues" data-testid="dead-letter-queues">
      <caption>Dead-letter queues</caption>
      <thead>
        <tr>
          <th scope="col">Queue</th>
          <th scope="col">In queue</th>
          <th scope="col">Dead-lettered</th>
          <th scope="col">Redriven</th>
        </tr>
      </thead>
      <tbody>
        {queues.map((queue) => (
          <tr key={queue.name} data-testid="dead-letter-queue" data-queue={queue.name}>
            <th scope="row">{queue.name}</th>
            <td className="es-dlq-number" data-testid="dead-letter-queue-size">
              {queue.size.toLocaleString("en-US")}
            </td>
            <td className="es-dlq-number">{queue.total.toLocaleString("en-US")}</td>
            <td className="es-dlq-number">{queue.redriven.toLocaleString("en-US")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RedriveMessage({ status }: { status: RedriveStatus }) {
  if (status.kind === "idle") {
    return null;
  }
  if (status.kind === "failed") {
    return (
      <p className="panel-error" role="alert" data-testid="dead-letters-redrive-error">
        Redrive failed: {status.message}
      </p>
    );
  }
  const text =
    status.kind === "pending"
      ? `Redriving ${plural(status.count, "event")}…`
      : `Redrove ${plural(status.result.redriven, "event")}${
          status.result.missing ? `, ${status.result.missing} no longer stored` : ""
        }.`;
  return (
    <p className="es-dlq-status" role="status" data-testid="dead-letters-redrive-status">
      {text}
    </p>
  );
}
