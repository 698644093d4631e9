/**
 * Seeded synthetic topologies for the scale benchmark and the browser tests.
 * Each is a pipeline of stages. Producers publish to topics, and services
 * subscribe to the topics of their stage and emit to the next stage. A few
 * emit back a stage, which makes cycles, and some services dead-letter into
 * queues. The same options give the same graph.
 */
import type {
  EdgeKind,
  GraphEdge,
  GraphMetrics,
  GraphNode,
  NodeKind,
  TopologyGraph,
} from "../../../engine/topology/model.ts";

export interface SyntheticGraphOptions {
  seed: number;
  nodeCount: number;
  edgeCount: number;
  /** Refresh number: changes the metrics and, when `growBy` is set, adds nodes. */
  revision?: number;
  /** Nodes added per revision, each joined to existing nodes by two edges. */
  growBy?: number;
}

/** Returns a PRNG (mulberry32) that yields floats in [0, 1) from a 32-bit seed. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Builds a graph of exactly `nodeCount` nodes and, when that many distinct pairs exist, `edgeCount` edges. */
export function generateGraph(options: SyntheticGraphOptions): TopologyGraph {
  const { seed, nodeCount, edgeCount, revision = 0, growBy = 0 } = options;
  const random = createRandom(seed);
  const nodes = makeNodes(nodeCount, random);
  const edges = makeEdges(nodes, edgeCount, random);

  for (let round = 1; round <= revision && growBy > 0; round++) {
    growGraph(nodes, edges, growBy, round, createRandom(seed + round));
  }

  const metricsRandom = createRandom(seed * 31 + revision);
  for (const node of nodes) node.metrics = makeMetrics(metricsRandom);
  for (const edge of edges) edge.metrics = makeMetrics(metricsRandom);
  return { nodes, edges, asOfMs: revision * 30_000 };
}

// Shares of each kind, in layer order from left to right.
const kindShares: [NodeKind, number][] = [
  ["producer", 0.06],
  ["topic", 0.3],
  ["service", 0.56],
  ["rule", 0.04],
  ["deadLetterQueue", 0.04],
];

function makeNodes(count: number, random: () => number): GraphNode[] {
  const nodes: GraphNode[] = [];
  kindShares.forEach(([kind, share], position) => {
    const isLast = position === kindShares.length - 1;
    const size = isLast ? count - nodes.length : Math.max(1, Math.round(count * share));
    for (let i = 0; i < size && nodes.length < count; i++) {
      const name = `${kind}-${i.toString().padStart(4, "0")}-${Math.floor(random() * 1e4)}`;
      nodes.push({ id: `${kind}:${name}`, kind, name, metrics: {} });
    }
  });
  return nodes;
}

/** Pipeline stages: topics and services of stage k feed stage k + 1. */
const stageCount = 6;

function makeEdges(nodes: GraphNode[], count: number, random: () => number): GraphEdge[] {
  const byKind = (kind: NodeKind) => nodes.filter((node) => node.kind === kind);
  const producers = byKind("producer");
  const topicStages = splitIntoStages(byKind("topic"));
  const serviceStages = splitIntoStages([...byKind("service"), ...byKind("rule")]);
  const queues = byKind("deadLetterQueue");
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const pickStage = () => Math.floor(random() * stageCount);
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();

  const add = (source: GraphNode, target: GraphNode, kind: EdgeKind) => {
    const id = `${source.id}->${target.id}`;
    if (seen.has(id)) return;
    seen.add(id);
    edges.push({ id, source: source.id, target: target.id, kind, metrics: {} });
  };

  // Every first-stage topic gets a publisher, every later topic an emitter,
  // and every service a subscription, so no node is left unconnected.
  const firstTopics = topicStages[0];
  const publishCount = Math.max(firstTopics.length, producers.length);
  for (let i = 0; i < publishCount; i++) {
    add(producers[i % producers.length], firstTopics[i % firstTopics.length], "publish");
  }
  for (let stage = 1; stage < stageCount; stage++) {
    const emitters = serviceStages[stage - 1];
    topicStages[stage].forEach((topic, i) => {
      add(emitters[i % emitters.length], topic, "emit");
    });
  }
  serviceStages.forEach((services, stage) => {
    services.forEach((service, i) => {
      add(topicStages[stage][i % topicStages[stage].length], service, "subscribe");
    });
  });

  // Then random extra edges, mostly forward; about 1% go back a stage and
  // close a cycle.
  const maxAttempts = count * 20;
  for (let attempt = 0; edges.length < count && attempt < maxAttempts; attempt++) {
    const roll = random();
    const stage = pickStage();
    const nextStage = Math.min(stage + 1, stageCount - 1);
    if (roll < 0.1) add(pick(producers), pick(topicStages[stage]), "publish");
    else if (roll < 0.5)
      add(pick(topicStages[stage]), pick(serviceStages[stage]), "subscribe");
    else if (roll < 0.9)
      add(pick(serviceStages[stage]), pick(topicStages[nextStage]), "emit");
    else if (roll < 0.99 && queues.length > 0)
      add(pick(serviceStages[stage]), pick(queues), "deadLetter");
    else if (stage > 0)
      add(pick(serviceStages[stage]), pick(topicStages[stage - 1]), "emit");
  }
  return edges;
}

function splitIntoStages(nodes: GraphNode[]): GraphNode[][] {
  const stages: GraphNode[][] = Array.from({ length: stageCount }, () => []);
  nodes.forEach((node, i) => {
    stages[Math.floor((i * stageCount) / nodes.length)].push(node);
  });
  return stages;
}

function growGraph(
  nodes: GraphNode[],
  edges: GraphEdge[],
  count: number,
  round: number,
  random: () => number,
) {
  const topics = nodes.filter((node) => node.kind === "topic");
  for (let i = 0; i < count; i++) {
    const name = `service-new-${round}-${i}`;
    const node: GraphNode = { id: `service:${name}`, kind: "service", name, metrics: {} };
    const from = topics[Math.floor(random() * topics.length)];
    const to = topics[Math.floor(random() * topics.length)];
    nodes.push(node);
    edges.push({
      id: `${from.id}->${node.id}`,
      source: from.id,
      target: node.id,
      kind: "subscribe",
      metrics: {},
    });
    edges.push({
      id: `${node.id}->${to.id}`,
      source: node.id,
      target: to.id,
      kind: "emit",
      metrics: {},
    });
  }
}

// Mostly healthy figures, with about 8% of items degraded and 2% failing.
function makeMetrics(random: () => number): GraphMetrics {
  const p50Ms = 1 + random() * 40;
  const roll = random();
  let deadLetterRatio = 0;
  if (roll > 0.98) deadLetterRatio = 0.1 + random() * 0.2;
  else if (roll > 0.9) deadLetterRatio = 0.001 + random() * 0.05;
  return {
    ratePerSecond: Math.round(random() ** 3 * 5000),
    p50Ms,
    p99Ms: p50Ms * (2 + random() * 8),
    deadLetterRatio,
    errorRatio: deadLetterRatio,
  };
}
