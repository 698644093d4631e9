/** Machine-readable reason an import failed. */
export type TraceImportErrorCode =
  | "invalidJson"
  | "unknownFormat"
  | "invalidShape"
  | "missingId"
  | "invalidId"
  | "invalidTime"
  | "invalidDuration"
  | "parentCycle"
  | "tooLarge"
  | "readFailed"
  | "cancelled";

/** Plain-data form of a TraceImportError, for `postMessage` and `--json` output. */
export interface TraceImportErrorData {
  code: TraceImportErrorCode;
  message: string;
  /** Byte offset in the input where the problem is, when known. */
  byteOffset?: number;
  /** JSON path of the bad value, such as `$.resourceSpans[0].scopeSpans[0].spans[3]`. */
  jsonPath?: string;
  /** Input file name, when known. */
  fileName?: string;
}

/**
 * A trace file that cannot be imported. The message names the problem, the
 * place (byte offset, JSON path) and the fix, so it needs no stack trace.
 */
export class TraceImportError extends Error {
  readonly code: TraceImportErrorCode;
  readonly byteOffset: number | undefined;
  readonly jsonPath: string | undefined;
  /** Span at fault, for errors found after reading, such as parent cycles. */
  readonly span: { traceId: string; spanId: string } | undefined;
  fileName: string | undefined;

  constructor(
    code: TraceImportErrorCode,
    message: string,
    place: {
      byteOffset?: number;
      jsonPath?: string;
      span?: { traceId: string; spanId: string };
    } = {},
  ) {
    super(message);
    this.name = "TraceImportError";
    this.code = code;
    this.byteOffset = place.byteOffset;
    this.jsonPath = place.jsonPath;
    this.span = place.span;
  }

  toData(): TraceImportErrorData {
    return {
      code: this.code,
      message: this.fileName ? `${this.fileName}: ${this.message}` : this.message,
      byteOffset: this.byteOffset,
      jsonPath: this.jsonPath,
      fileName: this.fileName,
    };
  }
}
