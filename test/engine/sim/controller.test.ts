import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../src/engine/sim/controller.ts";
import { singleService } from "./scenarios.ts";

function scenario() {
  return singleService({
    ratePerSecond: 100,
    arrival: "constant",
    concurrency: 2,
    serviceTime: { kind: "constant", value: 1 },
    durationMs: 60_000,
  });
}

describe("Simulation driver", () => {
  it("advances by wall time times the speed", () => {
    const sim = createSimulation(scenario());
    expect(sim.tick(100)).toBe(0);
    expect(sim.state).toBe("idle");

    sim.setSpeed(60);
    sim.start(1000);
    sim.tick(1100);
    expect(sim.nowMs).toBe(6000);
    expect(sim.state).toBe("running");

    sim.pause();
    sim.tick(5000);
    expect(sim.nowMs).toBe(6000);
    expect(sim.snapshot().state).toBe("paused");

    // Wall time spent paused does not count after a restart.
    sim.start(9000);
    sim.setSpeed(1);
    sim.tick(9500);
    expect(sim.nowMs).toBe(6500);
  });

  it("runs as fast as possible within an event budget", () => {
    const sim = createSimulation(scenario());
    sim.setSpeed(Number.POSITIVE_INFINITY);
    sim.start(0);
    const processed = sim.tick(0, 1000);
    expect(processed).toBe(1000);
    expect(sim.nowMs).toBeGreaterThan(0);
    expect(sim.nowMs).toBeLessThan(60_000);

    while (sim.state === "running") sim.tick(0, 100_000);
    expect(sim.state).toBe("finished");
    expect(sim.nowMs).toBe(60_000);
    expect(sim.snapshot()).toMatchObject({
      state: "finished",
      nowMs: 60_000,
      durationMs: 60_000,
    });
    expect(sim.tick(1)).toBe(0);
  });

  it("rejects an invalid speed", () => {
    const sim = createSimulation(scenario());
    expect(() => sim.setSpeed(0)).toThrow(
      "speed 0 is invalid; use a positive multiplier such as 1 or 60, or Infinity",
    );
    expect(() => sim.setSpeed(Number.NaN)).toThrow(/speed NaN is invalid/);
  });

  it("numbers snapshots and lists every scope", () => {
    const sim = createSimulation(scenario());
    sim.step(20_000);
    const first = sim.snapshot();
    const second = sim.snapshot();

    expect(second.seq).toBe(first.seq + 1);
    expect(first.scopes.map((scope) => [scope.kind, scope.id])).toEqual([
      ["all", "all"],
      ["route", "jobs->worker"],
      ["service", "worker"],
    ]);
    expect(first.services).toEqual([
      { name: "worker", queueLength: 0, inFlight: 0, lag: 0, concurrency: 2, faults: [] },
    ]);
    // Arrivals at 10, 20, ..., 19990 ms, each done 1 ms later.
    expect(first.totals).toEqual({
      published: 1999,
      delivered: 1999,
      deadLettered: 0,
      retries: 0,
      failedAttempts: 0,
    });
    // Two significant digits hold 1000 us to within 4 us.
    expect(first.scopes[0].windows["1m"]).toMatchObject({
      count: 1999,
      p50: expect.closeTo(1, 2),
      max: expect.closeTo(1, 2),
      deadLetterRatio: 0,
    });
  });
});

describe("Simulation without an end", () => {
  it("keeps the clock finite when nothing is left to run", () => {
    const sim = createSimulation(scenario(), { durationMs: Number.POSITIVE_INFINITY });
    sim.setSpeed(Number.POSITIVE_INFINITY);
    sim.start(0);
    sim.tick(0, 5000);
    sim.setProducerRate("source", 0);
    for (let i = 0; i < 5; i++) sim.tick(0, 5000);
    const stoppedAt = sim.nowMs;

    expect(Number.isFinite(stoppedAt)).toBe(true);
    expect(sim.tick(0, 5000)).toBe(0);
    expect(sim.nowMs).toBe(stoppedAt);
    expect(sim.snapshot().state).toBe("running");
  });
});
