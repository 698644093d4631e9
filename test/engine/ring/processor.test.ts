import { afterEach, describe, expect, it, vi } from "vitest";
import {
  EVENT_SCHEMA,
  type EventHandler,
  type ExceptionHandler,
  type RecordAccess,
  Ring,
} from "../../../src/engine/ring/index.ts";

const F = EVENT_SCHEMA.fields;
type EventFields = typeof EVENT_SCHEMA.spec;

function writeCount(count: number) {
  return (records: RecordAccess<EventFields>, sequence: number, index: number) => {
    records.setI32(sequence, F.producerSeq, count + index);
  };
}

function recorder(log: string[], name: string): EventHandler<EventFields> {
  return {
    onEvent(records, sequence) {
      log.push(`${name}${records.getI32(sequence, F.producerSeq)}`);
    },
  };
}

function recorderOfCounts(into: number[]): EventHandler<EventFields> {
  return {
    onEvent(records, sequence) {
      into.push(records.getI32(sequence, F.producerSeq));
    },
  };
}

describe("BatchEventProcessor", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("runs a diamond in dependency order", () => {
    const ring = Ring.create({
      schema: EVENT_SCHEMA,
      bufferSize: 8,
      producers: "single",
      processors: [
        { name: "a" },
        { name: "b", after: ["a"] },
        { name: "c", after: ["a"] },
        { name: "d", after: ["b", "c"] },
      ],
    });
    const producer = ring.createProducer();
    const log: string[] = [];
    const [a, b, c, d] = ["a", "b", "c", "d"].map((name) =>
      ring.createProcessor(name, recorder(log, name)),
    );
    producer.tryPublishBatch(2, writeCount(0));
    expect(d.poll()).toBe(0);
    expect(b.poll()).toBe(0);
    expect(a.poll()).toBe(2);
    expect(b.poll()).toBe(2);
    expect(d.poll()).toBe(0);
    expect(c.poll()).toBe(2);
    expect(d.poll()).toBe(2);
    expect(log).toEqual(["a0", "a1", "b0", "b1", "c0", "c1", "d0", "d1"]);
  });

  it("gates producers on the last stage only", () => {
    const ring = Ring.create({
      schema: EVENT_SCHEMA,
      bufferSize: 4,
      producers: "multi",
      processors: [{ name: "a" }, { name: "b", after: ["a"] }],
    });
    const producer = ring.createProducer();
    const a = ring.createProcessor("a", { onEvent() {} });
    expect(producer.tryPublishBatch(4, writeCount(0))).toBe(true);
    expect(a.poll()).toBe(4);
    expect(producer.tryPublish(writeCount(4))).toBe(false);
    expect(ring.stats().processors.map((processor) => processor.lag)).toEqual([0, 4]);
  });

  it("reports handler errors with the sequence and goes on", () => {
    const ring = Ring.create({
      schema: EVENT_SCHEMA,
      bufferSize: 16,
      producers: "single",
      processors: [{ name: "flaky" }],
    });
    const failures: [string, number, string][] = [];
    const exceptionHandler: ExceptionHandler = {
      handleEventException(error, sequence, processor) {
        failures.push([(error as Error).message, sequence, processor]);
      },
    };
    const handled: number[] = [];
    const processor = ring.createProcessor(
      "flaky",
      {
        onEvent(records, sequence) {
          const count = records.getI32(sequence, F.producerSeq);
          if (count % 3 === 0) throw new Error(`bad ${count}`);
          handled.push(count);
        },
      },
      { exceptionHandler },
    );
    ring.createProducer().tryPublishBatch(10, writeCount(0));
    expect(processor.poll()).toBe(10);
    expect(failures).toEqual([
      ["bad 0", 0, "flaky"],
      ["bad 3", 3, "flaky"],
      ["bad 6", 6, "flaky"],
      ["bad 9", 9, "flaky"],
    ]);
    expect(handled).toEqual([1, 2, 4, 5, 7, 8]);
    expect(ring.stats().processors[0].exceptions).toBe(4);
    expect(ring.sequenceOf("flaky")).toBe(9);
  });

  it("logs handler errors by default", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const ring = Ring.create({
      schema: EVENT_SCHEMA,
      bufferSize: 4,
      producers: "single",
      processors: [{ name: "noisy" }],
    });
    const processor = ring.createProcessor("noisy", {
      onEvent() {
        throw new Error("boom");
      },
    });
    ring.createProducer().tryPublish(writeCount(0));
    processor.poll();
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0][0])).toContain(
      'processor "noisy" failed on sequence 0',
    );
  });

  it("stops when the exception handler throws", () => {
    const ring = Ring.create({
      schema: EVENT_SCHEMA,
      bufferSize: 4,
      producers: "single",
      processors: [{ name: "strict" }],
    });
    const processor = ring.createProcessor(
      "strict",
      {
        onEvent() {
          throw new Error("boom");
        },
      },
      {
        exceptionHandler: {
          handleEventException(error) {
            throw error;
          },
        },
      },
    );
    ring.createProducer().tryPublish(writeCount(0));
    expect(() => processor.poll()).toThrow("boom");
  });

  it("caps batches at maxBatchSize", () => {
    const ring = Ring.create({
      schema: EVENT_SCHEMA,
      bufferSize: 16,
      producers: "single",
      processors: [{ name: "p" }],
    });
    const sizes: number[] = [];
    const processor = ring.createProcessor(
      "p",
      {
        onBatchStart(size) {
          sizes.push(size);
        },
        onEvent() {},
      },
      { maxBatchSize: 4 },
    );
    ring.createProducer().tryPublishBatch(10, writeCount(0));
    while (processor.poll() > 0);
    expect(sizes).toEqual([4, 4, 2]);
    expect(ring.stats().processors[0].maxBatch).toBe(4);
  });

  it("caps multi-producer scans at maxBatchSize", () => {
    const ring = Ring.create({
      schema: EVENT_SCHEMA,
      bufferSize: 16,
      producers: "multi",
      processors: [{ name: "p" }],
    });
    const seen: number[] = [];
    const processor = ring.createProcessor("p", recorderOfCounts(seen), {
      maxBatchSize: 4,
    });
    const early = ring.createProducer();
    const late = ring.createProducer();
    expect(early.tryPublishBatch(6, writeCount(0))).toBe(true);
    // Claimed but unpublished: the scan must stop before sequence 6.
    expect(late.tryNext(2)).toBe(true);
    expect(early.tryPublishBatch(3, writeCount(8))).toBe(true);
    expect(processor.poll()).toBe(4);
    expect(processor.poll()).toBe(2);
    expect(processor.poll()).toBe(0);
    late.records.setI32(6, F.producerSeq, 6);
    late.records.setI32(7, F.producerSeq, 7);
    late.publishClaimed();
    expect(processor.poll()).toBe(4);
    expect(processor.poll()).toBe(1);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("runs each processor once", () => {
    const ring = Ring.create({
      schema: EVENT_SCHEMA,
      bufferSize: 4,
      producers: "single",
      processors: [{ name: "p" }],
    });
    ring.createProcessor("p", { onEvent() {} }).poll();
    expect(() => ring.createProcessor("p", { onEvent() {} }).poll()).toThrow(
      /has already run/,
    );
  });

  it("drains on shutdown once producers close", () => {
    const ring = Ring.create({
      schema: EVENT_SCHEMA,
      bufferSize: 8,
      producers: "multi",
      processors: [{ name: "p" }],
    });
    const producer = ring.createProducer();
    const calls: string[] = [];
    const processor = ring.createProcessor("p", {
      onStart: () => calls.push("start"),
      onEvent: () => calls.push("event"),
      onShutdown: () => calls.push("shutdown"),
    });
    producer.tryPublishBatch(3, writeCount(0));
    ring.shutdown();
    expect(processor.poll()).toBe(3);
    expect(processor.poll()).toBe(0);
    producer.close();
    expect(processor.poll()).toBe(-1);
    expect(processor.isFinished).toBe(true);
    expect(ring.isTerminated).toBe(true);
    expect(calls).toEqual(["start", "event", "event", "event", "shutdown"]);
  });

  it("stops after halt without handling the backlog", () => {
    const ring = Ring.create({
      schema: EVENT_SCHEMA,
      bufferSize: 8,
      producers: "single",
      processors: [{ name: "p" }],
    });
    const processor = ring.createProcessor("p", { onEvent() {} });
    ring.createProducer().tryPublishBatch(3, writeCount(0));
    ring.halt();
    expect(processor.poll()).toBe(-1);
    expect(ring.stats().processors[0].handled).toBe(0);
  });

  it("records publish-to-handle latency of sampled events", () => {
    const ring = Ring.create({
      schema: EVENT_SCHEMA,
      bufferSize: 64,
      producers: "single",
      processors: [{ name: "p" }],
      latencySampleEvery: 8,
    });
    const processor = ring.createProcessor("p", { onEvent() {} });
    const producer = ring.createProducer();
    for (let i = 0; i < 40; i++) producer.tryPublish(writeCount(i));
    processor.poll();
    const summary = processor.summary();
    expect(summary.latency.count).toBe(5);
    expect(ring.stats().processors[0].latencySamples).toBe(5);
    expect(summary.latency.maxMicros).toBeGreaterThan(0);
    expect(summary.latency.p50Micros).toBeLessThanOrEqual(summary.latency.maxMicros);
  });
});

describe("runAsync", () => {
  const originalWaitAsync = Object.getOwnPropertyDescriptor(Atomics, "waitAsync");

  afterEach(() => {
    if (originalWaitAsync) Object.defineProperty(Atomics, "waitAsync", originalWaitAsync);
  });

  async function readAsync(): Promise<number[]> {
    const ring = Ring.create({
      schema: EVENT_SCHEMA,
      bufferSize: 8,
      producers: "multi",
      processors: [{ name: "ui" }],
    });
    const seen: number[] = [];
    const processor = ring.createProcessor("ui", {
      onEvent(records, sequence) {
        seen.push(records.getI32(sequence, F.producerSeq));
      },
    });
    const reading = processor.runAsync({ pollIntervalMs: 1 });
    const producer = ring.createProducer();
    for (let count = 0; count < 50; ) {
      if (producer.tryPublishBatch(5, writeCount(count))) count += 5;
      else await new Promise((resolve) => setTimeout(resolve, 1));
    }
    producer.close();
    ring.shutdown();
    await reading;
    return seen;
  }

  it("reads on the main thread with Atomics.waitAsync", async () => {
    expect(typeof Atomics.waitAsync).toBe("function");
    expect(await readAsync()).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("falls back to polling without Atomics.waitAsync", async () => {
    Object.defineProperty(Atomics, "waitAsync", { value: undefined, configurable: true });
    expect(await readAsync()).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
