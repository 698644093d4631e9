/**
 * Incremental JSON parser over UTF-8 bytes, written for trace files.
 *
 * It is written here instead of taken from npm because trace import needs
 * four things at once. Integers beyond 2^53 must stay exact, because OTLP
 * nanosecond times are often unquoted. Every error needs a byte offset and a
 * JSON path. An explicit stack must turn 100,000 nested arrays into an error
 * instead of a call stack overflow. Chosen containers must stream, so a
 * 100 MB file never exists as one object tree. `@streamparser/json` streams
 * but turns numbers into doubles, and `lossless-json` keeps numbers exact but
 * only parses whole strings.
 *
 * Plain TypeScript with no DOM or Worker globals. Not thread-safe: one parser
 * per stream.
 */

/** A parsed JSON value. Integers outside the safe range arrive as `bigint`. */
export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | JsonValue[]
  | JsonObject;

export interface JsonObject {
  [key: string]: JsonValue;
}

/** One step of a JSON path: an object key or an array index. */
export type PathSegment = string | number;

export interface JsonStreamHandler {
  /**
   * Called when an array or object opens at `path`. Returning true streams
   * it: each completed child goes to `onValue` and is not kept, so the
   * container itself completes empty.
   */
  isStreamed(path: readonly PathSegment[], isArray: boolean): boolean;
  /**
   * Receives each completed child of a streamed container, and each
   * completed top-level document (with an empty path). `path` is a live
   * array that changes after the call returns, so copy it to keep it.
   */
  onValue(path: readonly PathSegment[], value: JsonValue, startByte: number): void;
  /** Called after each top-level document. JSON lines input contains several. */
  onDocumentEnd?(documentIndex: number): void;
}

export interface JsonStreamOptions {
  /** Maximum container nesting; deeper input raises a JsonSyntaxError. Default 256. */
  maxDepth?: number;
  /** Maximum length in bytes of one string or number token. Default 16 MiB. */
  maxTokenBytes?: number;
}

/** Invalid or truncated JSON, with the byte offset and JSON path where parsing stopped. */
export class JsonSyntaxError extends Error {
  readonly byteOffset: number;
  readonly jsonPath: string;

  constructor(problem: string, byteOffset: number, jsonPath: string) {
    super(`Invalid JSON at byte ${byteOffset} (${jsonPath}): ${problem}`);
    this.name = "JsonSyntaxError";
    this.byteOffset = byteOffset;
    this.jsonPath = jsonPath;
  }
}

/** Formats a path as `$.resourceSpans[0].name`, shortened in the middle when very deep. */
export function formatJsonPath(path: readonly PathSegment[], maxSegments = 12): string {
  const shown =
    path.length > maxSegments
      ? [
          ...path.slice(0, 4),
          `…${path.length - maxSegments + 4} more…`,
          ...path.slice(-(maxSegments - 4)),
        ]
      : path;
  let text = "$";
  for (const segment of shown) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (segment.startsWith("…")) text += segment;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) text += `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

enum Expect {
  /** A value, at the top level or after ':' or ','. */
  Value,
  /** A value or ']' right after '['. */
  ValueOrEnd,
  /** A key or '}' right after '{'. */
  KeyOrEnd,
  /** A key after ','. */
  Key,
  Colon,
  /** ',' or the closing bracket of the current container. */
  CommaOrEnd,
}

interface Frame {
  isArray: boolean;
  /** The container being built; null when streamed. */
  value: JsonValue[] | JsonObject | null;
  key: string;
  index: number;
  startByte: number;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const STRING_CACHE_SIZE = 4096;
const MAX_CACHED_STRING = 48;
const NUMBER_PATTERN = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Parses a stream of byte chunks. Call `write` for each chunk and `end` once;
 * both throw JsonSyntaxError. Several top-level documents separated by
 * whitespace (JSON lines) are accepted. Allocates one object per non-streamed
 * value. An incomplete token at a chunk boundary is copied once per chunk.
 */
export class JsonStreamParser {
  private readonly handler: JsonStreamHandler;
  private readonly maxDepth: number;
  private readonly maxTokenBytes: number;
  private readonly frames: Frame[] = [];
  /** path[i] is the key or index of the child being read inside frames[i]. */
  private readonly path: PathSegment[] = [];
  private expect = Expect.Value;
  private carry: Uint8Array | null = null;
  /** Absolute offset of byte 0 of the buffer being parsed. */
  private bufferOffset = 0;
  private documentIndex = 0;
  private stringHash = 0;
  private isPlainString = true;
  /** Direct-mapped cache of short ASCII strings, indexed by a hash of their bytes. */
  private readonly stringCache: (string | undefined)[] = new Array(STRING_CACHE_SIZE);
  private isStart = true;

  constructor(handler: JsonStreamHandler, options: JsonStreamOptions = {}) {
    this.handler = handler;
    this.maxDepth = options.maxDepth ?? 256;
    this.maxTokenBytes = options.maxTokenBytes ?? 16 * 1024 * 1024;
  }

  /** Bytes consumed so far, excluding an incomplete trailing token. */
  get bytesParsed(): number {
    return this.bufferOffset;
  }

  write(chunk: Uint8Array): void {
    let buffer = chunk;
    if (this.carry) {
      buffer = new Uint8Array(this.carry.length + chunk.length);
      buffer.set(this.carry);
      buffer.set(chunk, this.carry.length);
      this.carry = null;
    }
    const consumed = this.parse(buffer, false);
    if (consumed < buffer.length) {
      if (buffer.length - consumed > this.maxTokenBytes) {
        this.fail(
          `a string or number is longer than ${this.maxTokenBytes} bytes`,
          this.bufferOffset + consumed,
        );
      }
      this.carry = buffer.slice(consumed);
    }
    this.bufferOffset += consumed;
  }

  end(): void {
    const buffer = this.carry ?? new Uint8Array(0);
    this.carry = null;
    const consumed = this.parse(buffer, true);
    this.bufferOffset += consumed;
    if (this.frames.length > 0 || this.expect !== Expect.Value) {
      const open = this.frames.length;
      this.fail(
        `unexpected end of input with ${open} unclosed ${open === 1 ? "container" : "containers"}; the file is truncated`,
        this.bufferOffset,
      );
    }
    if (this.documentIndex === 0)
      this.fail("the input contains no JSON value", this.bufferOffset);
  }

  private fail(problem: string, byteOffset: number): never {
    throw new JsonSyntaxError(problem, byteOffset, formatJsonPath(this.path));
  }

  /** Parses complete tokens of `buffer` and returns how many bytes were consumed. */
  private parse(buffer: Uint8Array, isFinal: boolean): number {
    let i = 0;
    const length = buffer.length;

    // Skip a UTF-8 byte order mark, waiting for more bytes if a chunk ends inside it.
    if (this.isStart) {
      const bomLength = Math.min(length, 3);
      let k = 0;
      while (k < bomLength && buffer[k] === UTF8_BOM[k]) k++;
      if (k === bomLength && length < 3 && !isFinal) return 0;
      if (k === 3) i = 3;
      if (length > 0) this.isStart = false;
    }

    while (i < length) {
      const byte = buffer[i];

      // Whitespace between tokens.
      if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) {
        i++;
        continue;
      }

      switch (this.expect) {
        case Expect.Colon:
          if (byte !== 0x3a) this.unexpected(buffer, i, "':'");
          this.expect = Expect.Value;
          i++;
          continue;

        case Expect.CommaOrEnd: {
          const top = this.frames[this.frames.length - 1];
          if (byte === 0x2c) {
            this.expect = top.isArray ? Expect.Value : Expect.Key;
            if (top.isArray) this.path[this.frames.length - 1] = ++top.index;
            i++;
            continue;
          }
          if ((byte === 0x5d && top.isArray) || (byte === 0x7d && !top.isArray)) {
            this.closeContainer();
            i++;
            continue;
          }
          this.unexpected(buffer, i, top.isArray ? "',' or ']'" : "',' or '}'");
          break;
        }

        case Expect.KeyOrEnd:
        case Expect.Key: {
          if (byte === 0x7d && this.expect === Expect.KeyOrEnd) {
            this.closeContainer();
            i++;
            continue;
          }
          if (byte !== 0x22) this.unexpected(buffer, i, "a string key in double quotes");
          const end = this.findStringEnd(buffer, i, isFinal);
          if (end < 0) return i;
          const key = this.decodeString(buffer, i, end);
          this.frames[this.frames.length - 1].key = key;
          this.path[this.frames.length - 1] = key;
          this.expect = Expect.Colon;
          i = end + 1;
          continue;
        }

        case Expect.ValueOrEnd:
          if (byte === 0x5d) {
            this.closeContainer();
            i++;
            continue;
          }
          this.expect = Expect.Value;
          break;

        case Expect.Value:
          break;
      }

      // A value starts at i.
      if (byte === 0x7b || byte === 0x5b) {
        this.openContainer(byte === 0x5b, this.bufferOffset + i);
        i++;
        continue;
      }
      if (byte === 0x22) {
        const end = this.findStringEnd(buffer, i, isFinal);
        if (end < 0) return i;
        this.completeValue(this.decodeString(buffer, i, end), this.bufferOffset + i);
        i = end + 1;
        continue;
      }
      if (byte === 0x2d || (byte >= 0x30 && byte <= 0x39)) {
        let end = i + 1;
        while (end < length && isNumberByte(buffer[end])) end++;
        if (end === length && !isFinal) return i;
        this.completeValue(this.decodeNumber(buffer, i, end), this.bufferOffset + i);
        i = end;
        continue;
      }
      const literalLength = byte === 0x66 ? 5 : 4;
      if (byte === 0x74 || byte === 0x66 || byte === 0x6e) {
        if (i + literalLength > length && !isFinal) return i;
        this.completeValue(
          this.decodeLiteral(buffer, i, literalLength),
          this.bufferOffset + i,
        );
        i += literalLength;
        continue;
      }
      this.unexpected(buffer, i, "a JSON value");
    }
    return i;
  }

  private unexpected(buffer: Uint8Array, i: number, expected: string): never {
    const byte = buffer[i];
    const found =
      byte >= 0x20 && byte < 0x7f
        ? `'${String.fromCharCode(byte)}'`
        : `byte 0x${byte.toString(16)}`;
    this.fail(`expected ${expected} but found ${found}`, this.bufferOffset + i);
  }

  private openContainer(isArray: boolean, startByte: number): void {
    if (this.frames.length >= this.maxDepth) {
      this.fail(`nesting is deeper than the limit of ${this.maxDepth} levels`, startByte);
    }
    const streamed = this.handler.isStreamed(this.path, isArray);
    this.frames.push({
      isArray,
      value: streamed ? null : isArray ? [] : {},
      key: "",
      index: 0,
      startByte,
    });
    this.path.push(0);
    this.expect = isArray ? Expect.ValueOrEnd : Expect.KeyOrEnd;
  }

  private closeContainer(): void {
    const frame = this.frames.pop()!;
    this.path.pop();
    this.completeValue(frame.value ?? (frame.isArray ? [] : {}), frame.startByte);
  }

  private completeValue(value: JsonValue, startByte: number): void {
    const depth = this.frames.length;
    if (depth === 0) {
      this.handler.onValue(this.path, value, startByte);
      this.handler.onDocumentEnd?.(this.documentIndex);
      this.documentIndex++;
      this.expect = Expect.Value;
      return;
    }
    const parent = this.frames[depth - 1];
    if (parent.value === null) {
      this.handler.onValue(this.path, value, startByte);
    } else if (parent.isArray) {
      (parent.value as JsonValue[]).push(value);
    } else {
      (parent.value as JsonObject)[parent.key] = value;
    }
    this.expect = Expect.CommaOrEnd;
  }

  /**
   * Returns the index of the closing quote, or -1 when the string continues
   * past the buffer. Sets `stringHash` and `isPlainString` for decodeString.
   */
  private findStringEnd(buffer: Uint8Array, start: number, isFinal: boolean): number {
    let i = start + 1;
    let hash = 0;
    let isPlain = true;
    const length = buffer.length;
    while (i < length) {
      const byte = buffer[i];
      if (byte === 0x22) {
        this.stringHash = hash;
        this.isPlainString = isPlain;
        return i;
      }
      if (byte === 0x5c) {
        isPlain = false;
        i += 2;
      } else if (byte < 0x20) {
        this.fail(
          `control character 0x${byte.toString(16)} inside a string; escape it`,
          this.bufferOffset + i,
        );
      } else {
        if (byte >= 0x80) isPlain = false;
        hash = (Math.imul(hash, 31) + byte) | 0;
        i++;
      }
    }
    if (isFinal)
      this.fail("unterminated string; the file is truncated", this.bufferOffset + start);
    return -1;
  }

  private decodeString(buffer: Uint8Array, start: number, end: number): string {
    const length = end - start - 1;
    if (this.isPlainString && length <= MAX_CACHED_STRING) {
      // Keys and short values repeat across spans: reuse the string made last time.
      const slot = (this.stringHash ^ (this.stringHash >>> 13)) & (STRING_CACHE_SIZE - 1);
      const cached = this.stringCache[slot];
      if (cached !== undefined && cached.length === length) {
        let k = 0;
        while (k < length && cached.charCodeAt(k) === buffer[start + 1 + k]) k++;
        if (k === length) return cached;
      }
      const text = String.fromCharCode.apply(
        null,
        buffer.subarray(start + 1, end) as unknown as number[],
      );
      this.stringCache[slot] = text;
      return text;
    }
    let text: string;
    try {
      text = utf8.decode(buffer.subarray(start + 1, end));
    } catch {
      this.fail("a string is not valid UTF-8", this.bufferOffset + start);
    }
    if (!text.includes("\\")) return text;
    try {
      return JSON.parse(`"${text}"`) as string;
    } catch {
      this.fail(
        "a string contains an invalid escape sequence",
        this.bufferOffset + start,
      );
    }
  }

  private decodeNumber(buffer: Uint8Array, start: number, end: number): number | bigint {
    // Fast path: an integer of at most 15 digits is exact as a double.
    const isNegative = buffer[start] === 0x2d;
    const digitsStart = isNegative ? start + 1 : start;
    let k = digitsStart;
    let value = 0;
    while (k < end && buffer[k] >= 0x30 && buffer[k] <= 0x39) {
      value = value * 10 + (buffer[k] - 0x30);
      k++;
    }
    const digitCount = k - digitsStart;
    const hasLeadingZero = digitCount > 1 && buffer[digitsStart] === 0x30;
    if (k === end && digitCount > 0 && digitCount <= 15 && !hasLeadingZero) {
      return isNegative ? -value : value;
    }

    const text = String.fromCharCode.apply(
      null,
      buffer.subarray(start, end) as unknown as number[],
    );
    if (!NUMBER_PATTERN.test(text)) {
      this.fail(
        `"${text.slice(0, 40)}" is not a valid JSON number`,
        this.bufferOffset + start,
      );
    }
    const number = Number(text);
    const isInteger =
      text.indexOf(".") < 0 && text.indexOf("e") < 0 && text.indexOf("E") < 0;
    if (isInteger && !Number.isSafeInteger(number)) return BigInt(text);
    return number;
  }

  private decodeLiteral(
    buffer: Uint8Array,
    start: number,
    length: number,
  ): boolean | null {
    const text = String.fromCharCode.apply(
      null,
      buffer.subarray(start, start + length) as unknown as number[],
    );
    if (text === "true") return true;
    if (text === "null") return null;
    if (text === "false") return false;
    this.fail(`"${text}" is not a JSON value`, this.bufferOffset + start);
  }
}

function isNumberByte(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) ||
    byte === 0x2d ||
    byte === 0x2b ||
    byte === 0x2e ||
    byte === 0x65 ||
    byte === 0x45
  );
}

/**
 * Parses one complete JSON text, keeping integers beyond 2^53 exact as
 * `bigint`. Throws JsonSyntaxError with the byte offset and path.
 */
export function parseJsonExact(
  input: string | Uint8Array,
  options?: JsonStreamOptions,
): JsonValue {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const documents: JsonValue[] = [];
  const parser = new JsonStreamParser(
    {
      isStreamed: () => false,
      onValue: (path, value) => {
        if (path.length === 0) documents.push(value);
      },
    },
    options,
  );
  parser.write(bytes);
  parser.end();
  if (documents.length > 1) {
    throw new JsonSyntaxError(
      `expected one JSON value but found ${documents.length}`,
      bytes.length,
      "$",
    );
  }
  return documents[0];
}
