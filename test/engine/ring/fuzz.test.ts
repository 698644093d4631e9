import { describe, expect, it } from "vitest";
import {
  type ProcessorSpec,
  Ring,
  type RingProducer,
} from "../../../src/engine/ring/index.ts";
import { Random } from "../../../src/engine/sim/random.ts";
import {
  CHECK_SCHEMA,
  type CheckFields,
  CheckHandler,
  type CheckProducerResult,
  verifyCheck,
} from "../../../src/worker/ringCheck/check.ts";

const F = CHECK_SCHEMA.fields;

/** Handler graphs the fuzz draws from; each processor may only follow earlier ones. */
const GRAPHS: ProcessorSpec[][] = [
  [{ name: "solo" }],
  [{ name: "a" }, { name: "b" }, { name: "c" }],
  [{ name: "a" }, { name: "b", after: ["a"] }, { name: "c", after: ["b"] }],
  [
    { name: "a" },
    { name: "b", after: ["a"] },
    { name: "c", after: ["a"] },
    { name: "d", after: ["b", "c"] },
  ],
  [{ name: "j" }, { name: "m" }, { name: "r" }, { name: "dep", after: ["j", "m", "r"] }],
  [{ name: "a" }, { name: "b" }, { name: "late", after: ["a"] }],
];

const START_SEQUENCES = [-1, 2_147_483_647 - 37, -41];

interface SteppedProducer {
  producer: RingProducer<CheckFields>;
  sent: number;
  target: number;
  /** Claimed and written, not yet published. */
  pending: boolean;
  pendingCount: number;
}

/**
 * One seeded run in a single thread: a random scheduler interleaves claims,
 * late publishes (so multi-producer slots are published out of order) and
 * processor polls, then drains the ring and checks the verdict.
 *
 * `breakage` breaks the protocol on purpose, and the fuzz must catch it:
 * "publish-early" publishes each claim at once and writes its records only
 * at the later publish step; "availability-early" (multi-producer) sets the
 * lap of each claimed slot in the availability array at once, as a
 * sequencer that marked slots available before they were written would.
 */
function runSteppedCase(
  seed: number,
  breakage: "none" | "publish-early" | "availability-early" = "none",
) {
  const random = new Random(seed);
  const bufferSize = 2 ** (1 + random.nextInt(6));
  const producerMode = random.nextInt(3) === 0 ? "single" : "multi";
  const producerCount = producerMode === "single" ? 1 : 1 + random.nextInt(4);
  const graph = GRAPHS[random.nextInt(GRAPHS.length)];
  const initialSequence = START_SEQUENCES[random.nextInt(START_SEQUENCES.length)];
  const ring = Ring.create({
    schema: CHECK_SCHEMA,
    bufferSize,
    producers: producerMode,
    processors: graph,
    initialSequence,
  });

  const handlers = graph.map(
    (spec, index) =>
      new CheckHandler(ring, {
        index,
        upstream: (spec.after ?? []).map((name) => ring.processorIndex(name)),
      }),
  );
  const processors = graph.map((spec, index) =>
    ring.createProcessor(spec.name, handlers[index]),
  );
  const producers: SteppedProducer[] = Array.from({ length: producerCount }, () => ({
    producer: ring.createProducer(),
    sent: 0,
    target: 200 + random.nextInt(1500),
    pending: false,
    pendingCount: 0,
  }));

  // A broken sequencer can leave the scheduler without progress, so every
  // loop stops after far more steps than a correct run needs.
  const maxSteps = 1_000_000;
  let steps = 0;
  let open = producers.length;
  while (open > 0 && steps++ < maxSteps) {
    const actor = random.nextInt(producers.length + processors.length);
    if (actor >= producers.length) {
      processors[actor - producers.length].poll();
      continue;
    }
    const state = producers[actor];
    if (state.pending) {
      // Written only now, just before publishing: a processor that read the
      // slot early would see the previous lap's record and report it.
      for (let i = 0; i < state.pendingCount; i++) {
        const sequence = (state.producer.claimedFirst + i) | 0;
        ring.records.setI32(sequence, F.producerId, state.producer.id);
        ring.records.setI32(sequence, F.producerSeq, state.sent + i);
        ring.records.setF64(sequence, F.amount, (state.sent + i) * 0.5);
      }
      if (breakage !== "publish-early") state.producer.publishClaimed();
      state.pending = false;
      state.sent += state.pendingCount;
      if (state.sent === state.target) {
        state.producer.close();
        open--;
      }
    } else if (state.sent < state.target) {
      const n = Math.min(state.target - state.sent, 1 + random.nextInt(bufferSize));
      if (state.producer.tryNext(n)) {
        state.pending = true;
        state.pendingCount = n;
        if (breakage === "publish-early") state.producer.publishClaimed();
        if (breakage === "availability-early") markClaimAvailable(ring, state.producer);
      }
    }
  }

  ring.shutdown();
  let running = processors.length;
  while (running > 0 && steps++ < 2 * maxSteps) {
    running = 0;
    for (const processor of processors) if (processor.poll() >= 0) running++;
  }
  const results: CheckProducerResult[] = producers.map((state) => ({
    producerId: state.producer.id,
    published: state.sent,
    stalls: 0,
    refused: false,
  }));
  return {
    description: `seed ${seed}: ${producerMode} x${producerCount}, ring ${bufferSize}, start ${initialSequence}, ${graph.map((spec) => spec.name).join("/")}`,
    verdict: verifyCheck(
      results,
      handlers.map((handler) => handler.result()),
      graph.length,
    ),
    terminated: ring.isTerminated,
    stalled: steps >= maxSteps,
  };
}

/** Sets the lap of every claimed slot, as a publish would, without publishing. */
function markClaimAvailable(
  ring: Ring<CheckFields>,
  producer: RingProducer<CheckFields>,
) {
  if (!ring.isMultiProducer) return;
  for (let sequence = producer.claimedFirst; ; sequence = (sequence + 1) | 0) {
    ring.availability[sequence & ring.mask] = (sequence >>> ring.indexShift) | 0;
    if (sequence === producer.claimedLast) break;
  }
}

describe("seeded single-thread fuzz", () => {
  it.each(Array.from({ length: 60 }, (_, i) => 1000 + i))(
    "case %i delivers exactly once",
    (seed) => {
      const run = runSteppedCase(seed);
      expect(run.verdict.problems, run.description).toEqual([]);
      expect(run.verdict.ok).toBe(true);
      expect(run.terminated).toBe(true);
      expect(run.stalled).toBe(false);
    },
  );
});

describe("seeded fuzz against a broken sequencer", () => {
  const seeds = Array.from({ length: 20 }, (_, i) => 1000 + i);

  function caughtSeeds(breakage: "publish-early" | "availability-early") {
    return seeds.filter((seed) => {
      const run = runSteppedCase(seed, breakage);
      return run.stalled || run.verdict.problems.length > 0;
    });
  }

  it("catches claims published before they are written", () => {
    expect(caughtSeeds("publish-early")).toEqual(seeds);
  });

  it("catches availability set before the write", () => {
    const multiSeeds = seeds.filter((seed) =>
      runSteppedCase(seed).description.includes("multi"),
    );
    expect(multiSeeds.length).toBeGreaterThan(0);
    expect(caughtSeeds("availability-early")).toEqual(multiSeeds);
  });
});
