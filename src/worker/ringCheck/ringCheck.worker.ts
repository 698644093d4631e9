/// <reference lib="webworker" />
/**
 * Web Worker entry of the browser ring check: runs the one producer or
 * processor the page asks for, on the ring the page created, and posts the
 * result back. Events themselves never go through postMessage.
 */
import { Ring } from "../../engine/ring/index.ts";
import { CheckHandler, runCheckProducer } from "./check.ts";
import type { RingCheckReply, RingCheckRequest } from "./messages.ts";

const scope = self as unknown as DedicatedWorkerGlobalScope;

function handleRequest(request: RingCheckRequest): RingCheckReply {
  const ring = Ring.attach(request.handle);
  if (request.role === "producer") {
    return { role: "producer", result: runCheckProducer(ring, request.producer) };
  }
  const handler = new CheckHandler(ring, request.handler);
  ring
    .createProcessor(request.name, handler, { waitStrategy: request.waitStrategy })
    .run();
  return { role: "processor", result: handler.result() };
}

scope.onmessage = (event: MessageEvent<RingCheckRequest>) => {
  let reply: RingCheckReply;
  try {
    reply = handleRequest(event.data);
  } catch (error) {
    reply = {
      role: "error",
      message: error instanceof Error ? error.message : String(error),
    };
  }
  scope.postMessage(reply);
};
