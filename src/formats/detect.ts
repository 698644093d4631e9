/**
 * Detects the trace format from the content and streams a file's bytes
 * through the matching reader. The format follows from the first container
 * that only one format has: a top-level array is Zipkin v2, a top-level
 * `resourceSpans` is OTLP/JSON, and a top-level `data` or `spans` is Jaeger.
 */
import { TraceImportError } from "../engine/traces/errors.ts";
import type { TraceFormat, TraceSpan } from "../engine/traces/span.ts";
import { WarningCollector } from "../engine/traces/warnings.ts";
import { JaegerReader } from "./jaeger.ts";
import { describeJson, isObject, StringInterner } from "./jsonFields.ts";
import {
  type JsonStreamOptions,
  JsonStreamParser,
  JsonSyntaxError,
  type JsonValue,
  type PathSegment,
} from "./jsonStream.ts";
import { OtlpReader } from "./otlp.ts";
import { ZipkinReader } from "./zipkin.ts";

/** Receives spans from a format reader. */
export interface SpanSink {
  add(span: TraceSpan): void;
  intern(text: string): string;
}

/** Converter from the streamed JSON of one format to spans, called as a JsonStreamHandler. */
export interface FormatReader {
  readonly format: TraceFormat;
  isStreamed(path: readonly PathSegment[], isArray: boolean): boolean;
  onValue(path: readonly PathSegment[], value: JsonValue, byteOffset: number): void;
  /** Called after the last byte, with every span read. */
  finish(spans: TraceSpan[], warnings: WarningCollector): void;
}

export const FORMAT_LABELS: Record<TraceFormat, string> = {
  otlp: "OTLP/JSON",
  jaeger: "Jaeger JSON",
  zipkin: "Zipkin v2 JSON",
};

/**
 * Returns the format that a container opening at `path` identifies, or
 * undefined when the path is not decisive.
 */
export function detectTraceFormat(
  path: readonly PathSegment[],
  isArray: boolean,
): TraceFormat | undefined {
  if (path.length === 0) return isArray ? "zipkin" : undefined;
  if (path.length !== 1) return undefined;
  if (path[0] === "resourceSpans") return "otlp";
  if (path[0] === "data" || path[0] === "spans") return "jaeger";
  return undefined;
}

function createReader(format: TraceFormat, sink: SpanSink): FormatReader {
  if (format === "otlp") return new OtlpReader(sink);
  if (format === "jaeger") return new JaegerReader(sink);
  return new ZipkinReader(sink);
}

/**
 * Reads one trace file from byte chunks into spans, detecting its format.
 * Call `write` per chunk and `end` once. Both throw TraceImportError. Only
 * one span's JSON is held at a time, so memory follows the span count, not
 * the file size. JSON lines of documents in one format are accepted.
 */
export class TraceFileReader {
  readonly spans: TraceSpan[] = [];
  /** Problems worked around while reading, such as merged Zipkin fragments. */
  readonly warnings = new WarningCollector();
  private readonly parser: JsonStreamParser;
  private readonly interner = new StringInterner();
  private reader: FormatReader | undefined;
  private documentFormat: TraceFormat | undefined;

  constructor(options: JsonStreamOptions = {}) {
    const sink: SpanSink = {
      add: (span) => this.spans.push(span),
      intern: (text) => this.interner.intern(text),
    };
    this.parser = new JsonStreamParser(
      {
        isStreamed: (path, isArray) => {
          if (this.documentFormat === undefined) {
            this.documentFormat = detectTraceFormat(path, isArray);
            if (this.documentFormat !== undefined)
              this.selectReader(this.documentFormat, sink);
          }
          return (
            this.documentFormat !== undefined && this.reader!.isStreamed(path, isArray)
          );
        },
        onValue: (path, value, byteOffset) => {
          if (path.length === 0 && this.documentFormat === undefined) {
            rejectUnknownShape(value, byteOffset);
          }
          this.reader!.onValue(path, value, byteOffset);
        },
        onDocumentEnd: () => {
          this.documentFormat = undefined;
        },
      },
      options,
    );
  }

  /** Format of the first document, once detected. */
  get format(): TraceFormat | undefined {
    return this.reader?.format;
  }

  get bytesParsed(): number {
    return this.parser.bytesParsed;
  }

  write(chunk: Uint8Array): void {
    this.guard(() => this.parser.write(chunk));
  }

  end(): void {
    this.guard(() => this.parser.end());
    this.reader?.finish(this.spans, this.warnings);
  }

  private selectReader(format: TraceFormat, sink: SpanSink): void {
    if (this.reader === undefined) {
      this.reader = createReader(format, sink);
    } else if (this.reader.format !== format) {
      throw new TraceImportError(
        "invalidShape",
        `a later JSON document is ${FORMAT_LABELS[format]} but the first is ${FORMAT_LABELS[this.reader.format]}; import them as separate files`,
        { byteOffset: this.parser.bytesParsed },
      );
    }
  }

  private guard(step: () => void): void {
    try {
      step();
    } catch (error) {
      if (error instanceof JsonSyntaxError) {
        throw new TraceImportError("invalidJson", error.message, {
          byteOffset: error.byteOffset,
          jsonPath: error.jsonPath,
        });
      }
      throw error;
    }
  }
}

const TOP_LEVEL_ARRAYS: Record<string, TraceFormat> = {
  resourceSpans: "otlp",
  data: "jaeger",
  spans: "jaeger",
};

function rejectUnknownShape(value: JsonValue, byteOffset: number): never {
  if (isObject(value)) {
    const key = Object.keys(value).find((name) => name in TOP_LEVEL_ARRAYS);
    if (key !== undefined) {
      throw new TraceImportError(
        "invalidShape",
        `"${key}" must be an array of ${FORMAT_LABELS[TOP_LEVEL_ARRAYS[key]]} ${key === "resourceSpans" ? "resource spans" : key === "data" ? "traces" : "spans"} but is ${describeJson(value[key])} at $.${key}`,
        { byteOffset, jsonPath: `$.${key}` },
      );
    }
  }
  const found =
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    typeof value !== "bigint"
      ? `an object with keys ${Object.keys(value).slice(0, 8).join(", ") || "(none)"}`
      : describeJson(value);
  throw new TraceImportError(
    "unknownFormat",
    `the JSON at byte ${byteOffset} is not a trace file: expected OTLP/JSON ("resourceSpans"), Jaeger ("data" or "spans") or Zipkin v2 (an array of spans) but found ${found}`,
    { byteOffset, jsonPath: "$" },
  );
}
