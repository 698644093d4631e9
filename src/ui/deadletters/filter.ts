import type { DeadLetterRow } from "./types.ts";

export interface DeadLetterFilter {
  /** Case-insensitive text matched against event id, key and last error. */
  text: string;
  /** Exact service name, or "" for any. */
  service: string;
  /** Exact route id, or "" for any. */
  routeId: string;
}

export const EMPTY_FILTER: DeadLetterFilter = { text: "", service: "", routeId: "" };

export type DeadLetterSortKey = "deadLetteredAtMs" | "key" | "attempts" | "service";

export interface DeadLetterSort {
  key: DeadLetterSortKey;
  descending: boolean;
}

export const DEFAULT_SORT: DeadLetterSort = { key: "deadLetteredAtMs", descending: true };

export function isFilterActive(filter: DeadLetterFilter): boolean {
  return filter.text.trim() !== "" || filter.service !== "" || filter.routeId !== "";
}

/** Returns the rows that match every part of the filter, in their input order. */
export function filterDeadLetters(
  rows: readonly DeadLetterRow[],
  filter: DeadLetterFilter,
): DeadLetterRow[] {
  const needle = filter.text.trim().toLowerCase();
  return rows.filter(
    (row) =>
      (filter.service === "" || row.service === filter.service) &&
      (filter.routeId === "" || row.routeId === filter.routeId) &&
      (needle === "" ||
        row.eventId.toLowerCase().includes(needle) ||
        row.key.toLowerCase().includes(needle) ||
        row.lastError.toLowerCase().includes(needle)),
  );
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
 * so the order is stable across snapshots.
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

/** Returns the distinct values of a text field, sorted. */
export function distinctValues(
  rows: readonly DeadLetterRow[],
  field: "service" | "routeId",
): string[] {
  return [...new Set(rows.map((row) => row[field]))].sort((a, b) => a.localeCompare(b));
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
