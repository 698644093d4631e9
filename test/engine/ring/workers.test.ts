import { describe, expect, it } from "vitest";
import type { ProcessorSpec, WaitStrategyName } from "../../../src/engine/ring/index.ts";
import { Random } from "../../../src/engine/sim/random.ts";
import { runWorkerCheck } from "./runWorkerCheck.ts";

const PARALLEL_THEN_DEPENDENT: ProcessorSpec[] = [
  { name: "journal" },
  { name: "metrics" },
  { name: "router" },
  { name: "audit", after: ["journal", "metrics", "router"] },
];

const DIAMOND: ProcessorSpec[] = [
  { name: "decode" },
  { name: "enrich", after: ["decode"] },
  { name: "score", after: ["decode"] },
  { name: "publish", after: ["enrich", "score"] },
];

describe("ring across worker_threads", () => {
  it("delivers 4 x 2,500,000 events exactly once", { timeout: 180_000 }, async () => {
    const run = await runWorkerCheck({
      bufferSize: 1024,
      producerMode: "multi",
      producers: 4,
      eventsPerProducer: 2_500_000,
      processors: PARALLEL_THEN_DEPENDENT,
      maxBatch: 32,
      seed: 7,
      waitStrategy: "blocking",
      timeoutMs: 170_000,
    });
    expect(run.verdict.problems).toEqual([]);
    expect(run.verdict.published).toBe(10_000_000);
    expect(run.endState).toBe("draining");
    for (const processor of run.processors) {
      expect(processor.handled, processor.name).toBe(10_000_000);
      expect(processor.perProducer.slice(0, 4), processor.name).toEqual([
        2_500_000, 2_500_000, 2_500_000, 2_500_000,
      ]);
    }
    expect(run.stats.published).toBe(10_000_000);
    expect(run.stats.processors.map((processor) => processor.status)).toEqual([
      "done",
      "done",
      "done",
      "done",
    ]);
    expect(run.stats.occupancy).toBe(0);
  });

  it("runs a diamond across workers", { timeout: 60_000 }, async () => {
    const run = await runWorkerCheck({
      bufferSize: 64,
      producerMode: "multi",
      producers: 2,
      eventsPerProducer: 100_000,
      processors: DIAMOND,
      maxBatch: 16,
      seed: 11,
      waitStrategy: "blocking",
      timeoutMs: 50_000,
    });
    expect(run.verdict.problems).toEqual([]);
    expect(run.verdict.published).toBe(200_000);
  });

  it.each([
    ["single", 2_147_483_647 - 50_000],
    ["multi", 2_147_483_647 - 50_000],
    ["multi", -50_000],
  ] as const)(
    "%s producer crosses the wrap from %i",
    { timeout: 60_000 },
    async (mode, start) => {
      const producers = mode === "single" ? 1 : 2;
      const run = await runWorkerCheck({
        bufferSize: 256,
        producerMode: mode,
        producers,
        eventsPerProducer: 100_000,
        processors: [{ name: "first" }, { name: "second", after: ["first"] }],
        maxBatch: 64,
        seed: 3,
        waitStrategy: "blocking",
        initialSequence: start,
        timeoutMs: 50_000,
      });
      expect(run.verdict.problems).toEqual([]);
      expect(run.stats.cursor).toBe((start + producers * 100_000) | 0);
      expect(run.stats.processors[1].sequence).toBe((start + producers * 100_000) | 0);
    },
  );

  it.each(["busy-spin", "yielding", "blocking"] as const)(
    "%s wait strategy delivers exactly once",
    { timeout: 60_000 },
    async (waitStrategy) => {
      const run = await runWorkerCheck({
        bufferSize: 128,
        producerMode: "single",
        producers: 1,
        eventsPerProducer: 200_000,
        processors: [{ name: "only" }],
        maxBatch: 32,
        seed: 5,
        waitStrategy,
        timeoutMs: 50_000,
      });
      expect(run.verdict.problems).toEqual([]);
      expect(run.verdict.published).toBe(200_000);
    },
  );
});

const FUZZ_GRAPHS: ProcessorSpec[][] = [
  [{ name: "solo" }],
  PARALLEL_THEN_DEPENDENT,
  DIAMOND,
  [{ name: "a" }, { name: "b", after: ["a"] }, { name: "c", after: ["b"] }],
];
const FUZZ_STRATEGIES: WaitStrategyName[] = ["blocking", "yielding"];

describe("seeded fuzz across worker_threads", () => {
  const seeds = [101, 102, 103, 104, 105, 106];
  it.each(seeds)("case %i delivers exactly once", { timeout: 60_000 }, async (seed) => {
    const random = new Random(seed);
    // The first case always takes the smallest ring.
    const bufferSize = seed === seeds[0] ? 2 : 2 ** (1 + random.nextInt(8));
    const producerMode = random.nextInt(3) === 0 ? "single" : "multi";
    const options = {
      bufferSize,
      producerMode,
      producers: producerMode === "single" ? 1 : 1 + random.nextInt(3),
      eventsPerProducer: 20_000 + random.nextInt(30_000),
      processors: FUZZ_GRAPHS[random.nextInt(FUZZ_GRAPHS.length)],
      maxBatch: 1 + random.nextInt(bufferSize),
      maxBatchSize: 1 + random.nextInt(bufferSize),
      seed,
      waitStrategy: FUZZ_STRATEGIES[random.nextInt(FUZZ_STRATEGIES.length)],
      initialSequence:
        random.nextInt(2) === 0 ? -1 : 2_147_483_647 - random.nextInt(40_000),
      timeoutMs: 50_000,
    } as const;
    const run = await runWorkerCheck(options);
    expect(run.verdict.problems, JSON.stringify(options)).toEqual([]);
    expect(run.endState).toBe("draining");
  });
});
