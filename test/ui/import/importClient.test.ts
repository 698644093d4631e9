import { describe, expect, it } from "vitest";
import {
  describeImportError,
  resolveImportUrl,
} from "../../../src/ui/import/importClient.ts";

describe("resolveImportUrl", () => {
  const page = "http://127.0.0.1:4173/?import=x";

  it("resolves a path on the page's origin", () => {
    expect(resolveImportUrl("/traces/a.json", page).href).toBe(
      "http://127.0.0.1:4173/traces/a.json",
    );
  });

  it("rejects another origin", () => {
    expect(() => resolveImportUrl("https://example.invalid/a.json", page)).toThrow(
      "import=https://example.invalid/a.json is on https://example.invalid, not on this page's origin http://127.0.0.1:4173",
    );
  });

  it("rejects a different port", () => {
    expect(() => resolveImportUrl("http://127.0.0.1:9999/a.json", page)).toThrow(
      "not on this page's origin",
    );
  });
});

describe("describeImportError", () => {
  it("names file, path and offset", () => {
    expect(
      describeImportError({
        code: "invalidId",
        message: "span id is not hex",
        fileName: "t.json",
        jsonPath: "$[3].id",
        byteOffset: 120,
      }),
    ).toBe("span id is not hex (t.json, $[3].id, byte 120)");
  });

  it("leaves out places the message names", () => {
    expect(
      describeImportError({
        code: "invalidJson",
        message:
          "cut.json: Invalid JSON at byte 4949 ($[13].timestamp): unexpected end of input",
        fileName: "cut.json",
        jsonPath: "$[13].timestamp",
        byteOffset: 4949,
      }),
    ).toBe(
      "cut.json: Invalid JSON at byte 4949 ($[13].timestamp): unexpected end of input",
    );
  });

  it("adds only the missing places", () => {
    expect(
      describeImportError({
        code: "invalidId",
        message: "t.json: span id is not hex at $[3].id",
        fileName: "t.json",
        jsonPath: "$[3].id",
        byteOffset: 120,
      }),
    ).toBe("t.json: span id is not hex at $[3].id (byte 120)");
  });

  it("keeps a bare message", () => {
    expect(describeImportError({ code: "tooLarge", message: "too big" })).toBe("too big");
  });
});
