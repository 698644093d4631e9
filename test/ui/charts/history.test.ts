import { describe, expect, it } from "vitest";
import { appendSnapshot, isNewRun } from "../../../src/ui/charts/history.ts";
import { createSnapshotHistoryStore } from "../../../src/ui/charts/useSnapshotHistory.ts";
import { snapshot } from "./fixtures.ts";

describe("appendSnapshot", () => {
  it("appends in order", () => {
    let history = appendSnapshot([], snapshot(1, 1000, []));
    history = appendSnapshot(history, snapshot(2, 2000, []));
    expect(history.map((entry) => entry.seq)).toEqual([1, 2]);
  });

  it("drops the oldest beyond capacity", () => {
    let history = appendSnapshot([], snapshot(1, 1000, []), 3);
    for (let seq = 2; seq <= 5; seq++) {
      history = appendSnapshot(history, snapshot(seq, seq * 1000, []), 3);
    }
    expect(history.map((entry) => entry.seq)).toEqual([3, 4, 5]);
  });

  it("leaves the input unchanged", () => {
    const first = appendSnapshot([], snapshot(1, 1000, []));
    const second = appendSnapshot(first, snapshot(2, 2000, []));
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(2);
  });

  it("ignores a repeated seq", () => {
    const history = appendSnapshot([], snapshot(1, 1000, []));
    expect(appendSnapshot(history, snapshot(1, 1000, []))).toBe(history);
  });

  it("replaces a snapshot at the same time", () => {
    let history = appendSnapshot([], snapshot(1, 1000, []));
    history = appendSnapshot(history, snapshot(2, 2000, []));
    history = appendSnapshot(history, snapshot(3, 2000, [], { state: "paused" }));
    expect(history.map((entry) => entry.seq)).toEqual([1, 3]);
  });

  it("restarts on a new run", () => {
    let history = appendSnapshot([], snapshot(1, 1000, []));
    history = appendSnapshot(history, snapshot(2, 2000, []));
    history = appendSnapshot(history, snapshot(1, 1000, [], { seed: 8 }));
    expect(history.map((entry) => entry.seed)).toEqual([8]);
  });

  it("rejects a capacity below one", () => {
    expect(() => appendSnapshot([], snapshot(1, 0, []), 0)).toThrow(
      "history capacity must be a positive integer, got 0",
    );
  });
});

describe("isNewRun", () => {
  const base = snapshot(5, 5000, []);

  it.each([
    ["a lower seq", snapshot(4, 6000, []), true],
    ["an earlier time", snapshot(6, 4000, []), true],
    ["another seed", snapshot(6, 6000, [], { seed: 9 }), true],
    ["another scenario", snapshot(6, 6000, [], { scenarioName: "payments" }), true],
    ["the next snapshot", snapshot(6, 6000, []), false],
  ])("detects %s", (_name, next, expected) => {
    expect(isNewRun(base, next)).toBe(expected);
  });
});

describe("snapshot history store", () => {
  it("pushes within capacity", () => {
    const store = createSnapshotHistoryStore(2);
    for (let seq = 1; seq <= 3; seq++) {
      store.getState().push(snapshot(seq, seq * 1000, []));
    }
    expect(store.getState().history.map((entry) => entry.seq)).toEqual([2, 3]);
  });

  it("shrinks to a lower capacity", () => {
    const store = createSnapshotHistoryStore(5);
    for (let seq = 1; seq <= 4; seq++) {
      store.getState().push(snapshot(seq, seq * 1000, []));
    }
    store.getState().setCapacity(1);
    expect(store.getState().history.map((entry) => entry.seq)).toEqual([4]);
    expect(store.getState().capacity).toBe(1);
  });

  it("rejects a zero capacity", () => {
    const store = createSnapshotHistoryStore();
    expect(() => store.getState().setCapacity(0)).toThrow(
      "history capacity must be a positive integer, got 0",
    );
  });
});
