import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../src/engine/sim/controller.ts";
import { singleService } from "./scenarios.ts";

/** Runs one event a second for 20 s with one attempt that always fails, so every event is dead-lettered. */
function failingRun(sampleRate: number) {
  const scenario = singleService({
    seed: 11,
    ratePerSecond: 1,
    arrival: "constant",
    concurrency: 1,
    serviceTime: { kind: "constant", value: 5 },
    failure: 1,
    retry: { maxAttempts: 1, initialBackoffMs: 10, multiplier: 2, jitter: 0 },
    durationMs: 20_500,
    sampleRate,
  });
  const sim = createSimulation(scenario);
  sim.runToEnd();
  return sim;
}

describe("dead-letter tracing flag", () => {
  it("marks entries traced when every chain is sampled", () => {
    const { entries, total } = failingRun(1).deadLetters({}, 0, 100);

    expect(total).toBe(20);
    expect(entries.filter((entry) => entry.traced)).toHaveLength(20);
  });

  it("marks entries untraced when no chain is sampled", () => {
    const { entries, total } = failingRun(0).deadLetters({}, 0, 100);

    expect(total).toBe(20);
    expect(entries.filter((entry) => entry.traced)).toHaveLength(0);
  });

  it("agrees with the trace store at half sampling", () => {
    const sim = failingRun(0.5);
    const { entries } = sim.deadLetters({}, 0, 100);
    const tracedIds = entries
      .filter((entry) => entry.traced)
      .map((entry) => entry.eventId);
    const storedIds = entries
      .filter((entry) => sim.trace(entry.eventId) !== undefined)
      .map((entry) => entry.eventId);

    expect(tracedIds).toEqual(storedIds);
    expect(tracedIds.length).toBeGreaterThan(0);
    expect(tracedIds.length).toBeLessThan(20);
  });

  it("filters entries by the traced flag", () => {
    const sim = failingRun(0.5);
    const traced = sim.deadLetters({ traced: true }, 0, 100);
    const untraced = sim.deadLetters({ traced: false }, 0, 100);

    expect(traced.total + untraced.total).toBe(20);
    expect(traced.entries.every((entry) => entry.traced)).toBe(true);
    expect(untraced.entries.every((entry) => !entry.traced)).toBe(true);
  });
});
