import { describe, expect, it } from "vitest";
import type { DeadLetterEntry } from "../../../src/engine/sim/index.ts";
import { EMPTY_FILTER } from "../../../src/ui/deadletters/filter.ts";
import {
  toDeadLetterRow,
  toRedriveMatchingSelection,
  toRedriveSelection,
  toStoreFilter,
  toStoreQuery,
} from "../../../src/ui/deadletters/fromStore.ts";

const entry: DeadLetterEntry = {
  id: 41,
  eventId: 9001,
  eventType: "OrderPlaced",
  key: "customer-3",
  queue: "billing.dlq",
  route: "orders->billing",
  topic: "orders",
  service: "billing",
  attempts: 4,
  lastError: "timeout",
  deadLetteredAtMs: 65_250,
  publishedAtMs: 64_000,
  traced: true,
};

describe("toDeadLetterRow", () => {
  it("copies every field with text ids", () => {
    expect(toDeadLetterRow(entry)).toEqual({
      id: "41",
      eventId: "9001",
      eventType: "OrderPlaced",
      queue: "billing.dlq",
      routeId: "orders->billing",
      topic: "orders",
      service: "billing",
      key: "customer-3",
      attempts: 4,
      lastError: "timeout",
      deadLetteredAtMs: 65_250,
      publishedAtMs: 64_000,
      traced: true,
    });
  });

  it("keeps an unsampled entry's flag", () => {
    expect(toDeadLetterRow({ ...entry, traced: false }).traced).toBe(false);
  });
});

describe("toStoreFilter", () => {
  it("leaves empty parts out", () => {
    expect(toStoreFilter(EMPTY_FILTER)).toEqual({});
  });

  it("asks for traced entries only", () => {
    expect(toStoreFilter({ ...EMPTY_FILTER, tracedOnly: true })).toEqual({
      traced: true,
    });
    expect(toStoreFilter({ ...EMPTY_FILTER, tracedOnly: false })).toEqual({});
  });

  it("renames the route", () => {
    const filter = {
      key: "cust",
      service: "billing",
      routeId: "orders->billing",
      error: "timeout",
    };
    expect(toStoreFilter(filter)).toEqual({
      key: "cust",
      service: "billing",
      route: "orders->billing",
      error: "timeout",
    });
  });
});

describe("toStoreQuery", () => {
  it("keeps offset and limit", () => {
    const query = {
      filter: { ...EMPTY_FILTER, service: "mail" },
      offset: 100,
      limit: 50,
    };
    expect(toStoreQuery(query)).toEqual({
      filter: { service: "mail" },
      offset: 100,
      limit: 50,
    });
  });
});

describe("toRedriveSelection", () => {
  it("turns ids into numbers", () => {
    expect(toRedriveSelection(["41", "7"])).toEqual({ ids: [41, 7] });
  });

  it("rejects an id that is not a store id", () => {
    expect(() => toRedriveSelection(["dl-4"])).toThrow(
      'dead-letter entry id must be a whole number, got "dl-4"',
    );
    expect(() => toRedriveSelection(["07"])).toThrow(RangeError);
  });

  it("passes all", () => {
    expect(toRedriveSelection("all")).toEqual({ all: true });
  });
});

describe("toRedriveMatchingSelection", () => {
  it("passes the store filter", () => {
    const filter = { ...EMPTY_FILTER, service: "billing" };
    expect(toRedriveMatchingSelection(filter)).toEqual({
      all: true,
      filter: { service: "billing" },
    });
  });
});
