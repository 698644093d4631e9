import { describe, expect, it } from "vitest";
import { resolveHealthConfig } from "../../../src/engine/topology/health.ts";
import type { TopologyGraph } from "../../../src/engine/topology/model.ts";
import { escapeXml, sceneToSvg } from "../../../src/ui/topology/exportGraph.ts";
import { formatMs, formatPercent, formatRate } from "../../../src/ui/topology/format.ts";
import {
  fitTransform,
  minReadableZoom,
  readableTransform,
} from "../../../src/ui/topology/GraphStage.tsx";
import { lightPalette } from "../../../src/ui/topology/palette.ts";
import { secondsUntilRefresh } from "../../../src/ui/topology/RefreshControl.tsx";
import {
  buildScene,
  edgeGeometry,
  edgePath,
  edgeWidthScale,
  maxEdgeWidth,
  minEdgeWidth,
  searchNodes,
  truncateLabel,
} from "../../../src/ui/topology/scene.ts";
import { describeEdge } from "../../../src/ui/topology/svgRenderer.ts";

const graph: TopologyGraph = {
  asOfMs: 0,
  nodes: [
    { id: "producer:web", kind: "producer", name: "web", metrics: {} },
    { id: "topic:orders", kind: "topic", name: "orders", metrics: {} },
    {
      id: "service:<billing>",
      kind: "service",
      name: '<billing> & "tax"',
      metrics: { deadLetterRatio: 0.2 },
    },
  ],
  edges: [
    {
      id: "producer:web->topic:orders",
      source: "producer:web",
      target: "topic:orders",
      kind: "publish",
      metrics: { ratePerSecond: 400 },
    },
    {
      id: "topic:orders->service:<billing>",
      source: "topic:orders",
      target: "service:<billing>",
      kind: "subscribe",
      metrics: { ratePerSecond: 100, deadLetterRatio: 0.002 },
    },
  ],
};

const positions = new Map([
  ["producer:web", { x: 0, y: 0 }],
  ["topic:orders", { x: 300, y: 0 }],
  ["service:<billing>", { x: 600, y: 60 }],
]);

describe("edgeWidthScale", () => {
  it("maps rate by square root", () => {
    const widthOf = edgeWidthScale(400);
    expect(widthOf(0)).toBe(minEdgeWidth);
    expect(widthOf(400)).toBe(maxEdgeWidth);
    expect(widthOf(100)).toBe(minEdgeWidth + (maxEdgeWidth - minEdgeWidth) / 2);
  });

  it("clamps and handles unknown rates", () => {
    const widthOf = edgeWidthScale(400);
    expect(widthOf(10_000)).toBe(maxEdgeWidth);
    expect(widthOf(undefined)).toBe(minEdgeWidth);
    expect(widthOf(Number.NaN)).toBe(minEdgeWidth);
  });
});

describe("edgeGeometry", () => {
  it("joins box sides left to right", () => {
    const geometry = edgeGeometry({ x: 0, y: 0 }, { x: 300, y: 60 });
    expect(geometry).toEqual({
      x1: 75,
      y1: 0,
      c1x: 150,
      c1y: 0,
      c2x: 150,
      c2y: 60,
      x2: 225,
      y2: 60,
    });
    expect(edgePath(geometry)).toBe("M75,0C150,0 150,60 225,60");
  });

  it("joins centers when the target is not to the right", () => {
    const geometry = edgeGeometry({ x: 300, y: 0 }, { x: 0, y: 40 });
    expect(edgePath(geometry)).toBe("M300,0C300,0 0,40 0,40");
  });

  it("arcs a self-loop above the node", () => {
    const point = { x: 100, y: 100 };
    expect(edgePath(edgeGeometry(point, point))).toBe(
      "M137.5,85C137.5,45 62.5,45 62.5,85",
    );
  });
});

describe("buildScene", () => {
  const health = resolveHealthConfig();

  it("grades and sizes every drawn item", () => {
    const scene = buildScene({
      graph,
      positions,
      health,
      visibleIds: null,
      pinnedIds: new Set(),
    });
    expect(scene.nodes.map((node) => [node.id, node.health])).toEqual([
      ["producer:web", "unknown"],
      ["topic:orders", "unknown"],
      ["service:<billing>", "failing"],
    ]);
    expect(scene.edges.map((edge) => [edge.id, edge.health, edge.width])).toEqual([
      ["producer:web->topic:orders", "unknown", maxEdgeWidth],
      ["topic:orders->service:<billing>", "degraded", 4.5],
    ]);
    expect(scene.bounds).toEqual({ minX: -75, minY: -15, maxX: 675, maxY: 75 });
  });

  it("leaves out hidden nodes and their edges", () => {
    const scene = buildScene({
      graph,
      positions,
      health,
      visibleIds: new Set(["producer:web", "topic:orders"]),
      pinnedIds: new Set(["topic:orders"]),
    });
    expect(scene.nodes.map((node) => node.id)).toEqual(["producer:web", "topic:orders"]);
    expect(scene.edges.map((edge) => edge.id)).toEqual(["producer:web->topic:orders"]);
    expect(scene.nodes[1].isPinned).toBe(true);
  });

  it("waits for positions", () => {
    const scene = buildScene({
      graph,
      positions: new Map([["producer:web", { x: 0, y: 0 }]]),
      health,
      visibleIds: null,
      pinnedIds: new Set(),
    });
    expect(scene.nodes.length).toBe(1);
    expect(scene.edges.length).toBe(0);
  });
});

describe("searchNodes", () => {
  it("matches names ignoring case", () => {
    expect(searchNodes(graph, "ORD")).toEqual(["topic:orders"]);
    expect(searchNodes(graph, "  ")).toEqual([]);
    expect(searchNodes(graph, "zzz")).toEqual([]);
  });
});

describe("truncateLabel", () => {
  it("cuts long names with an ellipsis", () => {
    expect(truncateLabel("orders", 18)).toBe("orders");
    expect(truncateLabel("abcdefghij", 5)).toBe("abcd…");
  });
});

describe("svg export", () => {
  it("escapes names", () => {
    expect(escapeXml(`<a href="x">&'`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
    const scene = buildScene({
      graph,
      positions,
      health: resolveHealthConfig(),
      visibleIds: null,
      pinnedIds: new Set(),
    });
    const svg = sceneToSvg(scene, lightPalette);
    expect(svg).toContain("<title>&lt;billing&gt; &amp; &quot;tax&quot;</title>");
    expect(svg).not.toContain("<billing>");
    expect(
      svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="-99 -39 798 138"'),
    ).toBe(true);
  });
});

describe("secondsUntilRefresh", () => {
  it("rounds up and stops at zero", () => {
    expect(secondsUntilRefresh(1_000, 30_000, 1_000)).toBe(30);
    expect(secondsUntilRefresh(1_000, 30_000, 1_001)).toBe(30);
    expect(secondsUntilRefresh(1_000, 30_000, 2_000)).toBe(29);
    expect(secondsUntilRefresh(1_000, 30_000, 31_000)).toBe(0);
    expect(secondsUntilRefresh(1_000, 30_000, 99_000)).toBe(0);
  });
});

describe("formats", () => {
  it("uses three significant digits", () => {
    expect(formatRate(1234)).toBe("1.23k");
    expect(formatRate(12.345)).toBe("12.3");
    expect(formatMs(0.01234)).toBe("0.0123 ms");
    expect(formatPercent(0.001)).toBe("0.1%");
  });

  it("describes an edge for its tooltip", () => {
    const scene = buildScene({
      graph,
      positions,
      health: resolveHealthConfig(),
      visibleIds: null,
      pinnedIds: new Set(),
    });
    expect(describeEdge(scene.edges[1])).toBe(
      "topic:orders->service:<billing> (subscribe), 100/s, degraded",
    );
  });
});

describe("fitTransform", () => {
  it("centers and scales to the view", () => {
    const transform = fitTransform({ minX: 0, minY: 0, maxX: 1000, maxY: 100 }, 500, 400);
    expect(transform.k).toBeCloseTo(0.46, 10);
    expect(transform.x).toBeCloseTo(20, 10);
    expect(transform.y).toBeCloseTo(177, 10);
  });

  it("does not blow up a tiny graph", () => {
    expect(fitTransform({ minX: 0, minY: 0, maxX: 10, maxY: 10 }, 800, 600).k).toBe(1.5);
  });
});

describe("readableTransform", () => {
  it("fits a graph that stays readable", () => {
    const bounds = { minX: 0, minY: 0, maxX: 400, maxY: 100 };
    expect(readableTransform(bounds, 500, 400)).toEqual(fitTransform(bounds, 500, 400));
  });

  it("starts a wide graph at its left end", () => {
    // A fit would zoom to 0.23, so labels would be under 3 px high.
    const bounds = { minX: 100, minY: 50, maxX: 2100, maxY: 250 };
    const transform = readableTransform(bounds, 500, 400);
    expect(minReadableZoom).toBe(0.875);
    expect(transform.k).toBe(0.875);
    expect(transform.x).toBeCloseTo(20 - 100 * 0.875, 10);
    expect(transform.y).toBeCloseTo(200 - 150 * 0.875, 10);
  });

  it("starts a tall graph at its top", () => {
    const bounds = { minX: 0, minY: 40, maxX: 3000, maxY: 1040 };
    const transform = readableTransform(bounds, 500, 400);
    expect(transform.k).toBe(0.875);
    expect(transform.x).toBeCloseTo(20, 10);
    expect(transform.y).toBeCloseTo(16 - 40 * 0.875, 10);
  });
});
