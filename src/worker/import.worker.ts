/**
 * Trace import worker: streams files or same-origin URLs in chunks through
 * the trace readers and the analysis, so the page stays responsive, and
 * keeps the last successful analysis for waterfall requests.
 */
/// <reference lib="webworker" />

import type { TraceAnalysis } from "../engine/traces/analyze.ts";
import { TraceImportError } from "../engine/traces/errors.ts";
import {
  describeFormats,
  type ImportProgress,
  importTraces,
  type TraceSource,
} from "../engine/traces/importTraces.ts";
import { buildWaterfall } from "../engine/traces/waterfall.ts";
import {
  DEFAULT_CHUNK_BYTES,
  type ImportRequest,
  type ImportSource,
  type ImportWorkerRequest,
  type ImportWorkerResponse,
} from "./importProtocol.ts";

const scope = self as unknown as DedicatedWorkerGlobalScope;
const PROGRESS_INTERVAL_MS = 100;

let current: TraceAnalysis | undefined;
const running = new Map<number, AbortController>();

function send(message: ImportWorkerResponse): void {
  scope.postMessage(message);
}

scope.onmessage = (event: MessageEvent<ImportWorkerRequest>) => {
  const request = event.data;
  if (request?.type === "import") void runImport(request);
  else if (request?.type === "cancel") running.get(request.requestId)?.abort();
  else if (request?.type === "waterfall") {
    const waterfall = current ? buildWaterfall(current, request.traceId) : undefined;
    send({ type: "waterfall", requestId: request.requestId, waterfall });
  }
};

async function runImport(request: ImportRequest): Promise<void> {
  const startedAt = performance.now();
  const controller = new AbortController();
  running.set(request.requestId, controller);
  let lastProgressAt = 0;
  const onProgress = (progress: ImportProgress) => {
    const now = performance.now();
    if (progress.phase === "reading" && now - lastProgressAt < PROGRESS_INTERVAL_MS)
      return;
    lastProgressAt = now;
    send({ type: "progress", requestId: request.requestId, progress });
  };

  try {
    const chunkBytes = request.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    const sources = await Promise.all(
      request.sources.map((source) => openSource(source, chunkBytes)),
    );
    const result = await importTraces(sources, {
      maxBytes: request.maxBytes,
      onProgress,
      signal: controller.signal,
    });
    current = result;
    send({
      type: "result",
      requestId: request.requestId,
      formats: result.formats,
      formatLabel: describeFormats(result.formats),
      report: result.report,
      durationMs: performance.now() - startedAt,
    });
  } catch (error) {
    send({ type: "error", requestId: request.requestId, error: toErrorData(error) });
  } finally {
    running.delete(request.requestId);
  }
}

function toErrorData(error: unknown) {
  if (error instanceof TraceImportError) return error.toData();
  // Not an input problem, so log it with its stack for debugging.
  console.error("[import] unexpected failure:", error);
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: "readFailed" as const,
    message: `reading the traces failed: ${message}`,
  };
}

async function openSource(
  source: ImportSource,
  chunkBytes: number,
): Promise<TraceSource> {
  if (source.kind === "blob") {
    return {
      name: source.name,
      size: source.blob.size,
      chunks: readBlob(source.blob, chunkBytes),
    };
  }
  const url = new URL(source.url, scope.location.href);
  if (url.origin !== scope.location.origin) {
    throw new TraceImportError(
      "readFailed",
      `${url.href} is on another origin; only same-origin URLs can be imported, so download the file and open it instead`,
    );
  }
  const response = await fetch(url);
  if (!response.ok || !response.body) {
    throw new TraceImportError(
      "readFailed",
      `fetching ${url.href} failed with HTTP ${response.status}`,
    );
  }
  // Static hosts and dev servers often serve the app's index.html for a
  // missing path, with status 200, which would otherwise fail as invalid JSON.
  const contentType = response.headers.get("content-type") ?? "";
  if (contentType.startsWith("text/html")) {
    throw new TraceImportError(
      "readFailed",
      `${url.href} returned an HTML page (${contentType}), not a trace file; check that the path names a JSON file on this server`,
    );
  }
  const length = Number(response.headers.get("content-length"));
  return {
    name: url.pathname.split("/").pop() || url.href,
    size: Number.isFinite(length) && length > 0 ? length : undefined,
    chunks: readStream(response.body),
  };
}

/** Reads a Blob in slices, so only one slice is in memory at a time. */
async function* readBlob(blob: Blob, chunkBytes: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < blob.size; offset += chunkBytes) {
    const buffer = await blob.slice(offset, offset + chunkBytes).arrayBuffer();
    yield new Uint8Array(buffer);
  }
}

async function* readStream(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stops the download when the import ends early (an error or a cancel).
    void reader.cancel().catch(() => {});
  }
}
