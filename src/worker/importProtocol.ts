/**
 * Messages between the page and the trace import worker. Plain data, so
 * they cross `postMessage` by structured clone. Every request carries an id
 * that its responses echo. Failures arrive as an `error` response with
 * TraceImportErrorData, never as a thrown object. A failed import leaves the
 * previously imported traces in place for `waterfall` requests.
 */
import type { TraceReport } from "../engine/traces/analyze.ts";
import type { TraceImportErrorData } from "../engine/traces/errors.ts";
import type { ImportProgress } from "../engine/traces/importTraces.ts";
import type { TraceFormat } from "../engine/traces/span.ts";
import type { TraceWaterfall } from "../engine/traces/waterfall.ts";

export type { ImportProgress } from "../engine/traces/importTraces.ts";

/** A file from the picker or drag and drop, or a same-origin URL (`?import=URL`). */
export type ImportSource =
  | { kind: "blob"; name: string; blob: Blob }
  | { kind: "url"; url: string };

export interface ImportRequest {
  type: "import";
  requestId: number;
  /** Read and analyzed together as one set of spans. */
  sources: ImportSource[];
  /** Maximum total bytes. Default 256 MiB. */
  maxBytes?: number;
  /** Bytes read per step. Default 1 MiB. */
  chunkBytes?: number;
}

/** Stops the import with this id, which then responds with an error of code "cancelled". */
export interface CancelRequest {
  type: "cancel";
  requestId: number;
}

/** Asks for the waterfall of one trace of the last successful import. */
export interface WaterfallRequest {
  type: "waterfall";
  requestId: number;
  traceId: string;
}

export type ImportWorkerRequest = ImportRequest | CancelRequest | WaterfallRequest;

/** Sent after each chunk, at most about ten times a second, and once before analysis. */
export interface ImportProgressMessage {
  type: "progress";
  requestId: number;
  progress: ImportProgress;
}

export interface ImportResultMessage {
  type: "result";
  requestId: number;
  /** Detected formats, in order of first appearance. */
  formats: TraceFormat[];
  /** Human-readable format names, such as "Zipkin v2 JSON". */
  formatLabel: string;
  report: TraceReport;
  /** Worker time from request to result, in milliseconds. */
  durationMs: number;
}

export interface WaterfallMessage {
  type: "waterfall";
  requestId: number;
  /** Undefined when the trace id is not in the last import. */
  waterfall: TraceWaterfall | undefined;
}

export interface ImportErrorMessage {
  type: "error";
  requestId: number;
  error: TraceImportErrorData;
}

export type ImportWorkerResponse =
  | ImportProgressMessage
  | ImportResultMessage
  | WaterfallMessage
  | ImportErrorMessage;

export const DEFAULT_CHUNK_BYTES = 1024 * 1024;
