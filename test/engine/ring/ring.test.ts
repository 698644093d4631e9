import { describe, expect, it } from "vitest";
import { EVENT_SCHEMA, Ring } from "../../../src/engine/ring/index.ts";

const base = {
  schema: EVENT_SCHEMA,
  bufferSize: 8,
  producers: "multi",
  processors: [{ name: "p" }],
} as const;

describe("Ring.create", () => {
  it.each([0, 3, 12, 2 ** 31])("rejects bufferSize %i", (bufferSize) => {
    expect(() => Ring.create({ ...base, bufferSize })).toThrow(
      /must be a power of two from 1 to 2\^30/,
    );
  });

  it("rejects a processor that follows an undeclared one", () => {
    expect(() =>
      Ring.create({ ...base, processors: [{ name: "b", after: ["a"] }, { name: "a" }] }),
    ).toThrow(/"b" runs after "a", which is not declared before it/);
  });

  it("rejects duplicate processor names", () => {
    expect(() =>
      Ring.create({ ...base, processors: [{ name: "a" }, { name: "a" }] }),
    ).toThrow(/declared twice/);
  });

  it("rejects a sampling interval that is not a power of two", () => {
    expect(() => Ring.create({ ...base, latencySampleEvery: 3 })).toThrow(
      /latencySampleEvery 3/,
    );
  });

  it("rejects an unknown producer mode", () => {
    expect(() => Ring.create({ ...base, producers: "many" as "multi" })).toThrow(
      /"many" must be/,
    );
  });

  it("names the known processors for an unknown one", () => {
    const ring = Ring.create(base);
    expect(() => ring.createProcessor("q", { onEvent() {} })).toThrow(
      /no processor "q"; it has p/,
    );
  });
});

describe("Ring.attach", () => {
  it("shares records and sequences through the handle", () => {
    const ring = Ring.create(base);
    const copy = Ring.attach(structuredClone(ring.handle));
    ring.createProducer().tryPublish((records, sequence) => {
      records.setF64(sequence, EVENT_SCHEMA.fields.amount, 4.5);
    });
    expect(copy.cursor()).toBe(0);
    expect(copy.records.getF64(0, EVENT_SCHEMA.fields.amount)).toBe(4.5);
    expect(copy.stats().published).toBe(1);
  });

  it("rejects a buffer that holds no ring", () => {
    const handle = { ...Ring.create(base).handle, buffer: new SharedArrayBuffer(4096) };
    expect(() => Ring.attach(handle)).toThrow(/does not hold a ring/);
  });

  it("rejects a handle whose schema does not match", () => {
    const handle = { ...Ring.create(base).handle, schema: { only: "i32" as const } };
    expect(() => Ring.attach(handle)).toThrow(/does not match its buffer/);
  });
});

describe("Ring.stats", () => {
  it("reports occupancy and lag", () => {
    const ring = Ring.create({ ...base, processors: [{ name: "a" }, { name: "b" }] });
    const producer = ring.createProducer();
    producer.tryPublishBatch(5, () => {});
    ring.createProcessor("a", { onEvent() {} }).poll();
    const stats = ring.stats();
    expect(stats.state).toBe("running");
    expect(stats.cursor).toBe(4);
    expect(stats.occupancy).toBe(5);
    expect(
      stats.processors.map((processor) => [
        processor.name,
        processor.handled,
        processor.lag,
      ]),
    ).toEqual([
      ["a", 5, 0],
      ["b", 0, 5],
    ]);
    expect(stats.processors[0].status).toBe("running");
    expect(stats.processors[1].status).toBe("idle");
  });
});

describe("Ring termination", () => {
  it("waits for processors to stop", () => {
    const ring = Ring.create(base);
    const processor = ring.createProcessor("p", { onEvent() {} });
    expect(ring.awaitTermination(10)).toBe(false);
    ring.halt();
    processor.poll();
    expect(ring.awaitTermination(10)).toBe(true);
  });

  it("falls back to halt when a drain cannot finish", () => {
    const ring = Ring.create(base);
    ring.createProducer();
    // The producer never closes, so the drain cannot complete.
    expect(ring.shutdownAndWait(20)).toBe(false);
    expect(ring.state).toBe("halted");
  });
});
