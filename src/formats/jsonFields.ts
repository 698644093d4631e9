/**
 * Typed reads of fields from parsed JSON spans, shared by the OTLP, Jaeger
 * and Zipkin readers. Each failure raises a TraceImportError that names the
 * JSON path and byte offset of the span.
 */
import { TraceImportError, type TraceImportErrorCode } from "../engine/traces/errors.ts";
import { MAX_SPAN_DURATION_NS } from "../engine/traces/span.ts";
import {
  formatJsonPath,
  type JsonObject,
  type JsonValue,
  type PathSegment,
} from "./jsonStream.ts";

/** Location of a value in the input: its JSON path and the byte offset where it starts. */
export interface Place {
  path: readonly PathSegment[];
  byteOffset: number;
}

/** Raises a TraceImportError for the field `key` of the value at `place`. */
export function rejectField(
  code: TraceImportErrorCode,
  problem: string,
  place: Place,
  key?: string,
): never {
  const path = key === undefined ? [...place.path] : [...place.path, key];
  const jsonPath = formatJsonPath(path);
  throw new TraceImportError(
    code,
    `${problem} at ${jsonPath} (byte ${place.byteOffset})`,
    {
      byteOffset: place.byteOffset,
      jsonPath,
    },
  );
}

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    typeof value !== "bigint"
  );
}

/** Returns the object at `value` or raises `invalidShape` naming what was expected. */
export function expectObject(value: JsonValue, place: Place, what: string): JsonObject {
  if (!isObject(value)) {
    rejectField(
      "invalidShape",
      `expected ${what} as a JSON object but found ${describeJson(value)}`,
      place,
    );
  }
  return value;
}

export function describeJson(value: JsonValue | undefined): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "bigint") return "a number";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

export function optionalString(
  object: JsonObject,
  key: string,
  place: Place,
): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    rejectField(
      "invalidShape",
      `expected a string but found ${describeJson(value)}`,
      place,
      key,
    );
  }
  return value;
}

const HEX_ID = /^[0-9a-fA-F]+$/;

/**
 * Reads a hex id of at most `maxDigits` digits, lower-cased and left-padded
 * with zeros to `padTo` digits (Jaeger drops leading zeros). Returns
 * undefined for a missing optional id and for an all-zero id, which OTLP
 * uses for "no parent".
 */
export function readHexId(
  object: JsonObject,
  key: string,
  place: Place,
  options: { maxDigits: number; padTo: number; isRequired: boolean },
): string | undefined {
  const value = object[key];
  if (value === undefined || value === null || value === "") {
    if (!options.isRequired) return undefined;
    rejectField(
      "missingId",
      `the span has no "${key}"; every span needs a hex id`,
      place,
    );
  }
  if (typeof value !== "string") {
    rejectField(
      "invalidId",
      `"${key}" must be a hex string but is ${describeJson(value)}`,
      place,
      key,
    );
  }
  if (!HEX_ID.test(value) || value.length > options.maxDigits) {
    rejectField(
      "invalidId",
      `"${key}" is ${JSON.stringify(value.slice(0, 40))}, not an id of 1 to ${options.maxDigits} hex digits`,
      place,
      key,
    );
  }
  if (/^0+$/.test(value)) {
    if (!options.isRequired) return undefined;
    rejectField(
      "invalidId",
      `"${key}" is all zeros, which is not a valid id`,
      place,
      key,
    );
  }
  return value.toLowerCase().padStart(options.padTo, "0");
}

/**
 * Reads a non-negative integer time (string of digits, number or bigint)
 * exactly, as a bigint in the unit of the input.
 */
export function readIntegerTime(object: JsonObject, key: string, place: Place): bigint {
  const value = object[key];
  if (value === undefined || value === null) {
    rejectField("invalidTime", `the span has no "${key}"`, place);
  }
  if (typeof value === "bigint" && value >= 0n) return value;
  if (typeof value === "number" && Number.isInteger(value) && value >= 0)
    return BigInt(value);
  if (typeof value === "string" && /^\d{1,20}$/.test(value)) return BigInt(value);
  rejectField(
    "invalidTime",
    `"${key}" must be a non-negative integer but is ${JSON.stringify(String(value).slice(0, 40))}`,
    place,
    key,
  );
}

/** Raises `invalidDuration` unless 0 <= durationNs <= 7 days. */
export function checkDuration(durationNs: number, place: Place, key: string): number {
  if (durationNs < 0) {
    rejectField(
      "invalidDuration",
      `the span ends before it starts (duration ${durationNs} ns)`,
      place,
      key,
    );
  }
  if (durationNs > MAX_SPAN_DURATION_NS) {
    const days = (durationNs / 86_400e9).toFixed(1);
    rejectField(
      "invalidDuration",
      `the span lasts ${days} days, more than the 7-day limit; check the time unit`,
      place,
      key,
    );
  }
  return durationNs;
}

/** Renders any JSON value as attribute text, with objects and arrays as compact JSON. */
export function attributeText(value: JsonValue): string {
  if (typeof value === "string") return value;
  if (typeof value === "bigint") return value.toString();
  if (value === null || typeof value !== "object") return String(value);
  return JSON.stringify(value, (_key, inner) =>
    typeof inner === "bigint" ? inner.toString() : inner,
  );
}

/**
 * Keeps one copy of strings that repeat across spans (service names,
 * operation names, attribute keys), so a large file keeps one copy of each. Stops
 * adding after `capacity` entries to bound its own memory.
 */
export class StringInterner {
  private readonly strings = new Map<string, string>();
  private readonly capacity: number;

  constructor(capacity = 200_000) {
    this.capacity = capacity;
  }

  intern(text: string): string {
    if (text.length > 128) return text;
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    if (this.strings.size < this.capacity) this.strings.set(text, text);
    return text;
  }
}

/** Reads a duration in microseconds (Jaeger, Zipkin) as nanoseconds. A missing duration reads as 0. */
export function readMicrosDuration(
  object: JsonObject,
  key: string,
  place: Place,
): number {
  const value = object[key];
  if (value === undefined || value === null) return 0;
  if (typeof value === "bigint") return checkDuration(Number(value) * 1000, place, key);
  if (typeof value !== "number") {
    rejectField(
      "invalidDuration",
      `"${key}" must be a number of microseconds`,
      place,
      key,
    );
  }
  return checkDuration(Math.round(value * 1000), place, key);
}
