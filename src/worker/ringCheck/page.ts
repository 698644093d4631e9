/**
 * Page script of ring-check.html: runs the exactly-once check with real Web
 * Workers (4 producers; journal, metrics and router in parallel; audit after
 * them) plus one processor on this main thread (`runAsync`, which sleeps in
 * `Atomics.waitAsync`). The verdict goes to `window.__ringCheck` for the
 * browser test, and to the page as text.
 *
 * Query parameters: `producers` (default 4), `events` per producer (default
 * 250000), `size` of the ring (default 1024).
 */
import { type ProcessorSpec, Ring } from "../../engine/ring/index.ts";
import {
  CHECK_SCHEMA,
  CheckHandler,
  type CheckProcessorResult,
  type CheckProducerResult,
  type CheckVerdict,
  verifyCheck,
} from "./check.ts";
import type { RingCheckReply, RingCheckRequest } from "./messages.ts";

export interface RingCheckOutcome {
  done: true;
  ok: boolean;
  published: number;
  problems: string[];
  processors: { name: string; handled: number }[];
  elapsedMs: number;
  eventsPerSecond: number;
}

declare global {
  interface Window {
    __ringCheck?: RingCheckOutcome;
  }
}

const PROCESSORS: ProcessorSpec[] = [
  { name: "journal" },
  { name: "metrics" },
  { name: "router" },
  { name: "audit", after: ["journal", "metrics", "router"] },
  { name: "page" },
];
const WORKER_PROCESSORS = 4;

const status = document.getElementById("ring-check-status")!;

function readParameter(name: string, fallback: number): number {
  const value = Number(new URLSearchParams(location.search).get(name) ?? fallback);
  if (!(Number.isInteger(value) && value > 0)) {
    throw new TypeError(`Query parameter "${name}" must be a positive integer.`);
  }
  return value;
}

function startWorker(request: RingCheckRequest): Promise<RingCheckReply> {
  const worker = new Worker(new URL("./ringCheck.worker.ts", import.meta.url), {
    type: "module",
  });
  return new Promise((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<RingCheckReply>) => {
      worker.terminate();
      resolve(event.data);
    };
    worker.onerror = (event) =>
      reject(new Error(`Ring check worker failed: ${event.message}`));
    worker.postMessage(request);
  });
}

function unwrap<T extends CheckProducerResult | CheckProcessorResult>(
  reply: RingCheckReply,
): T {
  if (reply.role === "error") throw new Error(reply.message);
  return reply.result as T;
}

async function runCheck(): Promise<
  CheckVerdict & { processors: CheckProcessorResult[]; elapsedMs: number }
> {
  if (!crossOriginIsolated) {
    throw new Error(
      "This page is not cross-origin isolated, so SharedArrayBuffer is missing: serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp.",
    );
  }
  const producers = readParameter("producers", 4);
  const events = readParameter("events", 250_000);
  const ring = Ring.create({
    schema: CHECK_SCHEMA,
    bufferSize: readParameter("size", 1024),
    producers: "multi",
    processors: PROCESSORS,
  });
  const started = performance.now();

  const upstreamOf = (spec: ProcessorSpec) =>
    (spec.after ?? []).map((name) => ring.processorIndex(name));
  const workerProcessors = PROCESSORS.slice(0, WORKER_PROCESSORS).map((spec, index) =>
    startWorker({
      role: "processor",
      handle: ring.handle,
      name: spec.name,
      waitStrategy: "blocking",
      handler: { index, upstream: upstreamOf(spec) },
    }).then((reply) => unwrap<CheckProcessorResult>(reply)),
  );
  const pageHandler = new CheckHandler(ring, { index: WORKER_PROCESSORS, upstream: [] });
  const pageReader = ring.createProcessor("page", pageHandler).runAsync();
  const producerResults = await Promise.all(
    Array.from({ length: producers }, (_, index) =>
      startWorker({
        role: "producer",
        handle: ring.handle,
        producer: { events, seed: 17 + index, maxBatch: 32 },
      }).then((reply) => unwrap<CheckProducerResult>(reply)),
    ),
  );

  ring.shutdown();
  const processorResults = await Promise.all(workerProcessors);
  await pageReader;
  processorResults.push(pageHandler.result());
  const verdict = verifyCheck(producerResults, processorResults, PROCESSORS.length);
  return {
    ...verdict,
    processors: processorResults,
    elapsedMs: performance.now() - started,
  };
}

function show(outcome: RingCheckOutcome): void {
  window.__ringCheck = outcome;
  const lines = [
    outcome.ok ? "PASS: every processor saw every event exactly once" : "FAIL",
    `events published: ${outcome.published}`,
    ...outcome.processors.map(
      (processor) => `${processor.name}: ${processor.handled} handled`,
    ),
    `time: ${Math.round(outcome.elapsedMs)} ms (${Math.round(outcome.eventsPerSecond)} events/s)`,
    ...outcome.problems,
  ];
  status.textContent = lines.join("\n");
}

runCheck().then(
  (result) =>
    show({
      done: true,
      ok: result.ok,
      published: result.published,
      problems: result.problems,
      processors: result.processors.map(({ name, handled }) => ({ name, handled })),
      elapsedMs: result.elapsedMs,
      eventsPerSecond: result.published / (result.elapsedMs / 1000),
    }),
  (error: unknown) =>
    show({
      done: true,
      ok: false,
      published: 0,
      problems: [error instanceof Error ? error.message : String(error)],
      processors: [],
      elapsedMs: 0,
      eventsPerSecond: 0,
    }),
);
