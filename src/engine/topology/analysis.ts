/**
 * Dependency analysis of a TopologyGraph for the side panel: cycles,
 * critical paths, fan-in and fan-out, upstream and downstream sets, blast
 * radius and single points of failure. Plain TypeScript with no DOM, so it
 * runs in a worker, in Node tests and on the main thread alike.
 *
 * `analyzeGraph` does the whole-graph work once, O(nodes + edges) apart from
 * the dominator passes, which converge in a few rounds on graphs of this
 * shape. `analyzeNode` reuses it for the selected node.
 */
import { type ComponentSet, findComponents } from "./components.ts";
import { type CriticalPath, findCriticalPaths } from "./criticalPath.ts";
import { buildDominatorTree, type DominatorTree, dominatedBy } from "./dominators.ts";
import { type GraphIndex, indexGraph, requireNode } from "./graphIndex.ts";
import type { TopologyGraph } from "./model.ts";
import { type Fan, idsOf, measureFan, walk } from "./reach.ts";

export type { CriticalPath } from "./criticalPath.ts";
export type { Fan, Neighborhood } from "./reach.ts";
export { downstreamOf, neighborhoodOf, upstreamOf } from "./reach.ts";

export interface Cycle {
  /** Members of one cyclic strongly connected component, sorted. */
  nodeIds: string[];
  /** True for a single node whose only cycle is an edge to itself. */
  isSelfLoop: boolean;
}

export interface SinglePointOfFailure {
  nodeId: string;
  /** Nodes that receive nothing when this node fails. */
  dominatedCount: number;
}

export interface FanEntry extends Fan {
  nodeId: string;
}

export interface GraphAnalysis {
  readonly index: GraphIndex;
  readonly components: ComponentSet;
  readonly dominators: DominatorTree;
  nodeCount: number;
  edgeCount: number;
  /** Edges whose source or target is not a node of the graph; left out of every result. */
  danglingEdgeIds: readonly string[];
  duplicateNodeIds: readonly string[];
  componentCount: number;
  /** Cyclic components, largest first, then by first member id. */
  cycles: Cycle[];
  /** One per producer, slowest first. Empty when the graph has no producers. */
  criticalPaths: CriticalPath[];
  /** Nodes that dominate at least one other node, most dominated first, then by id. */
  singlePointsOfFailure: SinglePointOfFailure[];
  /** Entry node ids used for dominance, sorted. */
  entryIds: string[];
  /** Fan of every node, in graph order. */
  fans: FanEntry[];
}

/** Runs the whole-graph analysis. Allocates; call once per graph version. */
export function analyzeGraph(graph: TopologyGraph): GraphAnalysis {
  const steps = analysisSteps(graph);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs the same analysis as `analyzeGraph`, awaiting `yieldToHost` between
 * its steps (indexing, components, dominators, paths, fans), so that on the
 * browser's main thread no step of a 1,000-node graph becomes one long task.
 * Rejects with an Error named AbortError when `signal` is aborted between steps.
 */
export async function analyzeGraphInSteps(
  graph: TopologyGraph,
  yieldToHost: () => Promise<void>,
  signal?: AbortSignal,
): Promise<GraphAnalysis> {
  const steps = analysisSteps(graph);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await yieldToHost();
    if (signal?.aborted) {
      const error = new Error("Graph analysis was aborted for a newer graph.");
      error.name = "AbortError";
      throw error;
    }
  }
}

function* analysisSteps(graph: TopologyGraph): Generator<void, GraphAnalysis> {
  const index = indexGraph(graph);
  yield;
  const components = findComponents(index);
  yield;
  const dominators = buildDominatorTree(index, components);
  yield;

  const producers: number[] = [];
  index.nodes.forEach((node, position) => {
    if (node.kind === "producer") producers.push(position);
  });
  const criticalPaths = findCriticalPaths(index, components, producers).sort(
    (a, b) => b.totalP99Ms - a.totalP99Ms || compareText(a.startId, b.startId),
  );
  const cycles = listCycles(index, components);
  const singlePointsOfFailure = listSinglePointsOfFailure(index, dominators);
  yield;

  const fans = index.nodes.map((node, position) => ({
    nodeId: node.id,
    ...measureFan(index, position),
  }));
  return {
    index,
    components,
    dominators,
    nodeCount: index.nodes.length,
    edgeCount: index.edges.length,
    danglingEdgeIds: index.danglingEdgeIds,
    duplicateNodeIds: index.duplicateNodeIds,
    componentCount: components.members.length,
    cycles,
    criticalPaths,
    singlePointsOfFailure,
    entryIds: idsOf(index, dominators.entries),
    fans,
  };
}

export interface BlastRadius {
  /** Every node downstream, which receives less traffic or stale data when the node fails. */
  affectedIds: string[];
  /** Nodes the failed node dominates: they receive nothing at all. A subset of `affectedIds`. */
  isolatedIds: string[];
}

export interface NodeAnalysis extends Fan {
  nodeId: string;
  upstreamIds: string[];
  downstreamIds: string[];
  blastRadius: BlastRadius;
  /** Members of the cycle this node is on, itself included; empty when it is on none. */
  cycleIds: string[];
  /** Producers whose critical path passes through this node, sorted. */
  onCriticalPathOf: string[];
  /** The node that must stay up for this one to receive anything, if any besides the entries. */
  immediateDominatorId: string | null;
}

/** Analyses one node of a graph already passed to `analyzeGraph`; throws when the id is unknown. */
export function analyzeNode(analysis: GraphAnalysis, nodeId: string): NodeAnalysis {
  const { index, components, dominators } = analysis;
  const position = requireNode(index, nodeId);
  const downstream = idsOf(index, walk(index, position, "downstream").keys());
  const component = components.componentOf[position];
  const parent = dominators.immediateDominator[position];

  return {
    nodeId,
    ...measureFan(index, position),
    upstreamIds: idsOf(index, walk(index, position, "upstream").keys()),
    downstreamIds: downstream,
    blastRadius: {
      affectedIds: downstream,
      isolatedIds: idsOf(index, dominatedBy(dominators, position)),
    },
    cycleIds: components.isCyclic[component]
      ? idsOf(index, components.members[component])
      : [],
    onCriticalPathOf: analysis.criticalPaths
      .filter((path) => path.nodeIds.includes(nodeId))
      .map((path) => path.startId)
      .sort(compareText),
    immediateDominatorId: parent === -1 ? null : index.nodes[parent].id,
  };
}

function listCycles(index: GraphIndex, components: ComponentSet): Cycle[] {
  const cycles: Cycle[] = [];
  components.members.forEach((members, component) => {
    if (!components.isCyclic[component]) return;
    cycles.push({ nodeIds: idsOf(index, members), isSelfLoop: members.length === 1 });
  });
  return cycles.sort(
    (a, b) =>
      b.nodeIds.length - a.nodeIds.length || compareText(a.nodeIds[0], b.nodeIds[0]),
  );
}

function listSinglePointsOfFailure(
  index: GraphIndex,
  dominators: DominatorTree,
): SinglePointOfFailure[] {
  const result: SinglePointOfFailure[] = [];
  index.nodes.forEach((node, position) => {
    const count = dominators.dominatedCount[position];
    if (count > 0) result.push({ nodeId: node.id, dominatedCount: count });
  });
  return result.sort(
    (a, b) => b.dominatedCount - a.dominatedCount || compareText(a.nodeId, b.nodeId),
  );
}

// Code-unit order, so results do not depend on the runtime's locale.
function compareText(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}
