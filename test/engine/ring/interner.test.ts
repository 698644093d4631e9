import { describe, expect, it } from "vitest";
import { StringInterner } from "../../../src/engine/ring/index.ts";

describe("StringInterner", () => {
  it("gives dense ids in first-seen order", () => {
    const table = new StringInterner();
    expect(table.intern("orders")).toBe(0);
    expect(table.intern("payments")).toBe(1);
    expect(table.intern("orders")).toBe(0);
    expect(table.size).toBe(2);
    expect(table.nameOf(1)).toBe("payments");
    expect(table.idOf("missing")).toBe(-1);
  });

  it("copies to another table with the same ids", () => {
    const table = new StringInterner();
    for (const name of ["a", "b", "c"]) table.intern(name);
    const copy = StringInterner.from(table.names());
    table.intern("d");
    copy.addAll(table.namesSince(copy.size));
    expect(copy.names()).toEqual(["a", "b", "c", "d"]);
    expect(copy.idOf("d")).toBe(3);
  });

  it("rejects a copy that disagrees", () => {
    const copy = StringInterner.from(["a", "b"]);
    expect(() => copy.addAll(["a"])).toThrow(/already has id 0; the copy expected id 2/);
  });

  it("rejects an unknown id", () => {
    expect(() => StringInterner.from(["a"]).nameOf(5)).toThrow(
      /No interned string has id 5/,
    );
  });
});
