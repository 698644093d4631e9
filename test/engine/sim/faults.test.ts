import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../src/engine/sim/controller.ts";
import { singleService } from "./scenarios.ts";

/** Builds a traced scenario: one event a second (at 1000, 2000, ... ms), one worker, 100 ms attempts. */
function slowWorker() {
  return singleService({
    ratePerSecond: 1,
    arrival: "constant",
    concurrency: 1,
    serviceTime: { kind: "constant", value: 100 },
    retry: { maxAttempts: 2, initialBackoffMs: 100, multiplier: 2, jitter: 0 },
    durationMs: 10_000,
    sampleRate: 1,
  });
}

function hopsOf(sim: ReturnType<typeof createSimulation>, eventId: number) {
  return sim
    .trace(eventId)
    ?.hops.map((hop) => [hop.kind, hop.startMs, hop.endMs, hop.outcome ?? ""]);
}

describe("faults", () => {
  it("crash fails attempts in flight and holds the queue", () => {
    const sim = createSimulation(slowWorker());
    sim.step(1050);
    const fault = sim.injectFault("worker", { kind: "crash", durationMs: 2000 });
    expect(fault).toEqual({
      service: "worker",
      kind: "crash",
      startedAtMs: 1050,
      endsAtMs: 3050,
    });
    sim.step(3000);
    expect(sim.snapshot().services[0]).toMatchObject({
      queueLength: 2,
      inFlight: 0,
      lag: 2,
    });
    sim.step(4000);

    expect(hopsOf(sim, 1)).toEqual([
      ["publish", 1000, 1000, ""],
      ["queue", 1000, 1000, ""],
      ["attempt", 1000, 1050, "crashed"],
      ["backoff", 1050, 1150, ""],
      ["queue", 1150, 3050, ""],
      ["attempt", 3050, 3150, "ok"],
    ]);
    // Event 2 arrived at 2000 during the crash and waited behind event 1.
    expect(hopsOf(sim, 2)?.slice(1)).toEqual([
      ["queue", 2000, 3150, ""],
      ["attempt", 3150, 3250, "ok"],
    ]);
    expect(sim.snapshot().services[0].faults).toEqual([]);
  });

  it("pause lets the attempt in flight finish", () => {
    const sim = createSimulation(slowWorker());
    sim.step(1050);
    sim.injectFault("worker", { kind: "pause" });
    sim.step(2500);
    expect(sim.snapshot().services[0]).toMatchObject({ queueLength: 1, inFlight: 0 });
    sim.clearFaults("worker");
    sim.step(3000);

    expect(hopsOf(sim, 1)?.at(-1)).toEqual(["attempt", 1000, 1100, "ok"]);
    expect(hopsOf(sim, 2)?.slice(1)).toEqual([
      ["queue", 2000, 2500, ""],
      ["attempt", 2500, 2600, "ok"],
    ]);
  });

  it("slow multiplies service time", () => {
    const sim = createSimulation(slowWorker());
    sim.step(1500);
    sim.injectFault("worker", { kind: "slow", value: 3 });
    sim.step(2500);
    expect(hopsOf(sim, 2)?.at(-1)).toEqual(["attempt", 2000, 2300, "ok"]);
    sim.clearFaults();
    sim.step(3500);
    expect(hopsOf(sim, 3)?.at(-1)).toEqual(["attempt", 3000, 3100, "ok"]);
  });

  it("errors raises the failure probability until it ends", () => {
    const sim = createSimulation(slowWorker());
    sim.step(1500);
    sim.injectFault("worker", { kind: "errors", value: 1, durationMs: 600 });
    sim.step(5000);

    expect(hopsOf(sim, 2)?.filter((hop) => hop[0] === "attempt")).toEqual([
      ["attempt", 2000, 2100, "error"],
      ["attempt", 2200, 2300, "ok"],
    ]);
    expect(hopsOf(sim, 3)?.filter((hop) => hop[0] === "attempt")).toEqual([
      ["attempt", 3000, 3100, "ok"],
    ]);
  });

  it("rejects unknown services and bad values", () => {
    const sim = createSimulation(slowWorker());
    expect(() => sim.injectFault("nope", { kind: "pause" })).toThrow(
      /service "nope" not found; known: worker/,
    );
    expect(() => sim.injectFault("worker", { kind: "slow", value: 0 })).toThrow(
      /factor above 0/,
    );
    expect(() => sim.injectFault("worker", { kind: "errors", value: 2 })).toThrow(
      /from 0 to 1/,
    );
    expect(() => sim.setProducerRate("source", -1)).toThrow(
      /rate -1 for producer "source" is invalid/,
    );
  });
});

describe("producer rate", () => {
  it("applies a new rate from the current time", () => {
    const sim = createSimulation(slowWorker());
    sim.step(3500);
    expect(sim.snapshot().totals.published).toBe(3);
    sim.setProducerRate("source", 0);
    sim.step(6500);
    expect(sim.snapshot().totals.published).toBe(3);
    sim.setProducerRate("source", 2);
    sim.step(7600);
    // Arrivals at 7000 and 7500.
    expect(sim.snapshot().totals.published).toBe(5);
  });
});

describe("dead-letter alerts", () => {
  it("fire and resolve at the evaluation the window implies", () => {
    // 100 events a second; every one from 30 s to 40 s is dead-lettered.
    const scenario = singleService({
      ratePerSecond: 100,
      arrival: "constant",
      concurrency: 4,
      serviceTime: { kind: "constant", value: 1 },
      durationMs: 120_000,
    });
    const sim = createSimulation(scenario);
    sim.step(30_000);
    sim.injectFault("worker", { kind: "errors", value: 1 });
    sim.step(35_000);
    const firing = sim.snapshot().alerts;
    sim.step(40_000);
    sim.clearFaults("worker");
    sim.runToEnd();
    const snapshot = sim.snapshot();

    // First dead letter at 30001 ms, counted at the next 1 s evaluation.
    expect(firing.map((alert) => [alert.id, alert.state, alert.firedAtMs])).toEqual([
      ["dlq:all", "firing", 31_000],
      ["dlq:jobs->worker", "firing", 31_000],
    ]);
    // The 30-40 s slot leaves the 1m window (the current 10 s slot and the
    // five before it) when the slot starting at 90 s opens.
    expect(
      snapshot.alerts.map((alert) => [
        alert.id,
        alert.state,
        alert.firedAtMs,
        alert.resolvedAtMs,
      ]),
    ).toEqual([
      ["dlq:all", "resolved", 31_000, 90_000],
      ["dlq:jobs->worker", "resolved", 31_000, 90_000],
    ]);
    expect(
      snapshot.alertLog?.map((entry) => [entry.scopeId, entry.state, entry.atMs]),
    ).toEqual([
      ["all", "firing", 31_000],
      ["jobs->worker", "firing", 31_000],
      ["all", "resolved", 90_000],
      ["jobs->worker", "resolved", 90_000],
    ]);
    expect(snapshot.deadLetterQueues[0]).toMatchObject({
      name: "jobs.dlq",
      total: 1000,
      size: 1000,
    });
  });

  it("need the minimum volume", () => {
    const scenario = singleService({
      ratePerSecond: 2,
      arrival: "constant",
      concurrency: 1,
      serviceTime: { kind: "constant", value: 1 },
      failure: 1,
      durationMs: 60_000,
    });
    const sim = createSimulation(scenario);
    sim.runToEnd();
    // 100% dead letters, but at most 120 deliveries in the window, below 200.
    expect(sim.snapshot().alerts).toEqual([]);
  });
});
