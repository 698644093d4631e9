import type {
  EdgeKind,
  GraphEdge,
  GraphMetrics,
  GraphNode,
  NodeKind,
  TopologyGraph,
} from "../../../src/engine/topology/model.ts";

/** Node spec: "kind:name" with an optional node p99 in ms. */
type NodeSpec = [id: string, p99Ms?: number];
/** Edge spec: source id, target id, optional edge p99 in ms. */
type EdgeSpec = [source: string, target: string, p99Ms?: number];

/** Builds a small graph by hand; kinds come from the id prefix. */
export function makeGraph(nodes: NodeSpec[], edges: EdgeSpec[]): TopologyGraph {
  return {
    asOfMs: 0,
    nodes: nodes.map(([id, p99Ms]): GraphNode => {
      const [kind, name] = id.split(":");
      return { id, kind: kind as NodeKind, name, metrics: latency(p99Ms) };
    }),
    edges: edges.map(
      ([source, target, p99Ms]): GraphEdge => ({
        id: `${source}->${target}`,
        source,
        target,
        kind: edgeKindFor(source),
        metrics: latency(p99Ms),
      }),
    ),
  };
}

function latency(p99Ms: number | undefined): GraphMetrics {
  return p99Ms === undefined ? {} : { p99Ms };
}

function edgeKindFor(source: string): EdgeKind {
  if (source.startsWith("producer:")) return "publish";
  if (source.startsWith("topic:")) return "subscribe";
  return "emit";
}

/**
 * A loop topic:t -> service:s1 -> topic:u -> service:s2 -> topic:t fed by
 * producer:p, with service:x hanging off service:s2.
 */
export const cycleGraph = makeGraph(
  [
    ["producer:p"],
    ["topic:t"],
    ["service:s1", 10],
    ["topic:u"],
    ["service:s2", 20],
    ["service:x", 7],
  ],
  [
    ["producer:p", "topic:t", 1],
    ["topic:t", "service:s1", 5],
    ["service:s1", "topic:u", 1],
    ["topic:u", "service:s2", 5],
    ["service:s2", "topic:t", 2],
    ["service:s2", "service:x", 3],
  ],
);

/** producer:a -> topic:t, which splits to service:l and service:r, which join at service:j. */
export const diamondGraph = makeGraph(
  [["producer:a"], ["topic:t"], ["service:l", 5], ["service:r", 30], ["service:j", 4]],
  [
    ["producer:a", "topic:t", 0.5],
    ["topic:t", "service:l", 10],
    ["topic:t", "service:r", 2],
    ["service:l", "service:j", 1],
    ["service:r", "service:j", 1],
  ],
);

/**
 * Three parts: producer:p1 -> topic:t1 -> service:s1, service:q -> service:w
 * without a producer, and service:lonely alone. One edge points at a node
 * that does not exist.
 */
export const disconnectedGraph = makeGraph(
  [
    ["producer:p1"],
    ["topic:t1"],
    ["service:s1", 3],
    ["service:q"],
    ["service:w"],
    ["service:lonely"],
  ],
  [
    ["producer:p1", "topic:t1", 1],
    ["topic:t1", "service:s1", 2],
    ["service:q", "service:w"],
    ["service:s1", "topic:ghost"],
  ],
);

/** producer:p -> topic:t -> service:s, which calls itself and dead-letters to deadLetterQueue:dlq. */
export const selfLoopGraph = makeGraph(
  [["producer:p"], ["topic:t"], ["service:s", 8], ["deadLetterQueue:dlq"]],
  [
    ["producer:p", "topic:t"],
    ["topic:t", "service:s", 2],
    ["service:s", "service:s", 100],
    ["service:s", "deadLetterQueue:dlq", 1],
  ],
);

/** Builds a chain producer:n0 -> service:n1 -> ... of `length` nodes, optionally closed into a loop. */
export function chainGraph(length: number, isClosed: boolean): TopologyGraph {
  const nodes: NodeSpec[] = [];
  const edges: EdgeSpec[] = [];
  for (let i = 0; i < length; i++) {
    nodes.push([i === 0 ? "producer:n0" : `service:n${i}`, 1]);
    if (i > 0) edges.push([nodes[i - 1][0], nodes[i][0], 1]);
  }
  if (isClosed) edges.push([nodes[length - 1][0], "service:n1", 1]);
  return makeGraph(nodes, edges);
}
