import { describe, expect, it } from "vitest";
import type { ProcessorSpec, Ring } from "../../../src/engine/ring/index.ts";
import type { CheckFields } from "../../../src/worker/ringCheck/check.ts";
import { runWorkerCheck, startWorkerCheck, waitUntil } from "./runWorkerCheck.ts";

const GRAPH: ProcessorSpec[] = [
  { name: "fast" },
  { name: "slow" },
  { name: "after", after: ["fast", "slow"] },
];

/** A check whose "slow" processor stalls until the gate opens, with producers flooding a small ring. */
function startStalled(producers: number, eventsPerProducer: number, maxBatch: number) {
  const gate = new SharedArrayBuffer(4);
  const check = startWorkerCheck({
    bufferSize: 16,
    producerMode: producers > 1 ? "multi" : "single",
    producers,
    eventsPerProducer,
    processors: GRAPH,
    maxBatch,
    seed: 21,
    waitStrategy: "blocking",
    gated: ["slow"],
    gate,
    timeoutMs: 50_000,
  });
  const openGate = () => {
    Atomics.store(new Int32Array(gate), 0, 1);
    Atomics.notify(new Int32Array(gate), 0);
  };
  return { check, openGate };
}

function everyProducerStalled(ring: Ring<CheckFields>, producers: number): boolean {
  const stats = ring.stats().producers;
  return stats.length === producers && stats.every((producer) => producer.stalls > 0);
}

describe("ring under back-pressure", () => {
  it("holds a full ring while a consumer stalls", { timeout: 60_000 }, async () => {
    const { check, openGate } = startStalled(1, 10_000, 1);
    try {
      const ring = check.ring;
      // With one event per claim, a stalled producer means every slot is taken.
      await waitUntil(() => ring.stats().stalls > 0, 30_000, "the producer stalls");
      const full = ring.stats();
      expect(full.occupancy).toBe(16);
      // The stalled processor took its first batch before waiting on the gate.
      expect(full.published).toBeLessThanOrEqual(16 + 16);
      expect(
        full.processors.find((processor) => processor.name === "slow")?.handled,
      ).toBe(0);

      openGate();
      await check.producerResults;
      ring.shutdown();
      const run = await check.finish();
      expect(run.verdict.problems).toEqual([]);
      expect(run.verdict.published).toBe(10_000);
      expect(run.producers[0].stalls).toBeGreaterThan(0);
    } finally {
      await check.stop();
    }
  });

  it("drains after shutdown with blocked producers", { timeout: 60_000 }, async () => {
    const { check, openGate } = startStalled(3, 100_000, 4);
    try {
      const ring = check.ring;
      await waitUntil(
        () => everyProducerStalled(ring, 3),
        30_000,
        "every producer stalls",
      );
      ring.shutdown();
      // The producers return while the consumer is still stalled: no deadlock.
      const producers = await check.producerResults;
      for (const producer of producers) {
        expect(producer.refused).toBe(true);
        expect(producer.published).toBeLessThan(100_000);
      }
      expect(ring.isTerminated).toBe(false);

      openGate();
      const run = await check.finish();
      expect(run.verdict.problems).toEqual([]);
      expect(run.endState).toBe("draining");
      expect(run.stats.processors.map((processor) => processor.handled)).toEqual([
        run.verdict.published,
        run.verdict.published,
        run.verdict.published,
      ]);
    } finally {
      await check.stop();
    }
  });

  it("halts with blocked producers", { timeout: 60_000 }, async () => {
    const { check, openGate } = startStalled(2, 100_000, 4);
    try {
      const ring = check.ring;
      await waitUntil(
        () => everyProducerStalled(ring, 2),
        30_000,
        "every producer stalls",
      );
      ring.halt();
      const producers = await check.producerResults;
      expect(producers.every((producer) => producer.refused)).toBe(true);

      openGate();
      const processors = await check.processorResults;
      await check.exited;
      expect(ring.state).toBe("halted");
      expect(ring.isTerminated).toBe(true);
      const published = producers.reduce((sum, producer) => sum + producer.published, 0);
      for (const processor of processors) {
        expect(processor.firstErrors, processor.name).toEqual([]);
        expect(processor.handled).toBeLessThanOrEqual(published);
      }
      // The stalled processor was inside its first batch; it finishes that
      // batch and starts no other.
      const slow = processors.find((processor) => processor.name === "slow");
      expect(slow?.summary.batches).toBe(1);
    } finally {
      await check.stop();
    }
  });
});

describe("handler exceptions across workers", () => {
  it("reports each failure and keeps delivering", { timeout: 60_000 }, async () => {
    const run = await runWorkerCheck({
      bufferSize: 64,
      producerMode: "multi",
      producers: 2,
      eventsPerProducer: 50_000,
      processors: GRAPH,
      maxBatch: 16,
      seed: 9,
      waitStrategy: "blocking",
      throwing: ["slow", "after"],
      throwEvery: 1000,
      timeoutMs: 50_000,
    });
    expect(run.verdict.problems).toEqual([]);
    const byName = Object.fromEntries(
      run.processors.map((processor) => [processor.name, processor]),
    );
    // Counts 0, 1000, ..., 49000 of each of the two producers: 100 failures.
    expect(byName.slow.exceptions).toBe(100);
    expect(byName.after.exceptions).toBe(100);
    expect(byName.fast.exceptions).toBe(0);
    expect(byName.slow.misreported).toBe(0);
    expect(byName.after.misreported).toBe(0);
    expect(run.stats.processors.map((processor) => processor.exceptions)).toEqual([
      0, 100, 100,
    ]);
  });
});
