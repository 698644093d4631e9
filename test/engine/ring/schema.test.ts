import { describe, expect, it } from "vitest";
import {
  defineRecordSchema,
  EVENT_SCHEMA,
  RecordAccess,
} from "../../../src/engine/ring/index.ts";

describe("defineRecordSchema", () => {
  it("puts publish time first, then f64, then 4-byte fields", () => {
    const schema = defineRecordSchema({
      key: "i32",
      amount: "f64",
      bits: "u32",
      ratio: "f32",
    });
    expect(schema.fieldList.map((field) => [field.name, field.byteOffset])).toEqual([
      ["publishTimeMicros", 0],
      ["amount", 8],
      ["key", 16],
      ["bits", 20],
      ["ratio", 24],
    ]);
    expect(schema.bytesPerRecord).toBe(32);
    expect(schema.wordsPerRecord).toBe(8);
    expect(schema.fields.amount.word).toBe(2);
  });

  it("rounds the record size up to 8 bytes", () => {
    const schema = defineRecordSchema({ key: "i32" });
    expect(schema.bytesPerRecord).toBe(16);
  });

  it("lays out the standard event record in 48 bytes", () => {
    expect(EVENT_SCHEMA.bytesPerRecord).toBe(48);
    expect(Object.keys(EVENT_SCHEMA.fields)).toEqual([
      "publishTimeMicros",
      "eventTimeMs",
      "amount",
      "eventType",
      "keyId",
      "routeBits",
      "payloadRef",
      "producerId",
      "producerSeq",
    ]);
  });

  it("rebuilds the same layout from its spec", () => {
    const copy = defineRecordSchema(EVENT_SCHEMA.spec);
    expect(copy.fieldList).toEqual(EVENT_SCHEMA.fieldList);
  });

  it("rejects a declared publish time", () => {
    expect(() => defineRecordSchema({ publishTimeMicros: "f64" })).toThrow(/adds itself/);
  });

  it("rejects an unknown kind", () => {
    expect(() => defineRecordSchema({ key: "i64" as "i32" })).toThrow(
      /"key" has kind "i64"/,
    );
  });

  it("rejects a name that is not an identifier", () => {
    expect(() => defineRecordSchema({ "a-b": "i32" })).toThrow(
      /"a-b" is not an identifier/,
    );
  });
});

describe("RecordAccess", () => {
  const schema = defineRecordSchema({
    amount: "f64",
    key: "i32",
    bits: "u32",
    ratio: "f32",
  });
  const records = new RecordAccess(
    schema,
    new SharedArrayBuffer(4 * schema.bytesPerRecord),
    0,
    4,
  );
  const F = schema.fields;

  it("reads back what it writes per kind", () => {
    records.setF64(1, F.amount, 12.25);
    records.setI32(1, F.key, -7);
    records.setU32(1, F.bits, 0xffff_fff0);
    records.setF32(1, F.ratio, 0.5);
    expect(records.getF64(1, F.amount)).toBe(12.25);
    expect(records.getI32(1, F.key)).toBe(-7);
    expect(records.getU32(1, F.bits)).toBe(0xffff_fff0);
    expect(records.getF32(1, F.ratio)).toBe(0.5);
  });

  it("maps sequences a lap apart to the same slot", () => {
    records.setI32(2, F.key, 42);
    expect(records.getI32(6, F.key)).toBe(42);
    expect(records.getI32(-2, F.key)).toBe(42);
  });

  it("keeps neighbouring records apart", () => {
    records.setF64(0, F.amount, 1);
    records.setF64(3, F.amount, 3);
    records.setI32(0, F.key, 10);
    records.setI32(3, F.key, 30);
    expect(records.getF64(0, F.amount)).toBe(1);
    expect(records.getI32(0, F.key)).toBe(10);
    expect(records.getF64(3, F.amount)).toBe(3);
  });

  it("reads and writes any kind through get and set", () => {
    records.set(0, F.bits, 7);
    records.set(0, F.amount, 2.5);
    expect(records.get(0, F.bits)).toBe(7);
    expect(records.toObject(0)).toMatchObject({ amount: 2.5, bits: 7, key: 10 });
  });

  it("exposes word offsets for raw typed-array access", () => {
    const word = records.wordOf(3);
    expect(records.i32[word + F.key.word]).toBe(30);
    expect(records.f64[(word + F.amount.word) >> 1]).toBe(3);
  });
});
