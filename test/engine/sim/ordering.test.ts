import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../src/engine/sim/controller.ts";
import type { EventTrace } from "../../../src/engine/sim/traces.ts";
import { singleService } from "./scenarios.ts";

/** Builds 1000 events a second onto `partitions` partitions, 4 workers, 10 ms attempts, every event traced. */
function orderedScenario(partitions: number, failure = 0) {
  const scenario = singleService({
    seed: 4,
    ratePerSecond: 1000,
    arrival: "constant",
    concurrency: 4,
    serviceTime: { kind: "constant", value: 10 },
    failure,
    retry: { maxAttempts: 3, initialBackoffMs: 5, multiplier: 1, jitter: 0 },
    durationMs: 400,
    sampleRate: 1,
  });
  scenario.topics[0].partitions = partitions;
  scenario.services[0].ordered = true;
  return scenario;
}

function attemptsOf(trace: EventTrace) {
  return trace.hops.filter((hop) => hop.kind === "attempt");
}

/** Groups traces by the partition in their publish hop, such as `jobs[2]`, oldest first. */
function byPartition(traces: EventTrace[]) {
  const groups = new Map<string, EventTrace[]>();
  for (const trace of [...traces].sort((a, b) => a.eventId - b.eventId)) {
    const partition = trace.hops[0].detail ?? "";
    groups.set(partition, [...(groups.get(partition) ?? []), trace]);
  }
  return groups;
}

describe("ordered services", () => {
  it("handle one partition one delivery at a time", () => {
    const sim = createSimulation(orderedScenario(1));
    sim.step(100);
    const snapshot = sim.snapshot();

    // Arrivals at 1, 2, ..., 99 ms; one attempt of 10 ms at a time.
    expect(snapshot.services[0]).toMatchObject({ inFlight: 1, queueLength: 89, lag: 90 });
    const first = attemptsOf(sim.trace(1)!);
    const second = attemptsOf(sim.trace(2)!);
    expect(first[0]).toMatchObject({ startMs: 1, endMs: 11 });
    expect(second[0]).toMatchObject({ startMs: 11, endMs: 21 });
  });

  it("keep publish order within each partition", () => {
    const sim = createSimulation(orderedScenario(3));
    sim.runToEnd();
    const groups = byPartition(sim.findTraces({ limit: 1000 }));

    expect([...groups.keys()].sort()).toEqual(["jobs[0]", "jobs[1]", "jobs[2]"]);
    for (const traces of groups.values()) {
      const attempts = traces.flatMap(attemptsOf);
      for (let i = 1; i < attempts.length; i++) {
        expect(attempts[i].startMs).toBeGreaterThanOrEqual(attempts[i - 1].endMs);
      }
    }
    // Three partitions keep at most three of the four workers busy.
    expect(sim.snapshot().services[0].inFlight).toBeLessThanOrEqual(3);
  });

  it("hold the partition through retries", () => {
    const sim = createSimulation(orderedScenario(1, 0.5));
    sim.runToEnd();
    const traces = sim.findTraces({ limit: 1000 }).sort((a, b) => a.eventId - b.eventId);
    const retried = traces.find((trace) => attemptsOf(trace).length > 1)!;
    const next = traces[traces.indexOf(retried) + 1];
    const lastAttempt = attemptsOf(retried).at(-1)!;

    expect(attemptsOf(next)[0].startMs).toBeGreaterThanOrEqual(lastAttempt.endMs);
    expect(retried.hops.some((hop) => hop.kind === "backoff")).toBe(true);
  });

  it("let unordered services use every worker", () => {
    const scenario = orderedScenario(1);
    scenario.services[0].ordered = false;
    const sim = createSimulation(scenario);
    sim.step(100);
    expect(sim.snapshot().services[0]).toMatchObject({ inFlight: 4 });
  });
});
