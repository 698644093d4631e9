import {
  edgeId,
  type GraphEdge,
  type GraphNode,
  type NodeKind,
  nodeId,
  type TopologyGraph,
} from "../topology/model.ts";
import type { EdgeStats } from "./dependencies.ts";
import type { ServiceStats } from "./serviceStats.ts";

/**
 * Builds the TopologyGraph the topology view draws: one node per service,
 * broker (kind "topic") and uninstrumented service (kind "external").
 * Service nodes carry span counts, errors and the percentiles of their
 * entry spans. Broker and external nodes count the calls they receive.
 * Edges carry counts, errors and duration percentiles. No rates are set,
 * because a file's spans need not cover a continuous time window.
 */
export function buildTopologyGraph(
  edges: EdgeStats[],
  services: ServiceStats[],
  asOfMs: number,
): TopologyGraph {
  const nodes = new Map<string, GraphNode>();
  for (const service of services) {
    const id = nodeId("service", service.name);
    nodes.set(id, {
      id,
      kind: "service",
      name: service.name,
      metrics: {
        count: service.spanCount,
        errorCount: service.errorCount,
        errorRatio: service.errorCount / service.spanCount,
        ...(service.entrySpanCount > 0 && {
          p50Ms: service.entryP50Ms,
          p90Ms: service.entryP90Ms,
          p99Ms: service.entryP99Ms,
        }),
      },
    });
  }
  for (const edge of edges) {
    const node = ensureNode(nodes, edge.target);
    if (node.kind !== "service") {
      node.metrics.count = (node.metrics.count ?? 0) + edge.callCount;
      node.metrics.errorCount = (node.metrics.errorCount ?? 0) + edge.errorCount;
    }
    ensureNode(nodes, edge.source);
  }

  const pairCounts = new Map<string, number>();
  for (const edge of edges) {
    const pair = edgeId(edge.source, edge.target);
    pairCounts.set(pair, (pairCounts.get(pair) ?? 0) + 1);
  }
  const graphEdges: GraphEdge[] = edges.map((edge) => {
    const pair = edgeId(edge.source, edge.target);
    return {
      id: pairCounts.get(pair)! > 1 ? `${pair}#${edge.kind}` : pair,
      source: edge.source,
      target: edge.target,
      kind: edge.kind,
      metrics: {
        count: edge.callCount,
        errorCount: edge.errorCount,
        errorRatio: edge.errorCount / edge.callCount,
        p50Ms: edge.p50Ms,
        p90Ms: edge.p90Ms,
        p99Ms: edge.p99Ms,
      },
    };
  });
  const sortedNodes = [...nodes.values()].sort((a, b) => a.id.localeCompare(b.id));
  return { nodes: sortedNodes, edges: graphEdges, asOfMs };
}

function ensureNode(nodes: Map<string, GraphNode>, id: string): GraphNode {
  let node = nodes.get(id);
  if (!node) {
    const separator = id.indexOf(":");
    const kind = id.slice(0, separator) as NodeKind;
    node = { id, kind, name: id.slice(separator + 1), metrics: {} };
    nodes.set(id, node);
  }
  return node;
}
