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
 */
function runSteppedCase(seed: number) {
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

  let open = producers.length;
  while (open > 0) {
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
      state.producer.publishClaimed();
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
      }
    }
  }

  ring.shutdown();
  let running = processors.length;
  while (running > 0) {
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
  };
}

describe("seeded single-thread fuzz", () => {
  it.each(Array.from({ length: 60 }, (_, i) => 1000 + i))(
    "case %i delivers exactly once",
    (seed) => {
      const run = runSteppedCase(seed);
      expect(run.verdict.problems, run.description).toEqual([]);
      expect(run.verdict.ok).toBe(true);
      expect(run.terminated).toBe(true);
    },
  );
});
