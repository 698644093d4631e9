import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../src/engine/sim/controller.ts";
import {
  createRingPipeline,
  OUTCOME_SCHEMA,
} from "../../../src/engine/sim/ring-pipeline.ts";
import { singleService } from "./scenarios.ts";

function scenario() {
  return singleService({
    seed: 21,
    ratePerSecond: 2000,
    concurrency: 3,
    serviceTime: { kind: "exponential", mean: 1 },
    failure: 0.05,
    retry: { maxAttempts: 2, initialBackoffMs: 20, multiplier: 2, jitter: 0.5 },
    durationMs: 90_000,
  });
}

describe("ring pipeline", () => {
  it("gives the same export as the direct pipeline", () => {
    const direct = createSimulation(scenario());
    direct.runToEnd();
    // 1024 slots: the ring fills every few claims, so draining is exercised.
    const ring = createSimulation(scenario(), {
      pipeline: (layout, s) => createRingPipeline(layout, s, { bufferSize: 1024 }),
    });
    ring.runToEnd();

    expect(JSON.stringify(ring.exportMetrics())).toBe(
      JSON.stringify(direct.exportMetrics()),
    );
    ring.close();
  });

  it("publishes every outcome as a record", () => {
    const pipeline = {
      current: undefined as ReturnType<typeof createRingPipeline> | undefined,
    };
    const sim = createSimulation(scenario(), {
      durationMs: 10_000,
      pipeline: (layout, s) => {
        pipeline.current = createRingPipeline(layout, s, { bufferSize: 512 });
        return pipeline.current;
      },
    });
    sim.runToEnd();
    sim.snapshot();
    const current = pipeline.current!;
    const stats = current.ring.stats();

    expect(OUTCOME_SCHEMA.bytesPerRecord).toBe(40);
    expect(current.outcomes.fullRing).toBeGreaterThan(0);
    expect(stats.published).toBe(current.outcomes.published);
    expect(stats.processors[0]).toMatchObject({
      name: "metrics",
      lag: 0,
      handled: current.outcomes.published,
    });
    sim.close();
    expect(current.ring.state).toBe("halted");
  });

  it("keeps snapshots readable mid-run", () => {
    const sim = createSimulation(scenario(), { pipeline: createRingPipeline });
    sim.step(30_000);
    const first = sim.snapshot();
    sim.step(31_000);
    const second = sim.snapshot();

    expect(first.totals.delivered).toBeGreaterThan(50_000);
    expect(second.totals.delivered).toBeGreaterThan(first.totals.delivered);
    expect(second.seq).toBe(first.seq + 1);
    sim.close();
  });
});
