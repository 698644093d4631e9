/**
 * Critical paths by p99 latency, computed on the condensation DAG so that a
 * cycle is entered once instead of looping. The cost of a path is the sum of
 * the p99 of every edge it takes and of every component it passes through. A
 * component costs the largest p99 among its members: a cycle has no bounded
 * walk, so it is charged once, at its slowest node.
 */
import type { ComponentSet } from "./components.ts";
import type { GraphIndex } from "./graphIndex.ts";
import type { GraphMetrics } from "./model.ts";

export interface CriticalPath {
  /** The producer (or entry) the path starts from. */
  startId: string;
  /** Sum of p99 latencies along the path, ms. */
  totalP99Ms: number;
  /**
   * Nodes in path order. Inside a cycle the path lists the node it entered by
   * and, when different, the node it left by, without the walk between them.
   */
  nodeIds: string[];
  edgeIds: string[];
  /** Nodes and edges on the path without a p99 figure; they count as 0 ms. */
  unmeasuredCount: number;
  /** Whether the path passes through a cyclic component. */
  isThroughCycle: boolean;
}

/**
 * Longest-p99 path from each start position, ties broken by graph edge
 * order. O(nodes + edges) for all starts together.
 */
export function findCriticalPaths(
  index: GraphIndex,
  components: ComponentSet,
  starts: readonly number[],
): CriticalPath[] {
  const count = components.members.length;
  const weight = components.members.map((members) => slowestP99(index, members));
  const best = new Float64Array(count);
  const chosenEdge = new Int32Array(count).fill(-1);

  // Components are numbered topologically, so walking down the numbers
  // visits every successor before its predecessors.
  for (let c = count - 1; c >= 0; c--) {
    let tail = 0;
    for (const e of components.outEdges[c]) {
      const next = components.componentOf[index.edgeTarget[e]];
      const cost = (p99Of(index.edges[e].metrics) ?? 0) + best[next];
      if (chosenEdge[c] === -1 || cost > tail) {
        tail = cost;
        chosenEdge[c] = e;
      }
    }
    best[c] = weight[c] + tail;
  }

  return starts.map((start) => tracePath(index, components, chosenEdge, best, start));
}

function tracePath(
  index: GraphIndex,
  components: ComponentSet,
  chosenEdge: Int32Array,
  best: Float64Array,
  start: number,
): CriticalPath {
  const nodePositions = [start];
  const edgeIds: string[] = [];
  let component = components.componentOf[start];
  let isThroughCycle = components.isCyclic[component];
  let unmeasured = 0;

  for (let e = chosenEdge[component]; e !== -1; e = chosenEdge[component]) {
    const exit = index.edgeSource[e];
    if (exit !== nodePositions[nodePositions.length - 1]) nodePositions.push(exit);
    nodePositions.push(index.edgeTarget[e]);
    edgeIds.push(index.edges[e].id);
    if (p99Of(index.edges[e].metrics) === undefined) unmeasured++;
    component = components.componentOf[index.edgeTarget[e]];
    if (components.isCyclic[component]) isThroughCycle = true;
  }

  for (const position of nodePositions) {
    if (p99Of(index.nodes[position].metrics) === undefined) unmeasured++;
  }
  return {
    startId: index.nodes[start].id,
    totalP99Ms: best[components.componentOf[start]],
    nodeIds: nodePositions.map((position) => index.nodes[position].id),
    edgeIds,
    unmeasuredCount: unmeasured,
    isThroughCycle,
  };
}

function slowestP99(index: GraphIndex, members: readonly number[]): number {
  let slowest = 0;
  for (const member of members) {
    slowest = Math.max(slowest, p99Of(index.nodes[member].metrics) ?? 0);
  }
  return slowest;
}

function p99Of(metrics: GraphMetrics): number | undefined {
  const value = metrics.p99Ms;
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : undefined;
}
