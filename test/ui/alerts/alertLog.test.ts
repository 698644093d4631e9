import { describe, expect, it } from "vitest";
import {
  countFiring,
  episodeKey,
  episodesFromTransitions,
  mergeAlertLog,
  sortAlerts,
} from "../../../src/ui/alerts/alertLog.ts";
import { createAlertLogStore } from "../../../src/ui/alerts/useAlertLog.ts";
import { alert, snapshot } from "../charts/fixtures.ts";

const firing = alert({ id: "dlq:billing", scopeId: "billing", firedAtMs: 60_000 });
const resolved = alert({
  id: "dlq:billing",
  scopeId: "billing",
  firedAtMs: 60_000,
  state: "resolved",
  resolvedAtMs: 90_000,
  value: 0.0003,
});

describe("mergeAlertLog", () => {
  it("adds a new episode", () => {
    const log = mergeAlertLog([], [firing]);
    expect(log).toEqual([{ ...firing, key: "dlq:billing@60000" }]);
  });

  it("updates a known episode", () => {
    const log = mergeAlertLog(mergeAlertLog([], [firing]), [resolved]);
    expect(log).toHaveLength(1);
    expect(log[0].state).toBe("resolved");
    expect(log[0].resolvedAtMs).toBe(90_000);
    expect(log[0].value).toBe(0.0003);
  });

  it("keeps both episodes of a refired alert", () => {
    const refired = alert({ id: "dlq:billing", scopeId: "billing", firedAtMs: 120_000 });
    const log = mergeAlertLog(mergeAlertLog([], [resolved]), [refired]);
    expect(log.map((episode) => episode.key)).toEqual([
      "dlq:billing@60000",
      "dlq:billing@120000",
    ]);
    expect(log.map((episode) => episode.state)).toEqual(["resolved", "firing"]);
  });

  it("returns the same log when nothing changed", () => {
    const log = mergeAlertLog([], [firing]);
    expect(mergeAlertLog(log, [firing])).toBe(log);
    expect(mergeAlertLog(log, [])).toBe(log);
  });

  it("drops the oldest resolved episodes first", () => {
    const oldResolved = { ...resolved, firedAtMs: 1000, resolvedAtMs: 2000 };
    const newResolved = { ...resolved, firedAtMs: 3000, resolvedAtMs: 4000 };
    const stillFiring = { ...firing, firedAtMs: 500 };
    const log = mergeAlertLog([], [stillFiring, oldResolved, newResolved], 2);
    expect(log.map((episode) => episode.key)).toEqual([
      "dlq:billing@500",
      "dlq:billing@3000",
    ]);
  });

  it("keeps the newest when all fire", () => {
    const alerts = [1, 2, 3].map((n) => alert({ id: `dlq:s${n}`, firedAtMs: n * 1000 }));
    const log = mergeAlertLog([], alerts, 2);
    expect(log.map((episode) => episode.id)).toEqual(["dlq:s2", "dlq:s3"]);
  });
});

describe("episodeKey", () => {
  it("joins id and firing time", () => {
    expect(episodeKey(firing)).toBe("dlq:billing@60000");
  });
});

describe("sortAlerts", () => {
  it("puts firing first, newest first", () => {
    const a = alert({ id: "dlq:a", firedAtMs: 1000 });
    const b = alert({ id: "dlq:b", firedAtMs: 5000 });
    const c = alert({
      id: "dlq:c",
      state: "resolved",
      firedAtMs: 100,
      resolvedAtMs: 9000,
    });
    const d = alert({
      id: "dlq:d",
      state: "resolved",
      firedAtMs: 200,
      resolvedAtMs: 3000,
    });
    expect(sortAlerts([d, a, c, b]).map((x) => x.id)).toEqual([
      "dlq:b",
      "dlq:a",
      "dlq:c",
      "dlq:d",
    ]);
  });

  it("breaks ties by id", () => {
    const x = alert({ id: "dlq:x", firedAtMs: 1000 });
    const w = alert({ id: "dlq:w", firedAtMs: 1000 });
    expect(sortAlerts([x, w]).map((entry) => entry.id)).toEqual(["dlq:w", "dlq:x"]);
  });
});

describe("countFiring", () => {
  it("counts firing alerts only", () => {
    expect(countFiring([firing, resolved, alert({ id: "dlq:all" })])).toBe(2);
    expect(countFiring([])).toBe(0);
  });
});

describe("alert log store", () => {
  it("collects episodes across snapshots", () => {
    const store = createAlertLogStore();
    store.getState().push(snapshot(1, 60_000, [], { alerts: [firing] }));
    store.getState().push(snapshot(2, 90_000, [], { alerts: [resolved] }));
    expect(store.getState().episodes.map((episode) => episode.state)).toEqual([
      "resolved",
    ]);
  });

  it("starts over on a new run", () => {
    const store = createAlertLogStore();
    store.getState().push(snapshot(5, 60_000, [], { alerts: [firing] }));
    store.getState().push(snapshot(1, 1000, [], { alerts: [] }));
    expect(store.getState().episodes).toEqual([]);
  });
});

describe("episodesFromTransitions", () => {
  const current = alert({
    id: "dlq:billing",
    scopeId: "billing",
    scopeKind: "service",
    firedAtMs: 300_000,
    value: 0.003,
  });
  const transition = (state: "firing" | "resolved", atMs: number, value: number) => ({
    id: "dlq:billing",
    scopeId: "billing",
    state,
    atMs,
    value,
    volume: 5000,
  });

  it("rebuilds closed and open episodes", () => {
    const episodes = episodesFromTransitions(
      [
        transition("firing", 60_000, 0.002),
        transition("resolved", 90_000, 0.0004),
        transition("firing", 300_000, 0.003),
      ],
      [current],
    );
    expect(episodes).toEqual([
      {
        ...current,
        firedAtMs: 60_000,
        state: "resolved",
        resolvedAtMs: 90_000,
        value: 0.0004,
      },
      {
        ...current,
        firedAtMs: 300_000,
        state: "firing",
        resolvedAtMs: undefined,
        value: 0.003,
      },
    ]);
  });

  it("skips a resolution without its firing", () => {
    expect(
      episodesFromTransitions([transition("resolved", 90_000, 0)], [current]),
    ).toEqual([]);
  });

  it("skips ids without an alert", () => {
    expect(episodesFromTransitions([transition("firing", 1000, 0.01)], [])).toEqual([]);
  });

  it("lets the store list an episode between snapshots", () => {
    const store = createAlertLogStore();
    const resolvedNow = { ...current, firedAtMs: 60_000, state: "resolved" as const };
    store.getState().push(
      snapshot(1, 120_000, [], {
        alerts: [{ ...resolvedNow, resolvedAtMs: 100_000, value: 0.0001 }],
        alertLog: [
          transition("firing", 30_000, 0.004),
          transition("resolved", 45_000, 0.0002),
          transition("firing", 60_000, 0.002),
          transition("resolved", 100_000, 0.0001),
        ],
      }),
    );
    const episodes = store.getState().episodes;
    expect(episodes.map((episode) => episode.key)).toEqual([
      "dlq:billing@30000",
      "dlq:billing@60000",
    ]);
    expect(episodes.map((episode) => episode.resolvedAtMs)).toEqual([45_000, 100_000]);
  });
});
