/**
 * The drawable scene: what the SVG and canvas renderers, the exports and the
 * browser tests read. Built from the graph, the positions from the layout
 * worker and the view state, with no DOM access, so Node tests check it.
 */
import { scaleSqrt } from "d3";
import {
  assessHealth,
  gradeHealth,
  type Health,
  type HealthConfig,
} from "../../engine/topology/health.ts";
import type { EdgeKind, NodeKind, TopologyGraph } from "../../engine/topology/model.ts";
import type { Point } from "../../engine/topology/placement.ts";

/** Size of every node box, in layout units. */
export const nodeWidth = 150;
export const nodeHeight = 30;

/** Edge stroke widths, in layout units, for a rate of 0 and for the highest rate in the graph. */
export const minEdgeWidth = 1;
export const maxEdgeWidth = 8;

export interface SceneNode {
  id: string;
  name: string;
  kind: NodeKind;
  x: number;
  y: number;
  health: Health;
  /** Lines explaining a health other than ok, for the tooltip. */
  reasons: string[];
  isPinned: boolean;
}

export interface SceneEdge {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  health: Health;
  width: number;
  ratePerSecond: number | undefined;
  geometry: EdgeGeometry;
}

/** A cubic Bézier from (x1, y1) to (x2, y2) with control points c1 and c2. */
export interface EdgeGeometry {
  x1: number;
  y1: number;
  c1x: number;
  c1y: number;
  c2x: number;
  c2y: number;
  x2: number;
  y2: number;
}

export interface Scene {
  nodes: SceneNode[];
  edges: SceneEdge[];
  /** Highest edge rate in the whole graph, events per second; 0 when none is known. */
  maxRatePerSecond: number;
  /** Bounding box of the drawn node boxes, or null for an empty scene. */
  bounds: Bounds | null;
}

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface SceneInput {
  graph: TopologyGraph;
  positions: ReadonlyMap<string, Point>;
  health: HealthConfig;
  /** Ids to draw; null draws every node that has a position. */
  visibleIds: ReadonlySet<string> | null;
  pinnedIds: ReadonlySet<string>;
}

/**
 * Builds the scene. Nodes without a position yet are left out, with their
 * edges. Allocates one object per drawn node and edge. Edges get a grade
 * without reasons, because explaining 3,000 edges costs more than drawing them.
 */
export function buildScene(input: SceneInput): Scene {
  const { graph, positions, visibleIds } = input;
  const nodes: SceneNode[] = [];
  const drawn = new Map<string, SceneNode>();
  for (const node of graph.nodes) {
    const point = positions.get(node.id);
    if (!point || (visibleIds && !visibleIds.has(node.id)) || drawn.has(node.id))
      continue;
    const verdict = assessHealth(node, input.health);
    const sceneNode: SceneNode = {
      id: node.id,
      name: node.name,
      kind: node.kind,
      x: point.x,
      y: point.y,
      health: verdict.health,
      reasons: verdict.reasons,
      isPinned: input.pinnedIds.has(node.id),
    };
    nodes.push(sceneNode);
    drawn.set(node.id, sceneNode);
  }

  const maxRatePerSecond = maxRate(graph);
  const widthOf = edgeWidthScale(maxRatePerSecond);
  const edges: SceneEdge[] = [];
  for (const edge of graph.edges) {
    const source = drawn.get(edge.source);
    const target = drawn.get(edge.target);
    if (!source || !target) continue;
    const rate = edge.metrics.ratePerSecond;
    edges.push({
      id: edge.id,
      source: edge.source,
      target: edge.target,
      kind: edge.kind,
      health: gradeHealth(edge, input.health),
      width: widthOf(rate),
      ratePerSecond: rate,
      geometry: edgeGeometry(source, target),
    });
  }
  return { nodes, edges, maxRatePerSecond, bounds: boundsOf(nodes) };
}

/**
 * Returns a function from rate (events per second) to stroke width. Width
 * grows with the square root of the rate, so area tracks rate; an unknown
 * rate gets the minimum width.
 */
export function edgeWidthScale(
  maxRatePerSecond: number,
): (rate: number | undefined) => number {
  const scale = scaleSqrt()
    .domain([0, Math.max(maxRatePerSecond, 1)])
    .range([minEdgeWidth, maxEdgeWidth])
    .clamp(true);
  return (rate) =>
    rate === undefined || !Number.isFinite(rate) ? minEdgeWidth : scale(rate);
}

function maxRate(graph: TopologyGraph): number {
  let max = 0;
  for (const edge of graph.edges) {
    const rate = edge.metrics.ratePerSecond;
    if (rate !== undefined && Number.isFinite(rate) && rate > max) max = rate;
  }
  return max;
}

/**
 * Routes an edge as a horizontal S-curve from the right side of the source to
 * the left side of the target when the target lies to the right, as in the
 * layered layout. Otherwise the curve joins the centers, and a self-loop
 * arcs above its node.
 */
export function edgeGeometry(source: Point, target: Point): EdgeGeometry {
  const half = nodeWidth / 2;
  if (source === target || (source.x === target.x && source.y === target.y)) {
    const top = source.y - nodeHeight / 2;
    return {
      x1: source.x + half / 2,
      y1: top,
      c1x: source.x + half / 2,
      c1y: top - 40,
      c2x: source.x - half / 2,
      c2y: top - 40,
      x2: source.x - half / 2,
      y2: top,
    };
  }
  if (target.x - source.x > nodeWidth) {
    const x1 = source.x + half;
    const x2 = target.x - half;
    const middle = (x1 + x2) / 2;
    return {
      x1,
      y1: source.y,
      c1x: middle,
      c1y: source.y,
      c2x: middle,
      c2y: target.y,
      x2,
      y2: target.y,
    };
  }
  return {
    x1: source.x,
    y1: source.y,
    c1x: source.x,
    c1y: source.y,
    c2x: target.x,
    c2y: target.y,
    x2: target.x,
    y2: target.y,
  };
}

/** Formats edge geometry as an SVG path. */
export function edgePath(geometry: EdgeGeometry): string {
  const g = geometry;
  return `M${round(g.x1)},${round(g.y1)}C${round(g.c1x)},${round(g.c1y)} ${round(g.c2x)},${round(g.c2y)} ${round(g.x2)},${round(g.y2)}`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

export function boundsOf(nodes: readonly Point[]): Bounds | null {
  if (nodes.length === 0) return null;
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const node of nodes) {
    minX = Math.min(minX, node.x - nodeWidth / 2);
    maxX = Math.max(maxX, node.x + nodeWidth / 2);
    minY = Math.min(minY, node.y - nodeHeight / 2);
    maxY = Math.max(maxY, node.y + nodeHeight / 2);
  }
  return { minX, minY, maxX, maxY };
}

/** Finds the nodes whose name contains `query`, ignoring case; an empty query matches none. */
export function searchNodes(graph: TopologyGraph, query: string): string[] {
  const needle = query.trim().toLowerCase();
  if (needle === "") return [];
  return graph.nodes
    .filter((node) => node.name.toLowerCase().includes(needle))
    .map((node) => node.id);
}

/** Shortens a name to `maxLength` characters, ending with an ellipsis when cut. */
export function truncateLabel(name: string, maxLength: number): string {
  return name.length <= maxLength ? name : `${name.slice(0, maxLength - 1)}…`;
}

/** Short label of each node kind, drawn at the left of the node box. */
export const kindAbbreviation: Record<NodeKind, string> = {
  producer: "P",
  topic: "T",
  service: "S",
  rule: "R",
  deadLetterQueue: "DLQ",
  external: "X",
};

export const kindLabel: Record<NodeKind, string> = {
  producer: "Producer",
  topic: "Topic",
  service: "Service",
  rule: "Rule",
  deadLetterQueue: "Dead-letter queue",
  external: "External",
};

export const healthLabel: Record<Health, string> = {
  unknown: "No data",
  ok: "Healthy",
  degraded: "Degraded",
  failing: "Failing",
};
