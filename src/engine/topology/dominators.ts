/**
 * Single points of failure by dominance. A node D dominates a node N when
 * every path from an entry to N passes through D, so if D fails, N receives
 * nothing at all. Entries are the producers plus every node of a source
 * component (a strongly connected component with no incoming edge from
 * outside), so a graph without producers, such as one built from traces,
 * still has entries.
 *
 * This is the directed definition that matches event flow. Articulation
 * points of the undirected graph would also flag nodes whose loss only cuts
 * off their own upstream, which does not stop any delivery.
 */
import type { ComponentSet } from "./components.ts";
import type { GraphIndex } from "./graphIndex.ts";

export interface DominatorTree {
  /** Node positions treated as entries, ascending. */
  readonly entries: readonly number[];
  /**
   * Immediate dominator of each node position; -1 for entries and nodes that
   * only a virtual root above all entries dominates.
   */
  readonly immediateDominator: Int32Array;
  /** Children in the dominator tree, by node position. */
  readonly children: readonly number[][];
  /** Number of nodes each node dominates, itself excluded. */
  readonly dominatedCount: Int32Array;
}

/**
 * Builds the dominator tree with the iterative algorithm of Cooper, Harvey
 * and Kennedy ("A Simple, Fast Dominance Algorithm", 2001) from a virtual
 * root joined to every entry.
 */
export function buildDominatorTree(
  index: GraphIndex,
  components: ComponentSet,
): DominatorTree {
  const nodeCount = index.nodes.length;
  const root = nodeCount;
  const entries = findEntries(index, components);
  const isEntry = new Uint8Array(nodeCount);
  for (const entry of entries) isEntry[entry] = 1;

  const order = reversePostorder(index, entries);
  const orderOf = new Int32Array(nodeCount + 1).fill(-1);
  order.forEach((node, rank) => {
    orderOf[node] = rank;
  });

  const idom = new Int32Array(nodeCount + 1).fill(-1);
  idom[root] = root;
  const intersect = (first: number, second: number) => {
    let a = first;
    let b = second;
    while (a !== b) {
      while (orderOf[a] > orderOf[b]) a = idom[a];
      while (orderOf[b] > orderOf[a]) b = idom[b];
    }
    return a;
  };

  // Repeat passes in reverse postorder until no immediate dominator changes.
  let isChanged = true;
  while (isChanged) {
    isChanged = false;
    for (const node of order) {
      if (node === root) continue;
      let candidate = isEntry[node] === 1 ? root : -1;
      for (const e of index.inEdges[node]) {
        const predecessor = index.edgeSource[e];
        if (idom[predecessor] === -1) continue;
        candidate = candidate === -1 ? predecessor : intersect(predecessor, candidate);
      }
      if (candidate !== -1 && idom[node] !== candidate) {
        idom[node] = candidate;
        isChanged = true;
      }
    }
  }

  return summarize(idom, entries, order, nodeCount);
}

function findEntries(index: GraphIndex, components: ComponentSet): number[] {
  const entries = new Set<number>();
  index.nodes.forEach((node, position) => {
    if (node.kind === "producer") entries.add(position);
  });
  components.members.forEach((members, component) => {
    if (components.inEdges[component].length > 0) return;
    for (const member of members) entries.add(member);
  });
  return [...entries].sort((a, b) => a - b);
}

// Depth-first from the virtual root with an explicit stack.
function reversePostorder(index: GraphIndex, entries: number[]): number[] {
  const root = index.nodes.length;
  const isVisited = new Uint8Array(root + 1);
  const postorder: number[] = [];
  const stack: number[] = [root];
  const nextChild = new Int32Array(root + 1);
  isVisited[root] = 1;

  while (stack.length > 0) {
    const node = stack[stack.length - 1];
    const successors = node === root ? entries : null;
    const count = successors ? successors.length : index.outEdges[node].length;
    if (nextChild[node] < count) {
      const position = nextChild[node]++;
      const next = successors
        ? successors[position]
        : index.edgeTarget[index.outEdges[node][position]];
      if (isVisited[next] === 0) {
        isVisited[next] = 1;
        stack.push(next);
      }
      continue;
    }
    stack.pop();
    postorder.push(node);
  }
  return postorder.reverse();
}

function summarize(
  idom: Int32Array,
  entries: number[],
  order: number[],
  nodeCount: number,
): DominatorTree {
  const root = nodeCount;
  const immediateDominator = new Int32Array(nodeCount).fill(-1);
  const children: number[][] = Array.from({ length: nodeCount }, () => []);
  for (let node = 0; node < nodeCount; node++) {
    const parent = idom[node];
    if (parent === -1 || parent === root) continue;
    immediateDominator[node] = parent;
    children[parent].push(node);
  }

  // Postorder visits children before parents, so subtree sizes add up in one pass.
  const dominatedCount = new Int32Array(nodeCount);
  for (let rank = order.length - 1; rank >= 0; rank--) {
    const node = order[rank];
    if (node === root) continue;
    const parent = immediateDominator[node];
    if (parent !== -1) dominatedCount[parent] += dominatedCount[node] + 1;
  }
  return { entries, immediateDominator, children, dominatedCount };
}

/** Lists the node positions that `position` dominates, itself excluded, ascending. */
export function dominatedBy(tree: DominatorTree, position: number): number[] {
  const result: number[] = [];
  const stack = [...tree.children[position]];
  while (stack.length > 0) {
    const node = stack.pop()!;
    result.push(node);
    stack.push(...tree.children[node]);
  }
  return result.sort((a, b) => a - b);
}
