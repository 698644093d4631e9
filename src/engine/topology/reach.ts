/**
 * Reachability questions about one node: who feeds it, whom it feeds, and
 * which nodes lie within a few hops. Breadth-first with a plain queue, so
 * depth is bounded by memory, not by the call stack.
 */
import { type GraphIndex, requireNode } from "./graphIndex.ts";

export type Direction = "upstream" | "downstream";

/** Distinct neighbors of a node, not counting the node itself when it has a self-loop. */
export interface Fan {
  fanIn: number;
  fanOut: number;
  /** Edges into the node, self-loops included. */
  inEdgeCount: number;
  /** Edges out of the node, self-loops included. */
  outEdgeCount: number;
}

/** Counts distinct predecessors and successors of the node at `position`. */
export function measureFan(index: GraphIndex, position: number): Fan {
  const predecessors = new Set<number>();
  const successors = new Set<number>();
  for (const e of index.inEdges[position]) {
    const source = index.edgeSource[e];
    if (source !== position) predecessors.add(source);
  }
  for (const e of index.outEdges[position]) {
    const target = index.edgeTarget[e];
    if (target !== position) successors.add(target);
  }
  return {
    fanIn: predecessors.size,
    fanOut: successors.size,
    inEdgeCount: index.inEdges[position].length,
    outEdgeCount: index.outEdges[position].length,
  };
}

/**
 * Returns hop distances from `start` to every node reached within `maxHops`
 * edges in one direction. `start` itself is left out, even on a cycle.
 * Pass Infinity for the full upstream or downstream set.
 */
export function walk(
  index: GraphIndex,
  start: number,
  direction: Direction,
  maxHops = Number.POSITIVE_INFINITY,
): Map<number, number> {
  const distance = new Map<number, number>();
  const isDownstream = direction === "downstream";
  const adjacency = isDownstream ? index.outEdges : index.inEdges;
  const ends = isDownstream ? index.edgeTarget : index.edgeSource;
  const queue = [start];
  const hops = [0];

  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    const hop = hops[head];
    if (hop >= maxHops) continue;
    for (const e of adjacency[node]) {
      const next = ends[e];
      if (next === start || distance.has(next)) continue;
      distance.set(next, hop + 1);
      queue.push(next);
      hops.push(hop + 1);
    }
  }
  return distance;
}

/** Node ids from which `nodeId` can be reached, sorted. */
export function upstreamOf(index: GraphIndex, nodeId: string): string[] {
  return idsOf(index, walk(index, requireNode(index, nodeId), "upstream").keys());
}

/** Node ids reachable from `nodeId`, sorted. */
export function downstreamOf(index: GraphIndex, nodeId: string): string[] {
  return idsOf(index, walk(index, requireNode(index, nodeId), "downstream").keys());
}

export interface Neighborhood {
  center: string;
  /** Hop distance of each upstream node within the limit, by node id. */
  upstream: Map<string, number>;
  /** Hop distance of each downstream node within the limit, by node id. */
  downstream: Map<string, number>;
  /** The center and every node in either map, sorted. */
  nodeIds: string[];
  /** Edges whose both ends are in `nodeIds`, in graph order. */
  edgeIds: string[];
}

/**
 * Collects the nodes within `hopsUp` edges upstream and `hopsDown` edges
 * downstream of a node, and the edges among them. A node on a cycle through
 * the center can appear in both maps.
 */
export function neighborhoodOf(
  index: GraphIndex,
  nodeId: string,
  hopsUp: number,
  hopsDown: number,
): Neighborhood {
  if (!(hopsUp >= 0) || !(hopsDown >= 0)) {
    throw new Error(
      `Hop limits must be 0 or more, got up ${hopsUp} and down ${hopsDown}.`,
    );
  }
  const center = requireNode(index, nodeId);
  const up = walk(index, center, "upstream", hopsUp);
  const down = walk(index, center, "downstream", hopsDown);

  const included = new Set<number>([center, ...up.keys(), ...down.keys()]);
  const edgeIds: string[] = [];
  for (let e = 0; e < index.edges.length; e++) {
    if (included.has(index.edgeSource[e]) && included.has(index.edgeTarget[e])) {
      edgeIds.push(index.edges[e].id);
    }
  }

  return {
    center: nodeId,
    upstream: keyById(index, up),
    downstream: keyById(index, down),
    nodeIds: idsOf(index, included),
    edgeIds,
  };
}

export function idsOf(index: GraphIndex, positions: Iterable<number>): string[] {
  const ids: string[] = [];
  for (const position of positions) ids.push(index.nodes[position].id);
  return ids.sort();
}

function keyById(
  index: GraphIndex,
  byPosition: Map<number, number>,
): Map<string, number> {
  const byId = new Map<string, number>();
  for (const [position, hops] of byPosition) byId.set(index.nodes[position].id, hops);
  return byId;
}
