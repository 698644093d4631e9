import { describe, expect, it } from "vitest";
import {
  DEFAULT_SORT,
  distinctValues,
  EMPTY_FILTER,
  filterDeadLetters,
  isFilterActive,
  keepPresent,
  pageCount,
  queryDeadLetters,
  sortDeadLetters,
} from "../../../src/ui/deadletters/filter.ts";
import type { DeadLetterRow } from "../../../src/ui/deadletters/types.ts";
import { deadLetterRow as row } from "./fixtures.ts";

const rows = [
  row("a", { deadLetteredAtMs: 3000, attempts: 5 }),
  row("b", {
    service: "shipping",
    routeId: "orders->shipping",
    lastError: "refused",
    deadLetteredAtMs: 1000,
  }),
  row("c", { key: "customer-A7", deadLetteredAtMs: 2000, attempts: 1 }),
];

const ids = (list: readonly DeadLetterRow[]) => list.map((entry) => entry.id);

describe("filterDeadLetters", () => {
  it("keeps everything without a filter", () => {
    expect(ids(filterDeadLetters(rows, EMPTY_FILTER))).toEqual(["a", "b", "c"]);
  });

  it("keeps only traced rows on request", () => {
    const mixed = [row("t", { traced: true }), row("u", { traced: false }), row("v", {})];
    const filter = { ...EMPTY_FILTER, tracedOnly: true };

    expect(ids(filterDeadLetters(mixed, filter))).toEqual(["t"]);
    expect(isFilterActive(filter)).toBe(true);
    expect(isFilterActive({ ...EMPTY_FILTER, tracedOnly: false })).toBe(false);
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

  it("matches error exactly", () => {
    expect(ids(filterDeadLetters(rows, { ...EMPTY_FILTER, error: "refused" }))).toEqual([
      "b",
    ]);
    expect(ids(filterDeadLetters(rows, { ...EMPTY_FILTER, error: "refuse" }))).toEqual(
      [],
    );
  });

  it("matches key substrings with case", () => {
    expect(ids(filterDeadLetters(rows, { ...EMPTY_FILTER, key: "A7" }))).toEqual(["c"]);
    expect(ids(filterDeadLetters(rows, { ...EMPTY_FILTER, key: "a7" }))).toEqual([]);
  });

  it("combines all parts", () => {
    const filter = {
      key: "customer",
      service: "billing",
      routeId: "orders->billing",
      error: "timeout",
    };
    expect(ids(filterDeadLetters(rows, filter))).toEqual(["a", "c"]);
  });
});

describe("isFilterActive", () => {
  it("is false for the empty filter", () => {
    expect(isFilterActive(EMPTY_FILTER)).toBe(false);
  });

  it("sees each part", () => {
    expect(isFilterActive({ ...EMPTY_FILTER, key: "x" })).toBe(true);
    expect(isFilterActive({ ...EMPTY_FILTER, service: "billing" })).toBe(true);
    expect(isFilterActive({ ...EMPTY_FILTER, routeId: "orders->billing" })).toBe(true);
    expect(isFilterActive({ ...EMPTY_FILTER, error: "timeout" })).toBe(true);
  });
});

describe("sortDeadLetters", () => {
  it("sorts newest first by default", () => {
    expect(ids(sortDeadLetters(rows, DEFAULT_SORT))).toEqual(["a", "c", "b"]);
  });

  it("sorts attempts ascending", () => {
    const sorted = sortDeadLetters(rows, { key: "attempts", descending: false });
    expect(ids(sorted)).toEqual(["c", "b", "a"]);
  });

  it("sorts routes, then time", () => {
    const sorted = sortDeadLetters(rows, { key: "routeId", descending: false });
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

describe("queryDeadLetters", () => {
  const many = Array.from({ length: 7 }, (_, i) =>
    row(`r${i}`, {
      deadLetteredAtMs: i * 100,
      service: i % 2 === 0 ? "billing" : "mail",
    }),
  );

  it("pages newest first", () => {
    const page = queryDeadLetters(many, { filter: EMPTY_FILTER, offset: 3, limit: 3 });
    expect(ids(page.rows)).toEqual(["r3", "r2", "r1"]);
    expect(page.total).toBe(7);
  });

  it("counts matches before paging", () => {
    const filter = { ...EMPTY_FILTER, service: "billing" };
    const page = queryDeadLetters(many, { filter, offset: 0, limit: 2 });
    expect(ids(page.rows)).toEqual(["r6", "r4"]);
    expect(page.total).toBe(4);
  });

  it("returns an empty page past the end", () => {
    const page = queryDeadLetters(many, { filter: EMPTY_FILTER, offset: 10, limit: 5 });
    expect(page.rows).toEqual([]);
    expect(page.total).toBe(7);
  });
});

describe("distinctValues", () => {
  it("lists sorted unique values", () => {
    expect(distinctValues(rows, "service")).toEqual(["billing", "shipping"]);
    expect(distinctValues(rows, "routeId")).toEqual([
      "orders->billing",
      "orders->shipping",
    ]);
    expect(distinctValues(rows, "lastError")).toEqual(["refused", "timeout"]);
  });

  it("merges extra values and drops blanks", () => {
    expect(distinctValues(rows, "service", ["audit", "", "billing"])).toEqual([
      "audit",
      "billing",
      "shipping",
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
