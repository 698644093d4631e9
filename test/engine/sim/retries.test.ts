import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../src/engine/sim/controller.ts";
import { singleService } from "./scenarios.ts";

describe("retries and dead letters", () => {
  it("dead-letters a fraction p^m of deliveries", () => {
    const p = 0.3;
    const m = 3;
    const scenario = singleService({
      seed: 3,
      ratePerSecond: 1000,
      concurrency: 64,
      serviceTime: { kind: "constant", value: 1 },
      failure: p,
      retry: { maxAttempts: m, initialBackoffMs: 10, multiplier: 2, jitter: 0.2 },
      durationMs: 200_000,
    });
    const sim = createSimulation(scenario);
    sim.runToEnd();
    const { totals } = sim.exportMetrics();
    const completed = totals.delivered + totals.deadLettered;
    const expected = p ** m;
    // Four binomial standard deviations: about 1 in 16,000 for a correct model.
    const bound = 4 * Math.sqrt((expected * (1 - expected)) / completed);

    expect(completed).toBeGreaterThan(195_000);
    expect(Math.abs(totals.deadLettered / completed - expected)).toBeLessThan(bound);
    // Every failed attempt but the last of a dead-lettered delivery is retried.
    expect(totals.retries).toBe(totals.failedAttempts - totals.deadLettered);
  });

  it("backs off exponentially before each retry", () => {
    const scenario = singleService({
      ratePerSecond: 1,
      arrival: "constant",
      concurrency: 1,
      serviceTime: { kind: "constant", value: 5 },
      failure: 1,
      retry: { maxAttempts: 3, initialBackoffMs: 100, multiplier: 2, jitter: 0 },
      durationMs: 1500,
      sampleRate: 1,
    });
    const sim = createSimulation(scenario);
    sim.runToEnd();
    const trace = sim.trace(1);
    const hops = trace?.hops.map((hop) => [
      hop.kind,
      hop.startMs,
      hop.endMs,
      hop.outcome ?? "",
    ]);

    expect(hops).toEqual([
      ["publish", 1000, 1000, ""],
      ["queue", 1000, 1000, ""],
      ["attempt", 1000, 1005, "error"],
      ["backoff", 1005, 1105, ""],
      ["queue", 1105, 1105, ""],
      ["attempt", 1105, 1110, "error"],
      ["backoff", 1110, 1310, ""],
      ["queue", 1310, 1310, ""],
      ["attempt", 1310, 1315, "error"],
      ["deadLetter", 1315, 1315, "error"],
    ]);
    const page = sim.deadLetters();
    expect(page.total).toBe(1);
    expect(page.entries[0]).toMatchObject({
      eventId: 1,
      key: expect.stringMatching(/^jobId:\d+$/),
      queue: "jobs.dlq",
      route: "jobs->worker",
      attempts: 3,
      lastError: "error",
      deadLetteredAtMs: 1315,
      publishedAtMs: 1000,
    });
  });

  it("fails attempts that exceed the timeout", () => {
    const scenario = singleService({
      ratePerSecond: 1,
      arrival: "constant",
      concurrency: 1,
      serviceTime: { kind: "constant", value: 50 },
      timeoutMs: 20,
      durationMs: 1100,
      sampleRate: 1,
    });
    const sim = createSimulation(scenario);
    sim.runToEnd();
    const attempt = sim.trace(1)?.hops.find((hop) => hop.kind === "attempt");

    expect(attempt).toMatchObject({ startMs: 1000, endMs: 1020, outcome: "timeout" });
    expect(sim.deadLetters().entries[0].lastError).toBe("timeout");
  });

  it("dead-letters at once when the queue is full", () => {
    const scenario = singleService({
      ratePerSecond: 1000,
      arrival: "constant",
      concurrency: 1,
      serviceTime: { kind: "constant", value: 10 },
      durationMs: 1000,
    });
    scenario.services[0].maxQueue = 5;
    const sim = createSimulation(scenario);
    sim.runToEnd();
    const errors = new Set(
      sim.deadLetters({}, 0, 1000).entries.map((entry) => entry.lastError),
    );

    expect(sim.core.services[0].queue.length).toBeLessThanOrEqual(5);
    expect(errors).toEqual(new Set(["queue full"]));
    expect(sim.exportMetrics().totals.deadLettered).toBeGreaterThan(800);
  });
});

describe("redrive", () => {
  it("sends dead letters back to their route", () => {
    const scenario = singleService({
      ratePerSecond: 100,
      arrival: "constant",
      concurrency: 4,
      serviceTime: { kind: "constant", value: 1 },
      durationMs: 20_000,
      sampleRate: 1,
    });
    const sim = createSimulation(scenario);
    sim.step(5000);
    sim.injectFault("worker", { kind: "errors", value: 1 });
    sim.step(6000);
    sim.clearFaults("worker");
    sim.step(7000);
    const before = sim.snapshot();
    const queueBefore = before.deadLetterQueues.find(
      (queue) => queue.name === "jobs.dlq",
    );

    // Arrivals at 5000, 5010, ..., 5990 all failed.
    expect(queueBefore).toMatchObject({ size: 100, total: 100, redriven: 0 });

    const selected = sim.deadLetters({}, 0, 10).entries.map((entry) => entry.id);
    expect(sim.redrive({ ids: selected })).toBe(10);
    expect(sim.redrive({ all: true, filter: { error: "error" } })).toBe(90);
    expect(sim.redrive({ all: true })).toBe(0);
    sim.step(8000);
    const after = sim.snapshot();

    expect(
      after.deadLetterQueues.find((queue) => queue.name === "jobs.dlq"),
    ).toMatchObject({
      size: 0,
      total: 100,
      redriven: 100,
    });
    expect(after.totals.delivered - before.totals.delivered).toBe(100 + 100);
    // Event n arrives at 10n ms; the ten newest (590 to 599) were redriven
    // first, oldest first, so event 590 started at once.
    const redrivenTrace = sim.trace(590);
    expect(redrivenTrace?.hops.map((hop) => hop.kind)).toEqual([
      "publish",
      "queue",
      "attempt",
      "deadLetter",
      "redrive",
      "queue",
      "attempt",
    ]);
    expect(redrivenTrace?.hops.at(-1)).toMatchObject({
      outcome: "ok",
      startMs: 7000,
      endMs: 7001,
    });
  });

  it("filters dead letters by key, time and queue", () => {
    const scenario = singleService({
      ratePerSecond: 10,
      arrival: "constant",
      concurrency: 1,
      serviceTime: { kind: "constant", value: 1 },
      failure: 1,
      durationMs: 10_000,
    });
    const sim = createSimulation(scenario);
    sim.runToEnd();
    const all = sim.deadLetters({}, 0, 1000);
    const key = all.entries[0].key;

    expect(all.total).toBe(99);
    expect(all.entries[0].deadLetteredAtMs).toBeGreaterThan(
      all.entries[1].deadLetteredAtMs,
    );
    expect(
      sim.deadLetters({ key }).entries.every((entry) => entry.key.includes(key)),
    ).toBe(true);
    expect(sim.deadLetters({ fromMs: 5000, toMs: 6000 }).total).toBe(10);
    expect(sim.deadLetters({ queue: "other.dlq" }).total).toBe(0);
    expect(sim.deadLetters({}, 90, 100).entries).toHaveLength(9);
  });
});
