/**
 * The dependency graph every source feeds (the simulation, imported traces,
 * later live engines) and the topology view draws. Plain data, so it crosses
 * worker boundaries with structured clone.
 */

export type NodeKind =
  | "producer"
  | "topic"
  | "service"
  | "rule"
  | "deadLetterQueue"
  | "external";

/** Relation an edge stands for: producer to topic, topic to subscriber, service to what it emits or calls. */
export type EdgeKind = "publish" | "subscribe" | "emit" | "call" | "deadLetter";

/** Current figures of a node or edge; a field is undefined when the source does not measure it. */
export interface GraphMetrics {
  /** Events or calls per second, over the metric window the source reports. */
  ratePerSecond?: number;
  p50Ms?: number;
  p90Ms?: number;
  p99Ms?: number;
  /** Failed attempts divided by attempts, 0..1. */
  errorRatio?: number;
  /** Dead-lettered divided by delivered-or-dead-lettered, 0..1. */
  deadLetterRatio?: number;
  /** Deliveries waiting for a worker. */
  queueLength?: number;
  /** Events published but not yet completed by the consumer. */
  lag?: number;
  /** Total events, calls or spans counted so far. */
  count?: number;
  errorCount?: number;
}

export interface GraphNode {
  /** Stable id, unique in the graph: `${kind}:${name}`. */
  id: string;
  kind: NodeKind;
  name: string;
  metrics: GraphMetrics;
}

export interface GraphEdge {
  /** Stable id: `${source}->${target}`, with `#kind` appended when two kinds join the same pair. */
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  metrics: GraphMetrics;
}

export interface TopologyGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Virtual or wall-clock time, in ms, that the metrics describe. */
  asOfMs: number;
}

export function nodeId(kind: NodeKind, name: string): string {
  return `${kind}:${name}`;
}

export function edgeId(source: string, target: string): string {
  return `${source}->${target}`;
}
