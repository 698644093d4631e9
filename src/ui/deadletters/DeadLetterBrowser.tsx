import { useEffect, useMemo, useState } from "react";
import type { DeadLetterQueueState } from "../../engine/metrics/snapshot.ts";
import { formatClock, formatCount, formatPercent } from "../charts/transforms.ts";
import {
  DEFAULT_PAGE_SIZE,
  DEFAULT_SORT,
  type DeadLetterSort,
  type DeadLetterSortKey,
  distinctValues,
  EMPTY_FILTER,
  filterDeadLetters,
  isFilterActive,
  keepPresent,
  pageCount,
  queryDeadLetters,
} from "./filter.ts";
import type {
  DeadLetterFilter,
  DeadLetterQuery,
  DeadLetterRow,
  RedriveFunction,
  RedriveMatchingFunction,
  RedriveOutcome,
  RedriveResult,
} from "./types.ts";
import "./deadletters.css";

export interface DeadLetterBrowserProps {
  /**
   * Every stored entry, which the browser filters, sorts and pages itself.
   * With `onQueryChange`, only the page of entries that match the reported
   * query, newest first. Undefined while loading.
   */
  rows: readonly DeadLetterRow[] | undefined;
  /** With `onQueryChange`: the number of entries that match the query's filter, on all pages. */
  total?: number;
  /**
   * Set when the store pages itself, as the simulation's does: called with
   * the filter and page to show after mount and after every change.
   */
  onQueryChange?: (query: DeadLetterQuery) => void;
  /** Message of a failed read, shown instead of the rows. */
  error?: string;
  redrive: RedriveFunction;
  /**
   * Redrives every entry matching the filter, on all pages. Without it, a
   * filtered "redrive all matching" sends the ids of the matching rows held
   * in memory, and a store that pages itself offers only "redrive all".
   */
  redriveMatching?: RedriveMatchingFunction;
  /** Queue counts from the latest snapshot, shown above the rows. */
  queues?: readonly DeadLetterQueueState[];
  /** Filter choices beyond the values in `rows`, such as the services in a snapshot. */
  services?: readonly string[];
  routes?: readonly string[];
  errors?: readonly string[];
  /**
   * Called with an event id to show its trace. Without it no trace buttons
   * appear, and rows whose `traced` is false never get one.
   */
  onShowTrace?: (eventId: string) => void;
  /** Fraction of event chains the source traces, 0..1, shown next to the trace buttons. */
  traceSampleRate?: number;
  pageSize?: number;
}

type RedriveStatus =
  | { kind: "idle" }
  | { kind: "pending"; count: number }
  | { kind: "done"; result: RedriveResult }
  | { kind: "failed"; message: string };

const COLUMNS: readonly {
  key: DeadLetterSortKey | null;
  label: string;
  isNumeric?: boolean;
}[] = [
  { key: "key", label: "Key" },
  { key: "routeId", label: "Route" },
  { key: "attempts", label: "Attempts", isNumeric: true },
  { key: null, label: "Last error" },
  { key: "deadLetteredAtMs", label: "Dead-lettered", isNumeric: true },
];

const EMPTY_ROWS: readonly DeadLetterRow[] = [];

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
  return `${formatCount(count)} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * Dead-lettered events with key, attempts, last error and time. Rows can be
 * filtered, paged and selected, and the selected ones, all matching ones or
 * all stored ones redriven back to their route. It works on rows held in
 * memory, or, with `onQueryChange`, on a store that filters and pages itself.
 */
export function DeadLetterBrowser({
  rows,
  total,
  onQueryChange,
  error,
  redrive,
  redriveMatching,
  queues,
  services,
  routes,
  errors,
  onShowTrace,
  traceSampleRate,
  pageSize = DEFAULT_PAGE_SIZE,
}: DeadLetterBrowserProps) {
  const [filter, setFilter] = useState<DeadLetterFilter>(EMPTY_FILTER);
  const [sort, setSort] = useState<DeadLetterSort>(DEFAULT_SORT);
  const [page, setPage] = useState(0);
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<string>>(new Set());
  const [status, setStatus] = useState<RedriveStatus>({ kind: "idle" });
  const isPagedByStore = onQueryChange !== undefined;

  useEffect(() => {
    onQueryChange?.({ filter, offset: page * pageSize, limit: pageSize });
  }, [onQueryChange, filter, page, pageSize]);

  const given = rows ?? EMPTY_ROWS;
  const serviceChoices = useMemo(
    () => distinctValues(given, "service", services),
    [given, services],
  );
  const routeChoices = useMemo(
    () => distinctValues(given, "routeId", routes),
    [given, routes],
  );
  const errorChoices = useMemo(
    () => distinctValues(given, "lastError", errors),
    [given, errors],
  );
  const local = useMemo(
    () =>
      isPagedByStore
        ? undefined
        : queryDeadLetters(
            given,
            { filter, offset: page * pageSize, limit: pageSize },
            sort,
          ),
    [isPagedByStore, given, filter, page, pageSize, sort],
  );

  const visible = local ? local.rows : given;
  const matchingCount = local ? local.total : (total ?? given.length);
  const isFiltered = isFilterActive(filter);
  // Unfiltered, the store's own count matches the rows shown. The queue sizes
  // come with the snapshot, read at another moment, so they serve only when filtered.
  let storedCount: number | undefined;
  if (local) {
    storedCount = given.length;
  } else if (!isFiltered) {
    storedCount = matchingCount;
  } else {
    storedCount = queues?.reduce((sum, queue) => sum + queue.size, 0);
  }
  const pages = pageCount(matchingCount, pageSize);

  // Entries redriven or dropped since they were selected are no longer selected.
  const selected = keepPresent(selectedIds, given);
  const isPageSelected =
    visible.length > 0 && visible.every((row) => selected.has(row.id));
  const isPending = status.kind === "pending";

  // Go back to the last page when redrives leave the current one empty.
  useEffect(() => {
    if (page > 0 && page >= pages) {
      setPage(pages - 1);
    }
  }, [page, pages]);

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

  function togglePage() {
    const next = new Set(selected);
    for (const row of visible) {
      if (isPageSelected) {
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

  async function runRedrive(send: () => RedriveOutcome, count: number) {
    setStatus({ kind: "pending", count });
    try {
      const result = toResult(await send(), count);
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

  // Redrive of all matching entries needs the store's filter, or every matching row in memory.
  const canRedriveMatching =
    isFiltered && (redriveMatching !== undefined || local !== undefined);
  const redriveAllCount = canRedriveMatching
    ? matchingCount
    : (storedCount ?? matchingCount);

  function redriveAll() {
    if (!canRedriveMatching) {
      return runRedrive(() => redrive("all"), redriveAllCount);
    }
    if (redriveMatching) {
      return runRedrive(() => redriveMatching(filter), redriveAllCount);
    }
    const ids = filterDeadLetters(given, filter).map((row) => row.id);
    return runRedrive(() => redrive(ids), ids.length);
  }

  return (
    <div className="es-dead-letters" data-testid="dead-letter-browser">
      {queues && queues.length > 0 && <QueueSummary queues={queues} />}

      <div className="es-dlq-toolbar">
        <input
          type="search"
          value={filter.key}
          placeholder="Key contains"
          aria-label="Filter by key (case-sensitive)"
          onChange={(event) => updateFilter({ key: event.target.value })}
          data-testid="dead-letters-filter-key"
        />
        <FilterSelect
          label="service"
          allLabel="All services"
          value={filter.service}
          choices={serviceChoices}
          onChange={(service) => updateFilter({ service })}
        />
        <FilterSelect
          label="route"
          allLabel="All routes"
          value={filter.routeId}
          choices={routeChoices}
          onChange={(routeId) => updateFilter({ routeId })}
        />
        <FilterSelect
          label="error"
          allLabel="All errors"
          value={filter.error}
          choices={errorChoices}
          onChange={(lastError) => updateFilter({ error: lastError })}
        />
        {onShowTrace && (
          <label className="es-dlq-traced-only">
            <input
              type="checkbox"
              checked={filter.tracedOnly === true}
              onChange={(event) => updateFilter({ tracedOnly: event.target.checked })}
              data-testid="dead-letters-filter-traced"
            />
            Traced only
          </label>
        )}
        {isFiltered && (
          <button
            type="button"
            onClick={() => updateFilter({ ...EMPTY_FILTER, tracedOnly: false })}
            data-testid="dead-letters-filter-clear"
          >
            Clear filter
          </button>
        )}
      </div>

      {onShowTrace && traceSampleRate !== undefined && traceSampleRate < 1 && (
        <p className="muted" data-testid="dead-letters-trace-note">
          The scenario traces {formatPercent(traceSampleRate)} of event chains, so only
          rows of traced chains have a Trace button.
        </p>
      )}

      <div className="es-dlq-actions">
        <span
          className="muted"
          data-testid="dead-letters-counts"
          data-matching={matchingCount}
          data-stored={storedCount ?? ""}
        >
          {storedCount !== undefined && <>{formatCount(storedCount)} stored · </>}
          {formatCount(matchingCount)} matching · {formatCount(selected.size)} selected
        </span>
        <button
          type="button"
          disabled={isPending || selected.size === 0}
          onClick={() => runRedrive(() => redrive([...selected]), selected.size)}
          data-testid="dead-letters-redrive-selected"
        >
          Redrive selected ({formatCount(selected.size)})
        </button>
        <button
          type="button"
          disabled={isPending || redriveAllCount === 0}
          onClick={redriveAll}
          data-testid="dead-letters-redrive-all"
        >
          {canRedriveMatching ? "Redrive all matching" : "Redrive all"} (
          {formatCount(redriveAllCount)})
        </button>
      </div>

      <RedriveMessage status={status} />

      {visible.length === 0 ? (
        <p className="muted" data-testid="dead-letters-empty">
          {isFiltered
            ? "No dead-lettered events match the filter."
            : "No dead-lettered events are stored."}
        </p>
      ) : (
        <div className="es-dlq-table-wrap">
          <table className="es-dlq-table" data-testid="dead-letters-table">
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    checked={isPageSelected}
                    onChange={togglePage}
                    aria-label={`Select the ${visible.length} entries on this page`}
                    data-testid="dead-letters-select-page"
                  />
                </th>
                {COLUMNS.map((column) => (
                  <ColumnHeader
                    key={column.label}
                    label={column.label}
                    isNumeric={column.isNumeric === true}
                    sortKey={isPagedByStore ? null : column.key}
                    sort={sort}
                    onSort={sortBy}
                  />
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
            disabled={page === 0}
            onClick={() => setPage(page - 1)}
            data-testid="dead-letters-page-previous"
          >
            Previous
          </button>
          <span data-testid="dead-letters-page">
            Page {Math.min(page + 1, pages)} of {pages}
          </span>
          <button
            type="button"
            disabled={page >= pages - 1}
            onClick={() => setPage(page + 1)}
            data-testid="dead-letters-page-next"
          >
            Next
          </button>
        </nav>
      )}
    </div>
  );
}

function FilterSelect({
  label,
  allLabel,
  value,
  choices,
  onChange,
}: {
  label: string;
  allLabel: string;
  value: string;
  choices: readonly string[];
  onChange: (value: string) => void;
}) {
  // A chosen value stays listed after the rows that carried it are redriven.
  const options =
    value !== "" && !choices.includes(value) ? [value, ...choices] : choices;
  return (
    <select
      value={value}
      aria-label={`Filter by ${label}`}
      onChange={(event) => onChange(event.target.value)}
      data-testid={`dead-letters-filter-${label}`}
    >
      <option value="">{allLabel}</option>
      {options.map((choice) => (
        <option key={choice} value={choice}>
          {choice}
        </option>
      ))}
    </select>
  );
}

function ColumnHeader({
  label,
  isNumeric,
  sortKey,
  sort,
  onSort,
}: {
  label: string;
  isNumeric: boolean;
  sortKey: DeadLetterSortKey | null;
  sort: DeadLetterSort;
  onSort: (key: DeadLetterSortKey) => void;
}) {
  const className = isNumeric ? "es-dlq-number" : undefined;
  if (sortKey === null) {
    return (
      <th scope="col" className={className}>
        {label}
      </th>
    );
  }
  const isSorted = sortKey === sort.key;
  const direction = sort.descending ? "descending" : "ascending";
  return (
    <th scope="col" className={className} aria-sort={isSorted ? direction : undefined}>
      <button
        type="button"
        className="es-sort"
        onClick={() => onSort(sortKey)}
        aria-label={`Sort by ${label.toLowerCase()}`}
        data-testid={`dead-letters-sort-${sortKey}`}
      >
        {label}
        {isSorted && <span aria-hidden="true">{sort.descending ? " ↓" : " ↑"}</span>}
      </button>
    </th>
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
      data-published-at-ms={row.publishedAtMs}
      data-dead-lettered-at-ms={row.deadLetteredAtMs}
      data-traced={row.traced === undefined ? undefined : String(row.traced)}
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
      <td
        className="es-dlq-key"
        title={`event ${row.eventId}${row.eventType ? ` (${row.eventType})` : ""}`}
      >
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
          {row.traced !== false && (
            <button
              type="button"
              onClick={() => onShowTrace(row.eventId)}
              aria-label={`Show the trace of event ${row.eventId}`}
              data-testid="dead-letter-row-trace"
            >
              Trace
            </button>
          )}
        </td>
      )}
    </tr>
  );
}

function QueueSummary({ queues }: { queues: readonly DeadLetterQueueState[] }) {
  // Evictions happen only when the store is full, so the column appears only then.
  const hasEvictions = queues.some((queue) => (queue.evicted ?? 0) > 0);
  return (
    <table className="es-dlq-queues" data-testid="dead-letter-queues">
      <caption>Dead-letter queues</caption>
      <thead>
        <tr>
          <th scope="col">Queue</th>
          <th scope="col" className="es-dlq-number">
            In queue
          </th>
          <th scope="col" className="es-dlq-number">
            Dead-lettered
          </th>
          <th scope="col" className="es-dlq-number">
            Redriven
          </th>
          {hasEvictions && (
            <th
              scope="col"
              className="es-dlq-number"
              title="Dropped because the store was full"
            >
              Evicted
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {queues.map((queue) => (
          <tr key={queue.name} data-testid="dead-letter-queue" data-queue={queue.name}>
            <th scope="row">{queue.name}</th>
            <td className="es-dlq-number" data-testid="dead-letter-queue-size">
              {formatCount(queue.size)}
            </td>
            <td className="es-dlq-number">{formatCount(queue.total)}</td>
            <td className="es-dlq-number">{formatCount(queue.redriven)}</td>
            {hasEvictions && (
              <td className="es-dlq-number">{formatCount(queue.evicted ?? 0)}</td>
            )}
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
      : `Redrove ${plural(status.result.redriven, "event")}.`;
  return (
    <p className="es-dlq-status" role="status" data-testid="dead-letters-redrive-status">
      {text}
    </p>
  );
}
