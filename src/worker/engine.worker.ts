/// <reference lib="webworker" />
/**
 * Entry point of the engine worker. It adapts the plain-TypeScript engine to
 * the Worker message protocol in ./protocol.ts and does nothing else.
 */
import { builtinScenarios } from "./builtinScenarios.ts";
import { createEngineHost } from "./engineHost.ts";
import type { EngineMessage, EngineRequest } from "./protocol.ts";

const scope = self as unknown as DedicatedWorkerGlobalScope;

const host = createEngineHost({
  crossOriginIsolated: scope.crossOriginIsolated === true,
  builtinScenarios,
  notify: (status) => post({ kind: "notice", status }),
});

function post(message: EngineMessage): void {
  scope.postMessage(message);
}

scope.addEventListener("message", async (event: MessageEvent<EngineRequest>) => {
  const request = event.data;
  if (request?.kind !== "request") return;
  post(await host.handle(request));
});
