/**
 * Integer adjacency over a TopologyGraph, so the analysis algorithms work on
 * dense arrays instead of string maps. Plain TypeScript: any thread may build
 * one. Building allocates O(nodes + edges) and never mutates the graph.
 */
import type { GraphEdge, GraphNode, TopologyGraph } from "./model.ts";

export interface GraphIndex {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** Node id to position in `nodes`. */
  readonly indexOf: ReadonlyMap<string, number>;
  /** Per node, positions in `edges` of its outgoing edges, in graph order. */
  readonly outEdges: readonly number[][];
  /** Per node, positions in `edges` of its incoming edges, in graph order. */
  readonly inEdges: readonly number[][];
  /** Per edge, the positions of its source and target nodes. */
  readonly edgeSource: Int32Array;
  readonly edgeTarget: Int32Array;
  /** Ids of edges left out because their source or target is not a node of the graph. */
  readonly danglingEdgeIds: readonly string[];
  /** Ids that appeared on more than one node; only the first such node is kept. */
  readonly duplicateNodeIds: readonly string[];
}

/** Builds the adjacency index; edges with an unknown endpoint are listed, not indexed. */
export function indexGraph(graph: TopologyGraph): GraphIndex {
  const nodes: GraphNode[] = [];
  const indexOf = new Map<string, number>();
  const duplicateNodeIds: string[] = [];
  for (const node of graph.nodes) {
    if (indexOf.has(node.id)) {
      duplicateNodeIds.push(node.id);
      continue;
    }
    indexOf.set(node.id, nodes.length);
    nodes.push(node);
  }

  const edges: GraphEdge[] = [];
  const danglingEdgeIds: string[] = [];
  const sources: number[] = [];
  const targets: number[] = [];
  for (const edge of graph.edges) {
    const source = indexOf.get(edge.source);
    const target = indexOf.get(edge.target);
    if (source === undefined || target === undefined) {
      danglingEdgeIds.push(edge.id);
      continue;
    }
    edges.push(edge);
    sources.push(source);
    targets.push(target);
  }

  const outEdges: number[][] = nodes.map(() => []);
  const inEdges: number[][] = nodes.map(() => []);
  for (let e = 0; e < edges.length; e++) {
    outEdges[sources[e]].push(e);
    inEdges[targets[e]].push(e);
  }

  return {
    nodes,
    edges,
    indexOf,
    outEdges,
    inEdges,
    edgeSource: Int32Array.from(sources),
    edgeTarget: Int32Array.from(targets),
    danglingEdgeIds,
    duplicateNodeIds,
  };
}

/** Returns the position of a node id, or throws naming the id when the graph has no such node. */
export function requireNode(index: GraphIndex, nodeId: string): number {
  const position = index.indexOf.get(nodeId);
  if (position === undefined) {
    throw new Error(`Node "${nodeId}" not found in the topology graph.`);
  }
  return position;
}
