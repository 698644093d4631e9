/**
 * Builds synthetic graphs for the harness page off the main thread, as the
 * engine worker builds real ones in the app, so the benchmark's long tasks
 * count only the view's own work plus the cost of receiving the graph.
 */
/// <reference lib="webworker" />
import type { TopologyGraph } from "../../../engine/topology/model.ts";
import { generateGraph, type SyntheticGraphOptions } from "./graph.ts";

export interface GraphRequest {
  requestId: number;
  options: SyntheticGraphOptions;
  /** Node whose edges get a 5% dead-letter ratio, to stand in for a fault; null for none. */
  faultNodeId: string | null;
}

export interface GraphResponse {
  requestId: number;
  graph: TopologyGraph;
}

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<GraphRequest>) => {
  const { requestId, options, faultNodeId } = event.data;
  const graph = generateGraph(options);
  if (faultNodeId !== null) {
    for (const edge of graph.edges) {
      if (edge.source !== faultNodeId && edge.target !== faultNodeId) continue;
      edge.metrics = { ...edge.metrics, deadLetterRatio: 0.05 };
    }
  }
  scope.postMessage({ requestId, graph } satisfies GraphResponse);
};
