/**
 * Node positions for the topology view: a layered left-to-right layout with
 * ELK, or a force layout with d3-force, followed by the placement rules that
 * keep drawn nodes where they were. Plain TypeScript with no DOM, so the
 * layout worker runs it and Node tests check it. It takes seconds on large
 * graphs, so the browser must call it from a worker.
 */
import type { SimulationLinkDatum, SimulationNodeDatum } from "d3";
import {
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
} from "d3";
// The bundled build runs ELK in the calling thread. Inside a worker it also
// installs its own `self.onmessage` when imported, so a worker that imports
// this module must assign its handler afterwards.
import ELK from "elkjs/lib/elk.bundled.js";
import { extendFromNeighbors, type Point, placeNodes } from "./placement.ts";

export type LayoutAlgorithm = "layered" | "force";

export interface LayoutInput {
  algorithm: LayoutAlgorithm;
  nodes: { id: string; width: number; height: number }[];
  edges: { id: string; source: string; target: string }[];
  /** Positions that must not change: nodes already drawn and pinned nodes. */
  fixed: Record<string, Point>;
  /**
   * True to put each node that is not fixed next to a fixed neighbor, as a
   * refresh needs. False for a full re-layout, where only `fixed` nodes stay.
   */
  isAnchored: boolean;
}

/** Minimum free space between node boxes, in layout units. */
export const nodeGap = 16;

/** Space between the layers of the layered layout, in layout units. */
export const layerGap = 64;

const elk = new ELK();

/**
 * Returns a position (node center) for every node of the request. Fixed
 * nodes keep theirs exactly; see placement.ts for where the others go.
 */
export async function computeLayout(
  request: LayoutInput,
): Promise<Record<string, Point>> {
  const isAllFixed = request.nodes.every((node) => request.fixed[node.id]);
  if (isAllFixed) {
    return placeNodes({ ...request, fresh: {}, gap: nodeGap });
  }
  if (request.algorithm === "force") return layOutForce(request);
  const quick = tryExtendLayout(request);
  if (quick) return placeNodes({ ...request, fresh: quick, gap: nodeGap });
  const fresh = await layOutLayered(request);
  return placeNodes({ ...request, fresh, gap: nodeGap });
}

/**
 * Returns stand-in fresh positions when a refresh brings few new nodes, so
 * ELK can be skipped, or null when a real layout is needed. "Few" is up to 20
 * nodes, or 5% of the graph when that is more. ELK takes seconds on a
 * 1,000-node graph, while placing a few nodes beside their neighbors takes
 * well under one.
 */
function tryExtendLayout(request: LayoutInput): Record<string, Point> | null {
  if (!request.isAnchored) return null;
  const newCount = request.nodes.filter((node) => !request.fixed[node.id]).length;
  const fixedCount = request.nodes.length - newCount;
  if (fixedCount === 0 || newCount > Math.max(20, request.nodes.length * 0.05))
    return null;
  const step = Math.max(...request.nodes.map((node) => node.width)) + layerGap;
  return extendFromNeighbors(request.nodes, request.edges, request.fixed, step);
}

/** Above this many nodes, node placement switches to ELK's faster, more compact SIMPLE strategy. */
const largeGraphNodes = 300;

async function layOutLayered(request: LayoutInput): Promise<Record<string, Point>> {
  const known = new Set(request.nodes.map((node) => node.id));
  const result = await elk.layout({
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.spacing.nodeNode": String(nodeGap),
      "elk.layered.spacing.nodeNodeBetweenLayers": String(layerGap),
      "elk.spacing.componentComponent": String(layerGap),
      // The view draws its own straight edges, so ELK's routes are not used:
      // polyline routing with no edge spacing keeps layers narrow and is the
      // fastest router. Measured with elkjs 0.12.1 in Node on the seeded
      // 1,000-node, 3,000-edge benchmark graph: about 3 s with these options
      // and SIMPLE placement, 12 s with the defaults.
      "elk.edgeRouting": "POLYLINE",
      "elk.spacing.edgeEdge": "0",
      "elk.spacing.edgeNode": "0",
      "elk.layered.spacing.edgeEdgeBetweenLayers": "0",
      "elk.layered.spacing.edgeNodeBetweenLayers": "0",
      "elk.layered.thoroughness": "1",
      "elk.layered.nodePlacement.strategy":
        request.nodes.length > largeGraphNodes ? "SIMPLE" : "BRANDES_KOEPF",
    },
    children: request.nodes.map((node) => ({
      id: node.id,
      width: node.width,
      height: node.height,
    })),
    edges: request.edges
      .filter((edge) => known.has(edge.source) && known.has(edge.target))
      .map((edge) => ({ id: edge.id, sources: [edge.source], targets: [edge.target] })),
  });

  const positions: Record<string, Point> = {};
  for (const child of result.children ?? []) {
    positions[child.id] = {
      x: (child.x ?? 0) + (child.width ?? 0) / 2,
      y: (child.y ?? 0) + (child.height ?? 0) / 2,
    };
  }
  return positions;
}

interface ForceNode extends SimulationNodeDatum {
  id: string;
  radius: number;
}

/** Ticks of the force layout: enough for alpha to decay from 1 to d3's default minimum of 0.001. */
const forceTicks = 300;

function layOutForce(request: LayoutInput): Record<string, Point> {
  const byId = new Map<string, ForceNode>();
  const nodes: ForceNode[] = request.nodes.map((node) => {
    const fixed = request.fixed[node.id];
    const datum: ForceNode = {
      id: node.id,
      radius: Math.max(node.width, node.height) / 2,
    };
    if (fixed) {
      datum.x = datum.fx = fixed.x;
      datum.y = datum.fy = fixed.y;
    }
    byId.set(node.id, datum);
    return datum;
  });
  seedNearNeighbors(request, byId);

  const links: SimulationLinkDatum<ForceNode>[] = request.edges
    .filter((edge) => edge.source !== edge.target)
    .filter((edge) => byId.has(edge.source) && byId.has(edge.target))
    .map((edge) => ({ source: edge.source, target: edge.target }));
  const simulation = forceSimulation(nodes)
    .force(
      "link",
      forceLink<ForceNode, SimulationLinkDatum<ForceNode>>(links)
        .id((node) => node.id)
        .distance(layerGap * 2),
    )
    .force("charge", forceManyBody<ForceNode>().strength(-240).distanceMax(900))
    .force(
      "collide",
      forceCollide<ForceNode>((node) => node.radius * 0.75 + nodeGap / 2),
    )
    .force("x", forceX<ForceNode>(0).strength(0.03))
    .force("y", forceY<ForceNode>(0).strength(0.03))
    .stop();
  simulation.tick(forceTicks);

  const positions: Record<string, Point> = {};
  for (const node of nodes) positions[node.id] = { x: node.x ?? 0, y: node.y ?? 0 };
  return positions;
}

// A new node starts beside a fixed neighbor, so the simulation settles it
// nearby instead of flinging it in from d3's default spiral.
function seedNearNeighbors(request: LayoutInput, byId: Map<string, ForceNode>) {
  let spread = 0;
  for (const edge of request.edges) {
    const pairs: [string, string][] = [
      [edge.source, edge.target],
      [edge.target, edge.source],
    ];
    for (const [anchorId, id] of pairs) {
      const anchor = byId.get(anchorId);
      const node = byId.get(id);
      if (!anchor || !node || node.x !== undefined || anchor.fx === undefined) continue;
      // Successive golden-angle turns (about 2.4 rad) keep seeded nodes apart.
      const angle = spread++ * 2.39996;
      node.x = anchor.fx! + Math.cos(angle) * layerGap;
      node.y = anchor.fy! + Math.sin(angle) * layerGap;
    }
  }
}
