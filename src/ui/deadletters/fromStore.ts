/**
 * Conversions between the browser's types and the simulation's dead-letter
 * store, whose ids are numbers and whose filter leaves unset fields undefined.
 */
import type {
  DeadLetterEntry,
  RedriveSelection,
  DeadLetterFilter as StoreFilter,
} from "../../engine/sim/index.ts";
import type {
  DeadLetterFilter,
  DeadLetterQuery,
  DeadLetterRow,
  RedriveTarget,
} from "./types.ts";

export function toDeadLetterRow(entry: DeadLetterEntry): DeadLetterRow {
  return {
    id: String(entry.id),
    eventId: String(entry.eventId),
    eventType: entry.eventType,
    queue: entry.queue,
    routeId: entry.route,
    topic: entry.topic,
    service: entry.service,
    key: entry.key,
    attempts: entry.attempts,
    lastError: entry.lastError,
    deadLetteredAtMs: entry.deadLetteredAtMs,
    publishedAtMs: entry.publishedAtMs,
    traced: entry.traced,
  };
}

export function toStoreFilter(filter: DeadLetterFilter): StoreFilter {
  const storeFilter: StoreFilter = {};
  if (filter.key !== "") {
    storeFilter.key = filter.key;
  }
  if (filter.service !== "") {
    storeFilter.service = filter.service;
  }
  if (filter.routeId !== "") {
    storeFilter.route = filter.routeId;
  }
  if (filter.error !== "") {
    storeFilter.error = filter.error;
  }
  if (filter.tracedOnly === true) {
    storeFilter.traced = true;
  }
  return storeFilter;
}

/** Returns the parameters of the store's paged read for a browser query. */
export function toStoreQuery(query: DeadLetterQuery): {
  filter: StoreFilter;
  offset: number;
  limit: number;
} {
  return {
    filter: toStoreFilter(query.filter),
    offset: query.offset,
    limit: query.limit,
  };
}

/**
 * Returns the store's redrive selection for a browser target. Throws a
 * RangeError naming an id that is not a store id, which only rows that did
 * not come from `toDeadLetterRow` can have.
 */
export function toRedriveSelection(target: RedriveTarget): RedriveSelection {
  if (target === "all") {
    return { all: true };
  }
  return {
    ids: target.map((id) => {
      const number = Number(id);
      if (!Number.isSafeInteger(number) || number < 0 || String(number) !== id) {
        throw new RangeError(`dead-letter entry id must be a whole number, got "${id}"`);
      }
      return number;
    }),
  };
}

/** Returns the store's redrive selection for every entry that matches a browser filter. */
export function toRedriveMatchingSelection(filter: DeadLetterFilter): RedriveSelection {
  return { all: true, filter: toStoreFilter(filter) };
}
