/**
 * Streaming import of trace files: bytes in chunks through the format
 * reader, then analysis. The same function serves the import worker, the
 * command line and the benchmark. No DOM or Worker globals.
 */
import { FORMAT_LABELS, TraceFileReader } from "../../formats/detect.ts";
import { analyzeSpans, type TraceAnalysis } from "./analyze.ts";
import { TraceImportError } from "./errors.ts";
import type { TraceFormat, TraceSpan } from "./span.ts";
import type { TraceWarning } from "./warnings.ts";

/**
 * Default limit on the bytes of one import. In `npm run bench -- traces`,
 * peak RSS grew by about 1.6 times the size of a 100 MB Zipkin file, so this
 * default should keep an import under about 0.5 GiB (an estimate: other
 * span shapes may use more per byte).
 */
export const DEFAULT_MAX_IMPORT_BYTES = 256 * 1024 * 1024;

/** One input file as a sequence of byte chunks. */
export interface TraceSource {
  name: string;
  /** Size in bytes when known in advance, checked against the limit before reading. */
  size?: number;
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

export interface ImportProgress {
  phase: "reading" | "analyzing";
  bytesRead: number;
  /** Sum of the known sizes of all sources, or undefined when one is unknown. */
  totalBytes: number | undefined;
  spansRead: number;
}

export interface ImportOptions {
  /** Maximum total input bytes. Default DEFAULT_MAX_IMPORT_BYTES. */
  maxBytes?: number;
  /** Called after each chunk and once before analysis. */
  onProgress?: (progress: ImportProgress) => void;
  /** Aborts between chunks with a TraceImportError of code "cancelled". */
  signal?: AbortSignal;
}

/** Analysis of an import, with the formats that were read. */
export interface TraceImportResult extends TraceAnalysis {
  /** Formats of the sources in order of first appearance, such as ["zipkin"]. */
  formats: TraceFormat[];
}

/**
 * Reads and analyzes `sources` together, as one set of spans. Throws
 * TraceImportError naming the file, byte offset and JSON path of the first
 * problem. Memory contains the spans and one chunk, never a whole file.
 */
export async function importTraces(
  sources: TraceSource[],
  options: ImportOptions = {},
): Promise<TraceImportResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  const knownSizes = sources.map((source) => source.size);
  const totalBytes = knownSizes.every((size) => size !== undefined)
    ? knownSizes.reduce((sum: number, size) => sum + size!, 0)
    : undefined;
  if (totalBytes !== undefined && totalBytes > maxBytes)
    rejectSize(totalBytes, maxBytes, sources, true);

  const spans: TraceSpan[] = [];
  const warnings: TraceWarning[] = [];
  const formats: TraceFormat[] = [];
  /** sourceEnds[k] is the number of spans read from sources 0..k. */
  const sourceEnds: number[] = [];
  let bytesRead = 0;

  for (const source of sources) {
    try {
      const reader = new TraceFileReader();
      for await (const chunk of source.chunks) {
        if (options.signal?.aborted) {
          throw new TraceImportError("cancelled", "the import was cancelled");
        }
        bytesRead += chunk.length;
        if (bytesRead > maxBytes) rejectSize(bytesRead, maxBytes, sources, false);
        reader.write(chunk);
        options.onProgress?.({
          phase: "reading",
          bytesRead,
          totalBytes,
          spansRead: spans.length + reader.spans.length,
        });
      }
      reader.end();
      if (reader.format && !formats.includes(reader.format)) formats.push(reader.format);
      for (const span of reader.spans) spans.push(span);
      sourceEnds.push(spans.length);
      warnings.push(...reader.warnings.list());
    } catch (error) {
      if (error instanceof TraceImportError) error.fileName = source.name;
      throw error;
    }
  }

  options.onProgress?.({
    phase: "analyzing",
    bytesRead,
    totalBytes,
    spansRead: spans.length,
  });
  try {
    const analysis = analyzeSpans(spans, {
      format: formats[0] ?? "otlp",
      readWarnings: warnings,
    });
    return { ...analysis, formats };
  } catch (error) {
    // A parent cycle is found after reading, so name the file that contains the span.
    if (error instanceof TraceImportError && error.span) {
      const { traceId, spanId } = error.span;
      const i = spans.findIndex(
        (span) => span.traceId === traceId && span.spanId === spanId,
      );
      const k = sourceEnds.findIndex((end) => i < end);
      if (i >= 0 && k >= 0) error.fileName = sources[k].name;
    }
    throw error;
  }
}

function rejectSize(
  bytes: number,
  maxBytes: number,
  sources: TraceSource[],
  isKnown: boolean,
): never {
  const what = sources.length === 1 ? "the file has" : "the files have";
  throw new TraceImportError(
    "tooLarge",
    `${what} ${isKnown ? "" : "at least "}${formatBytes(bytes)}, more than the import limit of ${formatBytes(maxBytes)}; split the input or raise the limit`,
  );
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${bytes} bytes`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Label such as "Zipkin v2 JSON" for a list of formats, joined with " + ". */
export function describeFormats(formats: TraceFormat[]): string {
  return formats.map((format) => FORMAT_LABELS[format]).join(" + ");
}
