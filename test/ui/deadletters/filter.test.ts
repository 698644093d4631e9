import { describe, expect, it } from "vitest";
import {
  distinctValues,
  EMPTY_FILTER,
  filterDeadLetters,
  isFilterActive,
  keepPresent,
  pageCount,
  sortDeadLetters,
} from "../../../src/ui/deadletters/filter.ts";
import type { DeadLetterRow } from "../../../src/ui/deadletters/types.ts";

function row(id: string, overrides: Partial<DeadLetterRow> = {}): DeadLetterRow {
  return {
    id,
    eventId: `event-${id}`,
    routeId: "orders->billing",
    topic: "orders",
    service: "billing",
    key: `customer-${id}`,
    attempts: 3,
    lastError: "timeout after 500 ms",
    deadLetteredAtMs: 1000,
    publishedAtMs: 100,
    ...overrides,
  };
}

const rows = [
  row("a", { deadLetteredAtMs: 3000, attempts: 5 }),
  row("b", {
    service: "shipping",
    routeId: "orders->shipping",
    lastError: "Connection REFUSED",
    deadLetteredAtMs: 1000,
  }),
  row("c", { key: "customer-A7", deadLetteredAtMs: 2000, attempts: 1 }),
];

const ids = (list: DeadLetterRow[]) => list.map((entry) => entry.id);

describe("filterDeadLetters", () => {
  it("keeps everything without a filter", () => {
    expect(ids(filterDeadLetters(rows, EMPTY_FILTER))).toEqual(["a", "b", "c"]);
  });

  it("matches service exactly", () => {
    expect(
      ids(filterDeadLetters(rows, { ...EMPTY_FILTER, service: "shipping" })),
    ).toEqual(["b"]);
    expect(ids(filterDeadLetters(rows, { ...EMPTY_FILTER, service: "ship" }))).toEqual(
      [],
    );
  });

  it("matches route exactly", () => {
    const filter = { ...EMPTY_FILTER, routeId: "orders->billing" };
    expect(ids(filterDeadLetters(rows, filter))).toEqual(["a", "c"]);
  });

  it("matches text in error ignoring case", () => {
    expect(ids(filterDeadLetters(rows, { ...EMPTY_FILTER, text: "refused" }))).toEqual([
      "b",
    ]);
  });

  it("matches text in key and event id", () => {
    expect(ids(filterDeadLetters(rows, { ...EMPTY_FILTER, text: "a7" }))).toEqual(["c"]);
    expect(ids(filterDeadLetters(rows, { ...EMPTY_FILTER, text: " event-b " }))).toEqual([
      "b",
    ]);
  });

  it("combines all parts", () => {
    const filter = { text: "timeout", service: "billing", routeId: "orders->billing" };
    expect(ids(filterDeadLetters(rows, filter))).toEqual(["a", "c"]);
  });
});

describe("isFilterActive", () => {
  it("ignores blank text", () => {
    expect(isFilterActive({ ...EMPTY_FILTER, text: "  " })).toBe(false);
  });

  it("sees each part", () => {
    expect(isFilterActive({ ...EMPTY_FILTER, text: "x" })).toBe(true);
    expect(isFilterActive({ ...EMPTY_FILTER, service: "billing" })).toBe(true);
    expect(isFilterActive({ ...EMPTY_FILTER, routeId: "orders->billing" })).toBe(true);
  });
});

describe("sortDeadLetters", () => {
  it("sorts newest first by default key", () => {
    const sorted = sortDeadLetters(rows, { key: "deadLetteredAtMs", descending: true });
    expect(ids(sorted)).toEqual(["a", "c", "b"]);
  });

  it("sorts attempts ascending", () => {
    const sorted = sortDeadLetters(rows, { key: "attempts", descending: false });
    expect(ids(sorted)).toEqual(["c", "b", "a"]);
  });

  it("sorts text keys", () => {
    const sorted = sortDeadLetters(rows, { key: "service", descending: false });
    expect(ids(sorted)).toEqual(["c", "a", "b"]);
  });

  it("breaks ties by time then id", () => {
    const tied = [row("z"), row("y"), row("x", { deadLetteredAtMs: 500 })];
    const sorted = sortDeadLetters(tied, { key: "attempts", descending: false });
    expect(ids(sorted)).toEqual(["x", "y", "z"]);
  });

  it("leaves the input unchanged", () => {
    const input = rows.slice();
    sortDeadLetters(input, { key: "attempts", descending: false });
    expect(ids(input)).toEqual(["a", "b", "c"]);
  });
});

describe("distinctValues", () => {
  it("lists sorted unique values", () => {
    expect(distinctValues(rows, "service")).toEqual(["billing", "shipping"]);
    expect(distinctValues(rows, "routeId")).toEqual([
      "orders->billing",
      "orders->shipping",
    ]);
  });
});

describe("keepPresent", () => {
  it("drops ids no longer stored", () => {
    const kept = keepPresent(new Set(["a", "gone", "c"]), rows);
    expect([...kept].sort()).toEqual(["a", "c"]);
  });
});

describe("pageCount", () => {
  it.each([
    [0, 50, 1],
    [50, 50, 1],
    [51, 50, 2],
    [1000, 50, 20],
  ])("counts %d rows at %d a page", (total, size, expected) => {
    expect(pageCount(total, size)).toBe(expected);
  });
});
