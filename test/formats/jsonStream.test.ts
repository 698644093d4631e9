import { describe, expect, it } from "vitest";
import {
  JsonStreamParser,
  JsonSyntaxError,
  type JsonValue,
  type PathSegment,
  parseJsonExact,
} from "../../src/formats/jsonStream.ts";

/** Parses `text` split into chunks of `chunkBytes` and returns the top-level documents. */
function parseInChunks(text: string, chunkBytes: number): JsonValue[] {
  const bytes = new TextEncoder().encode(text);
  const documents: JsonValue[] = [];
  const parser = new JsonStreamParser({
    isStreamed: () => false,
    onValue: (path, value) => {
      if (path.length === 0) documents.push(value);
    },
  });
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    parser.write(bytes.subarray(offset, offset + chunkBytes));
  }
  parser.end();
  return documents;
}

function syntaxError(text: string): JsonSyntaxError {
  try {
    parseJsonExact(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe("parseJsonExact", () => {
  it("keeps 64-bit integers exact", () => {
    const value = parseJsonExact(
      '{"t": 1544712660000000001, "small": 42, "neg": -9007199254740993}',
    );
    expect(value).toEqual({
      t: 1544712660000000001n,
      small: 42,
      neg: -9007199254740993n,
    });
  });

  it("switches to bigint past 2^53", () => {
    expect(
      parseJsonExact("[999999999999999, 9007199254740991, 9007199254740992, -0, 0]"),
    ).toEqual([999999999999999, 9007199254740991, 9007199254740992n, -0, 0]);
  });

  it("reads fractions and exponents as doubles", () => {
    expect(parseJsonExact("[1.5, -2e3, 0, 1E-2]")).toEqual([1.5, -2000, 0, 0.01]);
  });

  it("matches JSON.parse on strings with escapes and non-ASCII", () => {
    const text = JSON.stringify({
      a: 'quote " and \\ and \n',
      b: "é ü 漢字 😀",
      "k\u0001": "\u0000",
    });
    expect(parseJsonExact(text)).toEqual(JSON.parse(text));
  });

  it("reads literals and empty containers", () => {
    expect(parseJsonExact('[true, false, null, {}, [], ""]')).toEqual([
      true,
      false,
      null,
      {},
      [],
      "",
    ]);
  });

  it("skips a UTF-8 byte order mark", () => {
    expect(parseJsonExact(new Uint8Array([0xef, 0xbb, 0xbf, 0x5b, 0x31, 0x5d]))).toEqual([
      1,
    ]);
  });

  it("skips a byte order mark split across chunks", () => {
    expect(parseInChunks("\uFEFF[1]", 1)).toEqual([[1]]);
    expect(parseInChunks("\uFEFF[1]", 2)).toEqual([[1]]);
  });
});

describe("JsonStreamParser chunking", () => {
  const text =
    '{"id": "ab\\"c", "n": 12345678901234567890, "list": [true, null, -1.25e2, "漢"]}\n[1]';

  it("gives the same result for every chunk size", () => {
    const expected = [
      { id: 'ab"c', n: 12345678901234567890n, list: [true, null, -125, "漢"] },
      [1],
    ];
    for (let chunkBytes = 1; chunkBytes <= 16; chunkBytes++) {
      expect(parseInChunks(text, chunkBytes)).toEqual(expected);
    }
  });

  it("streams chosen containers without keeping them", () => {
    const seen: [PathSegment[], JsonValue][] = [];
    let root: JsonValue = null;
    const parser = new JsonStreamParser({
      isStreamed: (path, isArray) => isArray && path.length === 1 && path[0] === "spans",
      onValue: (path, value) => {
        if (path.length === 0) root = value;
        else seen.push([[...path], value]);
      },
    });
    parser.write(new TextEncoder().encode('{"spans": [{"a": 1}, 2], "x": 3}'));
    parser.end();
    expect(seen).toEqual([
      [["spans", 0], { a: 1 }],
      [["spans", 1], 2],
    ]);
    expect(root).toEqual({ spans: [], x: 3 });
  });
});

describe("JsonStreamParser errors", () => {
  it("rejects text that is not JSON", () => {
    const error = syntaxError("hello");
    expect(error.byteOffset).toBe(0);
    expect(error.message).toBe(
      "Invalid JSON at byte 0 ($): expected a JSON value but found 'h'",
    );
  });

  it("reports truncation with the open path", () => {
    const error = syntaxError('{"resourceSpans": [{"scopeSpans": [');
    expect(error.message).toContain("unexpected end of input with 4 unclosed containers");
    expect(error.jsonPath).toBe("$.resourceSpans[0].scopeSpans[0]");
    expect(error.byteOffset).toBe(35);
  });

  it("reports an unterminated string", () => {
    const error = syntaxError('["abc');
    expect(error.message).toContain("unterminated string");
    expect(error.byteOffset).toBe(1);
  });

  it("names the path of a missing comma", () => {
    const error = syntaxError('{"a": [1 2]}');
    expect(error.message).toBe(
      "Invalid JSON at byte 9 ($.a[0]): expected ',' or ']' but found '2'",
    );
  });

  it("rejects 100,000 nested arrays without overflow", () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const error = syntaxError(deep);
    expect(error.message).toContain("nesting is deeper than the limit of 256 levels");
    expect(error.byteOffset).toBe(256);
  });

  it("rejects invalid numbers and literals", () => {
    expect(syntaxError("[01]").message).toContain('"01" is not a valid JSON number');
    expect(syntaxError("[tru]").message).toContain('"tru]" is not a JSON value');
    expect(syntaxError("[1.]").message).toContain('"1." is not a valid JSON number');
  });

  it("rejects raw control characters in strings", () => {
    expect(syntaxError('["a\tb"]').message).toContain(
      "control character 0x9 inside a string",
    );
  });

  it("rejects empty input", () => {
    expect(syntaxError("  ").message).toContain("the input contains no JSON value");
  });

  it("rejects invalid UTF-8", () => {
    const bytes = new Uint8Array([0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d]);
    expect(() => parseJsonExact(bytes)).toThrow("a string is not valid UTF-8");
  });
});
