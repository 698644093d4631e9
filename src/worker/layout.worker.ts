/**
 * Layout worker for the topology view. It runs the layered or force layout
 * of src/engine/topology/layout.ts off the main thread and responds to each
 * request with positions or an error message.
 */
/// <reference lib="webworker" />

// Imported first: ELK's bundle sets `self.onmessage` when it loads, and the
// handler below replaces it.
import { computeLayout } from "../engine/topology/layout.ts";
import type { LayoutRequest, LayoutResponse } from "./layoutProtocol.ts";

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const request = event.data;
  if (request?.type !== "layout") return;
  void handle(request).then((response) => scope.postMessage(response));
};

async function handle(request: LayoutRequest): Promise<LayoutResponse> {
  const startedAt = performance.now();
  try {
    const positions = await computeLayout(request);
    return {
      type: "layout",
      requestId: request.requestId,
      algorithm: request.algorithm,
      positions,
      placedIds: request.nodes
        .filter((node) => !request.fixed[node.id])
        .map((node) => node.id),
      durationMs: performance.now() - startedAt,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[layout] request ${request.requestId} failed:`, error);
    return { type: "error", requestId: request.requestId, message };
  }
}
