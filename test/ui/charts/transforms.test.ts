import { describe, expect, it } from "vitest";
import {
  bucketLabel,
  chooseLatencyUnit,
  clockTicks,
  columnIndexAt,
  deadLetterAxisMax,
  deadLetterSeries,
  deadLetterThreshold,
  endToEndSeries,
  formatClock,
  formatCount,
  formatLatency,
  formatPercent,
  formatRate,
  formatSignificant,
  heatmapMatrix,
  latencySeries,
  maxP99,
  maxRate,
  minPositiveLatency,
  nearestIndex,
  scopeOptions,
  throughputSeries,
  windowSummary,
} from "../../../src/ui/charts/transforms.ts";
import { alert, BOUNDS_MS, scope, snapshot, windowStats } from "./fixtures.ts";

const history = [
  snapshot(1, 1000, [
    scope("all", "all", {
      count: 10,
      p50: 2,
      p90: 5,
      p99: 9,
      max: 12,
      ratePerSecond: 10,
    }),
  ]),
  snapshot(2, 2000, [
    scope("all", "all", { count: 0 }),
    scope("billing", "service", { count: 4, p50: 1, p90: 2, p99: 3, max: 3 }),
  ]),
  snapshot(3, 3000, [
    scope("all", "all", {
      count: 2000,
      p50: 3,
      p90: 7,
      p99: 40,
      max: 80,
      ratePerSecond: 33.5,
      deadLettered: 3,
      deadLetterRatio: 0.0015,
    }),
  ]),
];

describe("latencySeries", () => {
  it("maps each snapshot with the scope to a point", () => {
    expect(latencySeries(history, "all", "1m")).toEqual([
      { tMs: 1000, p50: 2, p90: 5, p99: 9, max: 12, count: 10 },
      { tMs: 2000, p50: 0, p90: 0, p99: 0, max: 0, count: 0 },
      { tMs: 3000, p50: 3, p90: 7, p99: 40, max: 80, count: 2000 },
    ]);
  });

  it("skips snapshots without the scope", () => {
    expect(latencySeries(history, "billing", "1m")).toEqual([
      { tMs: 2000, p50: 1, p90: 2, p99: 3, max: 3, count: 4 },
    ]);
  });

  it("reads the requested window", () => {
    const counts = latencySeries(history, "all", "5m").map((point) => point.count);
    expect(counts).toEqual([50, 0, 10_000]);
  });

  it("returns no points for an unknown scope", () => {
    expect(latencySeries(history, "nowhere", "1m")).toEqual([]);
  });
});

describe("endToEndSeries", () => {
  const summary = (p99: number) => ({ count: 8, p50: 5, p90: 20, p99, max: p99 + 1 });
  const withEndToEnd = (seq: number, p99: number) => {
    const route = scope("orders->billing", "route");
    route.endToEnd = {
      "1m": summary(p99),
      "5m": summary(p99 * 2),
      "15m": summary(p99 * 3),
    };
    return snapshot(seq, seq * 1000, [scope("all", "all"), route]);
  };

  it("maps the route's end-to-end figures", () => {
    const points = endToEndSeries(
      [withEndToEnd(1, 40), withEndToEnd(2, 60)],
      "orders->billing",
      "5m",
    );
    expect(points).toEqual([
      { tMs: 1000, p50: 5, p90: 20, p99: 80, max: 81, count: 8 },
      { tMs: 2000, p50: 5, p90: 20, p99: 120, max: 121, count: 8 },
    ]);
  });

  it("skips scopes without end-to-end figures", () => {
    expect(endToEndSeries([withEndToEnd(1, 40)], "all", "1m")).toEqual([]);
    expect(endToEndSeries(history, "orders->billing", "1m")).toEqual([]);
  });
});

describe("maxP99", () => {
  it("ignores points without deliveries", () => {
    const points = [
      { tMs: 0, p50: 0, p90: 0, p99: 500, max: 0, count: 0 },
      { tMs: 1, p50: 1, p90: 2, p99: 7, max: 9, count: 3 },
    ];
    expect(maxP99(points)).toBe(7);
  });

  it("returns 0 for no points", () => {
    expect(maxP99([])).toBe(0);
  });
});

describe("minPositiveLatency", () => {
  it("finds the smallest positive percentile", () => {
    const points = [
      { tMs: 0, p50: 0.001, p90: 9, p99: 9, max: 9, count: 0 },
      { tMs: 1, p50: 0, p90: 0.4, p99: 20_000, max: 21_000, count: 5 },
      { tMs: 2, p50: 0.7, p90: 3, p99: 9, max: 9, count: 5 },
    ];
    expect(minPositiveLatency(points)).toBe(0.4);
  });

  it("returns 0 without deliveries", () => {
    expect(minPositiveLatency([])).toBe(0);
    expect(
      minPositiveLatency([{ tMs: 0, p50: 0, p90: 0, p99: 0, max: 0, count: 3 }]),
    ).toBe(0);
  });
});

describe("throughputSeries", () => {
  it("maps rate and count", () => {
    expect(throughputSeries(history, "all", "1m")).toEqual([
      { tMs: 1000, ratePerSecond: 10, count: 10 },
      { tMs: 2000, ratePerSecond: 0, count: 0 },
      { tMs: 3000, ratePerSecond: 33.5, count: 2000 },
    ]);
  });

  it("finds the max rate", () => {
    expect(maxRate(throughputSeries(history, "all", "1m"))).toBe(33.5);
  });
});

describe("deadLetterSeries", () => {
  it("maps ratio and counts", () => {
    expect(deadLetterSeries(history, "all", "1m")).toEqual([
      { tMs: 1000, ratio: 0, deadLettered: 0, count: 10 },
      { tMs: 2000, ratio: 0, deadLettered: 0, count: 0 },
      { tMs: 3000, ratio: 0.0015, deadLettered: 3, count: 2000 },
    ]);
  });

  it("keeps twice the threshold in view", () => {
    const low = [{ tMs: 0, ratio: 0.0005, deadLettered: 1, count: 2000 }];
    expect(deadLetterAxisMax(low, 0.001)).toBe(0.002);
  });

  it("grows the axis to the largest ratio", () => {
    const high = [
      { tMs: 0, ratio: 0.05, deadLettered: 5, count: 100 },
      { tMs: 1, ratio: 0.01, deadLettered: 1, count: 100 },
    ];
    expect(deadLetterAxisMax(high, 0.001)).toBe(0.05);
  });
});

describe("deadLetterThreshold", () => {
  it("defaults to 0.1% without alerts", () => {
    expect(deadLetterThreshold(undefined, "all")).toBe(0.001);
    expect(deadLetterThreshold(snapshot(1, 0, []), "all")).toBe(0.001);
  });

  it("prefers the scope's own alert", () => {
    const alerts = [
      alert({ scopeId: "all", threshold: 0.002 }),
      alert({ id: "dlq:billing", scopeId: "billing", threshold: 0.005 }),
    ];
    const withAlerts = snapshot(1, 0, [], { alerts });
    expect(deadLetterThreshold(withAlerts, "billing")).toBe(0.005);
    expect(deadLetterThreshold(withAlerts, "shipping")).toBe(0.002);
  });
});

describe("heatmapMatrix", () => {
  const heatmapHistory = [
    snapshot(1, 1000, [scope("all", "all", {}, { endMs: 1000, counts: [1, 0, 0, 0] })]),
    snapshot(2, 1500, [scope("all", "all", {}, { endMs: 1500, counts: [0, 4, 2, 0] })]),
    snapshot(3, 2500, [scope("all", "all", {}, { endMs: 2500, counts: [0, 0, 9, 1] })]),
  ];

  it("chains columns and widens the first to the second's width", () => {
    const matrix = heatmapMatrix(heatmapHistory, "all");
    expect(matrix.boundsMs).toEqual(BOUNDS_MS);
    expect(matrix.columns).toEqual([
      { startMs: 500, endMs: 1000, counts: [1, 0, 0, 0] },
      { startMs: 1000, endMs: 1500, counts: [0, 4, 2, 0] },
      { startMs: 1500, endMs: 2500, counts: [0, 0, 9, 1] },
    ]);
    expect(matrix.maxCount).toBe(9);
  });

  it("gives a lone column one second", () => {
    const matrix = heatmapMatrix(heatmapHistory.slice(2), "all");
    expect(matrix.columns).toEqual([
      { startMs: 1500, endMs: 2500, counts: [0, 0, 9, 1] },
    ]);
  });

  it("drops columns with other bounds", () => {
    const mixed = [
      snapshot(1, 1000, [scope("all", "all", {}, { endMs: 1000, counts: [5, 5] })], {
        heatmapBoundsMs: [50],
      }),
      ...heatmapHistory.slice(1),
    ];
    const matrix = heatmapMatrix(mixed, "all");
    expect(matrix.columns.map((column) => column.endMs)).toEqual([1500, 2500]);
    expect(matrix.columns[0].startMs).toBe(500);
  });

  it("drops columns of the wrong length", () => {
    const broken = [
      snapshot(1, 1000, [scope("all", "all", {}, { endMs: 1000, counts: [1, 2] })]),
      heatmapHistory[2],
    ];
    expect(heatmapMatrix(broken, "all").columns).toHaveLength(1);
  });

  it("is empty without history", () => {
    expect(heatmapMatrix([], "all")).toEqual({ boundsMs: [], columns: [], maxCount: 0 });
  });
});

describe("columnIndexAt", () => {
  const columns = [
    { startMs: 0, endMs: 1000, counts: [] },
    { startMs: 1000, endMs: 2000, counts: [] },
    { startMs: 2500, endMs: 3000, counts: [] },
  ];

  it.each([
    [0, -1],
    [1, 0],
    [1000, 0],
    [1001, 1],
    [2000, 1],
    [2200, -1],
    [2501, 2],
    [3000, 2],
    [3001, -1],
  ])("maps %d ms to column %d", (tMs, expected) => {
    expect(columnIndexAt(columns, tMs)).toBe(expected);
  });

  it("returns -1 for no columns", () => {
    expect(columnIndexAt([], 5)).toBe(-1);
  });
});

describe("windowSummary", () => {
  it("lists the windows in order", () => {
    const summary = windowSummary(history[2], "all");
    expect(summary.map((row) => row.window)).toEqual(["1m", "5m", "15m"]);
    expect(summary[0].stats.p99).toBe(40);
    expect(summary[1].stats).toEqual(windowStats({ count: 10_000 }));
  });

  it("is empty for an unknown scope", () => {
    expect(windowSummary(history[2], "nowhere")).toEqual([]);
  });
});

describe("scopeOptions", () => {
  it("orders all, services, then routes", () => {
    const mixed = snapshot(1, 0, [
      scope("orders->shipping", "route"),
      scope("shipping", "service"),
      scope("all", "all"),
      scope("billing", "service"),
      scope("orders->billing", "route"),
    ]);
    expect(scopeOptions(mixed)).toEqual([
      { id: "all", kind: "all", label: "All routes" },
      { id: "billing", kind: "service", label: "Service billing" },
      { id: "shipping", kind: "service", label: "Service shipping" },
      { id: "orders->billing", kind: "route", label: "Route orders->billing" },
      { id: "orders->shipping", kind: "route", label: "Route orders->shipping" },
    ]);
  });

  it("is empty without a snapshot", () => {
    expect(scopeOptions(undefined)).toEqual([]);
  });
});

describe("nearestIndex", () => {
  const points = [{ tMs: 0 }, { tMs: 1000 }, { tMs: 3000 }];

  it.each([
    [-50, 0],
    [0, 0],
    [400, 0],
    [500, 0],
    [501, 1],
    [2000, 1],
    [2001, 2],
    [9000, 2],
  ])("maps %d ms to index %d", (tMs, expected) => {
    expect(nearestIndex(points, tMs)).toBe(expected);
  });

  it("returns -1 for no points", () => {
    expect(nearestIndex([], 10)).toBe(-1);
  });
});

describe("chooseLatencyUnit", () => {
  it.each([
    [0.0004, "µs"],
    [0.999, "µs"],
    [1, "ms"],
    [999.9, "ms"],
    [1000, "s"],
    [42_000, "s"],
    [0, "ms"],
    [-3, "ms"],
    [Number.NaN, "ms"],
    [Number.POSITIVE_INFINITY, "ms"],
  ])("picks a unit for %d ms", (ms, unit) => {
    expect(chooseLatencyUnit(ms)).toBe(unit);
  });
});

describe("formatSignificant", () => {
  it.each([
    [0, "0"],
    [5, "5"],
    [0.5, "0.5"],
    [12.345, "12.3"],
    [99.96, "100"],
    [1234.4, "1234"],
    [-2.456, "-2.46"],
  ])("formats %d", (value, text) => {
    expect(formatSignificant(value)).toBe(text);
  });
});

describe("formatLatency", () => {
  it.each([
    [0.25, "250 µs"],
    [0.0125, "12.5 µs"],
    [12.345, "12.3 ms"],
    [1, "1 ms"],
    [1500, "1.5 s"],
    [61_234, "61.2 s"],
    [0, "0 ms"],
  ])("formats %d ms", (ms, text) => {
    expect(formatLatency(ms)).toBe(text);
  });

  it("uses a given unit", () => {
    expect(formatLatency(0.25, "ms")).toBe("0.25 ms");
    expect(formatLatency(2500, "ms")).toBe("2500 ms");
  });
});

describe("formatPercent", () => {
  it.each([
    [0, "0%"],
    [0.001, "0.1%"],
    [0.0012345, "0.123%"],
    [0.5, "50%"],
    [1, "100%"],
  ])("formats %d", (ratio, text) => {
    expect(formatPercent(ratio)).toBe(text);
  });
});

describe("formatRate", () => {
  it.each([
    [0, "0/s"],
    [12.345, "12.3/s"],
    [999, "999/s"],
    [1000, "1k/s"],
    [12_345, "12.3k/s"],
    [2_500_000, "2.5M/s"],
  ])("formats %d per second", (rate, text) => {
    expect(formatRate(rate)).toBe(text);
  });
});

describe("formatCount", () => {
  it.each([
    [0, "0"],
    [999, "999"],
    [12_345, "12,345"],
    [2_500_000, "2,500,000"],
    [12.6, "13"],
  ])("formats %d", (count, text) => {
    expect(formatCount(count)).toBe(text);
  });
});

describe("formatClock", () => {
  it.each([
    [0, false, "0:00"],
    [65_000, false, "1:05"],
    [65_250, true, "1:05.250"],
    [599_999, false, "9:59"],
    [3_725_000, false, "1:02:05"],
    [-5000, false, "-0:05"],
  ])("formats %d ms (millis %s)", (ms, withMillis, text) => {
    expect(formatClock(ms, withMillis)).toBe(text);
  });
});

describe("clockTicks", () => {
  it("keeps whole seconds on a short run", () => {
    expect(clockTicks(0, 3_200, 6)).toEqual([0, 1_000, 2_000, 3_000]);
  });

  it("gives distinct labels on a short run", () => {
    const labels = clockTicks(0, 6_000, 13).map((tick) => formatClock(tick));
    expect(labels).toEqual(["0:00", "0:01", "0:02", "0:03", "0:04", "0:05", "0:06"]);
  });

  it("steps by clock units, not by 50 s", () => {
    expect(clockTicks(0, 270_000, 5)).toEqual([0, 60_000, 120_000, 180_000, 240_000]);
  });

  it("starts at the first step after the domain start", () => {
    expect(clockTicks(61_000, 185_000, 5)).toEqual([90_000, 120_000, 150_000, 180_000]);
  });

  it("widens past a day on very long runs", () => {
    expect(clockTicks(0, 10 * 86_400_000, 5)).toEqual([
      0, 172_800_000, 345_600_000, 518_400_000, 691_200_000, 864_000_000,
    ]);
  });

  it("handles empty and invalid domains", () => {
    expect(clockTicks(5_000, 5_000, 6)).toEqual([5_000]);
    expect(clockTicks(0, Number.NaN, 6)).toEqual([]);
  });
});

describe("bucketLabel", () => {
  it("labels bounded buckets and the overflow", () => {
    expect(bucketLabel([0.5, 10, 2000], 0)).toBe("≤ 500 µs");
    expect(bucketLabel([0.5, 10, 2000], 2)).toBe("≤ 2 s");
    expect(bucketLabel([0.5, 10, 2000], 3)).toBe("> 2 s");
  });

  it("labels the only bucket of empty bounds", () => {
    expect(bucketLabel([], 0)).toBe("all");
  });
});
