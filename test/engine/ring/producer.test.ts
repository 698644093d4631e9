import { describe, expect, it } from "vitest";
import {
  EVENT_SCHEMA,
  type EventHandler,
  type RecordAccess,
  Ring,
} from "../../../src/engine/ring/index.ts";

const F = EVENT_SCHEMA.fields;
type EventFields = typeof EVENT_SCHEMA.spec;

function collector(into: number[]): EventHandler<EventFields> {
  return {
    onEvent(records, sequence) {
      into.push(records.getI32(sequence, F.producerSeq));
    },
  };
}

function writeCount(count: number) {
  return (records: RecordAccess<EventFields>, sequence: number, index: number) => {
    records.setI32(sequence, F.producerSeq, count + index);
  };
}

function makeRing(
  producers: "single" | "multi",
  bufferSize: number,
  initialSequence?: number,
) {
  return Ring.create({
    schema: EVENT_SCHEMA,
    bufferSize,
    producers,
    processors: [{ name: "only" }],
    initialSequence,
  });
}

describe.each(["single", "multi"] as const)("%s-producer sequencer", (mode) => {
  it("fails fast on a full ring and counts stalls", () => {
    const ring = makeRing(mode, 8);
    const producer = ring.createProducer();
    for (let i = 0; i < 8; i++) expect(producer.tryPublish(writeCount(i))).toBe(true);
    expect(producer.tryPublish(writeCount(8))).toBe(false);
    expect(producer.tryPublish(writeCount(8))).toBe(false);
    const stats = ring.stats();
    expect(stats.stalls).toBe(2);
    expect(stats.published).toBe(8);
    expect(stats.occupancy).toBe(8);
  });

  it("never overwrites an unhandled event", () => {
    const ring = makeRing(mode, 4);
    const producer = ring.createProducer();
    const seen: number[] = [];
    const processor = ring.createProcessor("only", collector(seen));
    let count = 0;
    while (count < 4) if (producer.tryPublish(writeCount(count))) count++;
    expect(producer.tryPublish(writeCount(99))).toBe(false);
    expect(processor.poll()).toBe(4);
    while (count < 10) {
      if (producer.tryPublish(writeCount(count))) count++;
      else processor.poll();
    }
    processor.poll();
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("claims and publishes batches", () => {
    const ring = makeRing(mode, 8);
    const producer = ring.createProducer();
    const seen: number[] = [];
    const processor = ring.createProcessor("only", collector(seen));
    expect(producer.tryPublishBatch(5, writeCount(0))).toBe(true);
    expect(producer.tryPublishBatch(4, writeCount(5))).toBe(false);
    expect(producer.tryNext(3)).toBe(true);
    expect([producer.claimedFirst, producer.claimedLast]).toEqual([5, 7]);
    for (let s = producer.claimedFirst; s <= producer.claimedLast; s++) {
      producer.records.setI32(s, F.producerSeq, s);
    }
    producer.publishClaimed();
    expect(processor.poll()).toBe(8);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(ring.stats().producers[0].publishCalls).toBe(2);
  });

  it("rejects a claim before the last is published", () => {
    const producer = makeRing(mode, 8).createProducer();
    expect(producer.tryNext(2)).toBe(true);
    expect(() => producer.tryNext(1)).toThrow(/still holds unpublished sequences 0..1/);
    producer.publishClaimed();
    expect(producer.tryNext(1)).toBe(true);
  });

  it("rejects claims larger than the ring", () => {
    const producer = makeRing(mode, 8).createProducer();
    expect(() => producer.tryNext(9)).toThrow(
      /Claim size 9 must be an integer from 1 to the ring size 8/,
    );
    expect(() => producer.next(0)).toThrow(RangeError);
  });

  it.each([
    ["int32 overflow", 2_147_483_647 - 20],
    ["unsigned wrap", -21],
  ])("crosses the %s wrap point", (_label, initial) => {
    const ring = makeRing(mode, 8, initial);
    const producer = ring.createProducer();
    const seen: number[] = [];
    const processor = ring.createProcessor("only", collector(seen));
    let count = 0;
    while (count < 100) {
      if (producer.tryPublishBatch(3, writeCount(count))) count += 3;
      else processor.poll();
    }
    while (processor.poll() > 0);
    expect(seen).toEqual(Array.from({ length: 102 }, (_, i) => i).slice(0, count));
    expect(ring.sequenceOf("only")).toBe((initial + count) | 0);
    expect(ring.stats().processors[0].handled).toBe(count);
  });

  it.each([
    ["slot", 3],
    ["int32 overflow", 2_147_483_647 - 4],
  ])("claims one batch across the %s wrap", (_label, initial) => {
    const ring = makeRing(mode, 8, initial);
    const producer = ring.createProducer();
    const seen: number[] = [];
    const processor = ring.createProcessor("only", collector(seen));
    // After one event, a claim of 6 starts at slot 5 and runs through 5, 6, 7, 0, 1, 2.
    expect(producer.tryPublishBatch(1, writeCount(-1))).toBe(true);
    expect(processor.poll()).toBe(1);
    expect(producer.tryNext(6)).toBe(true);
    const first = producer.claimedFirst;
    expect(first).toBe((initial + 2) | 0);
    expect(producer.claimedLast).toBe((first + 5) | 0);
    expect(first & ring.mask).toBe(5);
    for (let i = 0; i < 6; i++) {
      producer.records.setI32((first + i) | 0, F.producerSeq, i);
    }
    expect(processor.poll()).toBe(0);
    producer.publishClaimed();
    expect(processor.poll()).toBe(6);
    expect(seen).toEqual([-1, 0, 1, 2, 3, 4, 5]);
    expect(ring.sequenceOf("only")).toBe(producer.claimedLast);
    expect(ring.stats().producers[0].published).toBe(7);
  });

  it("fails fast on a batch larger than the free space", () => {
    const ring = makeRing(mode, 8);
    const producer = ring.createProducer();
    const seen: number[] = [];
    const processor = ring.createProcessor("only", collector(seen));
    expect(producer.tryPublishBatch(5, writeCount(0))).toBe(true);
    // Three slots are free: a claim of 4 takes none of them.
    expect(producer.tryNext(4)).toBe(false);
    expect(ring.cursor()).toBe(4);
    expect(ring.stats().stalls).toBe(1);
    expect(producer.tryNext(3)).toBe(true);
    expect([producer.claimedFirst, producer.claimedLast]).toEqual([5, 7]);
    for (let s = 5; s <= 7; s++) producer.records.setI32(s, F.producerSeq, s);
    producer.publishClaimed();
    expect(producer.tryNext(1)).toBe(false);
    expect(ring.stats().stalls).toBe(2);
    expect(processor.poll()).toBe(8);
    expect(producer.tryNext(8)).toBe(true);
    expect([producer.claimedFirst, producer.claimedLast]).toEqual([8, 15]);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("stamps publish times on sampled sequences", () => {
    const ring = Ring.create({
      schema: EVENT_SCHEMA,
      bufferSize: 16,
      producers: mode,
      processors: [{ name: "only" }],
      latencySampleEvery: 4,
    });
    const producer = ring.createProducer();
    const before = ring.clock.nowMicros();
    producer.tryPublishBatch(8, writeCount(0));
    const after = ring.clock.nowMicros();
    for (const sequence of [0, 4]) {
      const stamped = ring.records.getF64(sequence, F.publishTimeMicros);
      expect(stamped).toBeGreaterThanOrEqual(before);
      expect(stamped).toBeLessThanOrEqual(after);
    }
    for (const sequence of [1, 2, 3, 5, 6, 7]) {
      expect(ring.records.getF64(sequence, F.publishTimeMicros)).toBe(0);
    }
  });

  it("refuses events after shutdown", () => {
    const ring = makeRing(mode, 8);
    const producer = ring.createProducer();
    ring.shutdown();
    expect(producer.isOpen).toBe(false);
    expect(producer.tryPublish(writeCount(0))).toBe(false);
    expect(producer.publish(writeCount(0))).toBe(false);
    expect(() => ring.createProducer()).toThrow(
      /accepts no new producers|already has its producer/,
    );
  });
});

describe("multi-producer availability", () => {
  it("hides a later claim until every earlier one is published", () => {
    const ring = makeRing("multi", 8);
    const first = ring.createProducer();
    const second = ring.createProducer();
    const seen: number[] = [];
    const processor = ring.createProcessor("only", collector(seen));
    expect(first.tryNext(2)).toBe(true);
    expect(second.tryNext(1)).toBe(true);
    expect(second.claimedFirst).toBe(2);
    second.records.setI32(2, F.producerSeq, 102);
    second.publishClaimed();
    expect(processor.poll()).toBe(0);
    first.records.setI32(0, F.producerSeq, 100);
    first.records.setI32(1, F.producerSeq, 101);
    first.publishClaimed();
    expect(processor.poll()).toBe(3);
    expect(seen).toEqual([100, 101, 102]);
  });

  it("keeps producer limits", () => {
    const ring = Ring.create({
      schema: EVENT_SCHEMA,
      bufferSize: 8,
      producers: "multi",
      processors: [{ name: "only" }],
      maxProducers: 2,
    });
    ring.createProducer();
    ring.createProducer();
    expect(() => ring.createProducer()).toThrow(/allows 2 producers/);
  });
});

describe("single-producer limits", () => {
  it("allows exactly one producer", () => {
    const ring = makeRing("single", 8);
    ring.createProducer();
    expect(() => ring.createProducer()).toThrow(/already has its producer/);
  });

  it("publishes the claimed slot when the translator throws", () => {
    const ring = makeRing("single", 8);
    const producer = ring.createProducer();
    expect(() =>
      producer.tryPublish(() => {
        throw new Error("bad input");
      }),
    ).toThrow("bad input");
    expect(ring.cursor()).toBe(0);
    expect(producer.tryPublish(writeCount(1))).toBe(true);
    expect(ring.cursor()).toBe(1);
  });
});
