import type { DeadLetterFilter, DeadLetterQuery, DeadLetterRow } from "./types.ts";

export const EMPTY_FILTER: DeadLetterFilter = {
  key: "",
  service: "",
  routeId: "",
  error: "",
};

export const DEFAULT_PAGE_SIZE = 50;

export type DeadLetterSortKey = "deadLetteredAtMs" | "key" | "attempts" | "routeId";

export interface DeadLetterSort {
  key: DeadLetterSortKey;
  descending: boolean;
}

export const DEFAULT_SORT: DeadLetterSort = { key: "deadLetteredAtMs", descending: true };

export function isFilterActive(filter: DeadLetterFilter): boolean {
  return (
    filter.key !== "" ||
    filter.service !== "" ||
    filter.routeId !== "" ||
    filter.error !== "" ||
    filter.tracedOnly === true
  );
}

export function matchesFilter(row: DeadLetterRow, filter: DeadLetterFilter): boolean {
  return (
    (filter.key === "" || row.key.includes(filter.key)) &&
    (filter.service === "" || row.service === filter.service) &&
    (filter.routeId === "" || row.routeId === filter.routeId) &&
    (filter.error === "" || row.lastError === filter.error) &&
    (filter.tracedOnly !== true || row.traced === true)
  );
}

/** Returns the rows that match every part of the filter, in their input order. */
export function filterDeadLetters(
  rows: readonly DeadLetterRow[],
  filter: DeadLetterFilter,
): DeadLetterRow[] {
  return rows.filter((row) => matchesFilter(row, filter));
}

function compareRows(a: DeadLetterRow, b: DeadLetterRow, key: DeadLetterSortKey): number {
  const left = a[key];
  const right = b[key];
  if (typeof left === "number" && typeof right === "number") {
    return left - right;
  }
  return String(left).localeCompare(String(right));
}

/**
 * Returns a sorted copy. Ties fall back to dead-letter time, then entry id,
 * so the order is stable across refreshes.
 */
export function sortDeadLetters(
  rows: readonly DeadLetterRow[],
  sort: DeadLetterSort,
): DeadLetterRow[] {
  const sign = sort.descending ? -1 : 1;
  return rows
    .slice()
    .sort(
      (a, b) =>
        sign * compareRows(a, b, sort.key) ||
        sign * (a.deadLetteredAtMs - b.deadLetteredAtMs) ||
        a.id.localeCompare(b.id),
    );
}

/**
 * Filters, sorts and pages rows held in memory, as a store that pages itself
 * does. Returns the page and the number of matching rows.
 */
export function queryDeadLetters(
  rows: readonly DeadLetterRow[],
  query: DeadLetterQuery,
  sort: DeadLetterSort = DEFAULT_SORT,
): { rows: DeadLetterRow[]; total: number } {
  const matching = sortDeadLetters(filterDeadLetters(rows, query.filter), sort);
  return {
    rows: matching.slice(query.offset, query.offset + query.limit),
    total: matching.length,
  };
}

/** Returns the distinct non-empty values of a text field, sorted, with `extra` values merged in. */
export function distinctValues(
  rows: readonly DeadLetterRow[],
  field: "service" | "routeId" | "lastError",
  extra: readonly string[] = [],
): string[] {
  const values = new Set(extra);
  for (const row of rows) {
    values.add(row[field]);
  }
  values.delete("");
  return [...values].sort((a, b) => a.localeCompare(b));
}

/** Returns the ids in `selected` that are still among `rows`. */
export function keepPresent(
  selected: ReadonlySet<string>,
  rows: readonly DeadLetterRow[],
): Set<string> {
  const present = new Set<string>();
  for (const row of rows) {
    if (selected.has(row.id)) {
      present.add(row.id);
    }
  }
  return present;
}

/** Returns the number of pages for `total` rows, at least 1. */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
