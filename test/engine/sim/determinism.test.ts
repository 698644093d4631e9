import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../src/engine/sim/controller.ts";
import { Random } from "../../../src/engine/sim/random.ts";
import type { Scenario } from "../../../src/engine/sim/scenario.ts";
import { loadScenario } from "../../../src/formats/scenario.ts";

const defaultYaml = readFileSync(
  resolve(import.meta.dirname, "../../../scenarios/default.yaml"),
  "utf8",
);

function defaultScenario(seed: number): Scenario {
  const scenario = loadScenario(defaultYaml, "default.yaml");
  return { ...scenario, seed };
}

/** Runs 60 virtual seconds with a fault and a redrive at fixed times, returning the export text. */
function scriptedRun(
  scenario: Scenario,
  advance: (sim: ReturnType<typeof createSimulation>, untilMs: number) => void,
) {
  const sim = createSimulation(scenario, { durationMs: 60_000 });
  advance(sim, 20_000);
  sim.injectFault("payment", { kind: "errors", value: 0.5, durationMs: 15_000 });
  sim.setProducerRate("storefront", 1500);
  advance(sim, 40_000);
  sim.redrive({ all: true, filter: { queue: "payments.dlq" } });
  advance(sim, 60_000);
  return JSON.stringify(sim.exportMetrics());
}

describe("determinism", () => {
  const inOneStep = (sim: ReturnType<typeof createSimulation>, untilMs: number) => {
    sim.step(untilMs);
  };
  const reference = scriptedRun(defaultScenario(42), inOneStep);

  it("gives byte-identical exports for the same seed", () => {
    expect(scriptedRun(defaultScenario(42), inOneStep)).toBe(reference);
  });

  it("does not depend on how the run is sliced", () => {
    // Uneven virtual slices and small event budgets, as a worker at 1x would use.
    const slicer = new Random(99);
    const inSlices = (sim: ReturnType<typeof createSimulation>, untilMs: number) => {
      while (sim.nowMs < untilMs) {
        const target = Math.min(untilMs, sim.nowMs + 1 + slicer.next() * 700);
        sim.step(target, 1 + slicer.nextInt(5000));
      }
    };
    expect(scriptedRun(defaultScenario(42), inSlices)).toBe(reference);
  });

  it("differs for another seed", () => {
    expect(scriptedRun(defaultScenario(43), inOneStep)).not.toBe(reference);
  });

  it("exports the figures the run produced", () => {
    const figures = JSON.parse(reference);
    expect(figures.totals.deadLettered).toBeGreaterThan(0);
    expect(
      figures.deadLetterQueues.find(
        (queue: { name: string }) => queue.name === "payments.dlq",
      ).redriven,
    ).toBeGreaterThan(0);
    expect(Object.keys(figures.routes)).toContain("orders->inventory");
    expect(figures.routes["payments->fulfillment"].endToEnd["1m"].p50).toBeGreaterThan(
      figures.routes["payments->fulfillment"]["1m"].p50,
    );
  });
});
