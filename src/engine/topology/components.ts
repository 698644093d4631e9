/**
 * Strongly connected components and the condensation DAG. Tarjan's algorithm
 * runs with an explicit stack, so a chain of any length cannot overflow the
 * JavaScript call stack.
 */
import type { GraphIndex } from "./graphIndex.ts";

export interface ComponentSet {
  /**
   * Members of each component as node positions, ascending. Components are
   * numbered in topological order of the condensation: every edge between two
   * components goes from a lower number to a higher one.
   */
  readonly members: readonly number[][];
  /** Component number of each node position. */
  readonly componentOf: Int32Array;
  /** Whether a component contains a cycle: two or more members, or a self-loop. */
  readonly isCyclic: readonly boolean[];
  /** Per component, the edge positions that leave it for another component. */
  readonly outEdges: readonly number[][];
  /** Per component, the edge positions that enter it from another component. */
  readonly inEdges: readonly number[][];
}

/** Finds the strongly connected components with an iterative Tarjan pass, O(nodes + edges). */
export function findComponents(index: GraphIndex): ComponentSet {
  const nodeCount = index.nodes.length;
  const discovery = new Int32Array(nodeCount).fill(-1);
  const low = new Int32Array(nodeCount);
  const isOnStack = new Uint8Array(nodeCount);
  const nextEdge = new Int32Array(nodeCount);
  const reverseOrder = new Int32Array(nodeCount).fill(-1);
  const tarjanStack: number[] = [];
  const callStack: number[] = [];
  const found: number[][] = [];
  let counter = 0;

  const enter = (node: number) => {
    discovery[node] = counter;
    low[node] = counter;
    counter++;
    tarjanStack.push(node);
    isOnStack[node] = 1;
    callStack.push(node);
  };

  for (let root = 0; root < nodeCount; root++) {
    if (discovery[root] !== -1) continue;
    enter(root);

    while (callStack.length > 0) {
      const node = callStack[callStack.length - 1];
      const outs = index.outEdges[node];

      // Descend into the next unvisited successor, as a recursive call would.
      if (nextEdge[node] < outs.length) {
        const next = index.edgeTarget[outs[nextEdge[node]++]];
        if (discovery[next] === -1) {
          enter(next);
        } else if (isOnStack[next] === 1) {
          low[node] = Math.min(low[node], discovery[next]);
        }
        continue;
      }

      // All successors done: return to the caller and pop a finished component.
      callStack.pop();
      if (callStack.length > 0) {
        const caller = callStack[callStack.length - 1];
        low[caller] = Math.min(low[caller], low[node]);
      }
      if (low[node] !== discovery[node]) continue;
      const component: number[] = [];
      let member: number;
      do {
        member = tarjanStack.pop()!;
        isOnStack[member] = 0;
        reverseOrder[member] = found.length;
        component.push(member);
      } while (member !== node);
      component.sort((a, b) => a - b);
      found.push(component);
    }
  }

  return buildCondensation(index, found, reverseOrder);
}

// Tarjan finishes sink components first, so reversing the order found gives
// a topological numbering of the condensation.
function buildCondensation(
  index: GraphIndex,
  found: number[][],
  reverseOrder: Int32Array,
): ComponentSet {
  const count = found.length;
  const members = found.slice().reverse();
  const componentOf = new Int32Array(reverseOrder.length);
  for (let node = 0; node < reverseOrder.length; node++) {
    componentOf[node] = count - 1 - reverseOrder[node];
  }

  const isCyclic = members.map((nodes) => nodes.length > 1);
  const outEdges: number[][] = members.map(() => []);
  const inEdges: number[][] = members.map(() => []);
  for (let e = 0; e < index.edges.length; e++) {
    const from = componentOf[index.edgeSource[e]];
    const to = componentOf[index.edgeTarget[e]];
    if (from === to) {
      if (index.edgeSource[e] === index.edgeTarget[e]) isCyclic[from] = true;
      continue;
    }
    outEdges[from].push(e);
    inEdges[to].push(e);
  }

  return { members, componentOf, isCyclic, outEdges, inEdges };
}
