/**
 * Queueing theory checks. Runs are sized so that the 15m window contains the
 * whole run (under 14 virtual minutes) and the statistical error of each
 * figure is well inside the tolerance.
 */
import { describe, expect, it } from "vitest";
import { createSimulation } from "../../../src/engine/sim/controller.ts";
import { OUTCOME_DELIVERED, type OutcomeSink } from "../../../src/engine/sim/outcome.ts";
import {
  createDirectPipeline,
  type PipelineFactory,
} from "../../../src/engine/sim/pipeline.ts";
import { singleService } from "./scenarios.ts";

/** Creates a direct pipeline that also sums delivery latencies exactly. */
function summingPipeline() {
  const sums = { latencyMs: 0, delivered: 0 };
  const pipeline: PipelineFactory = (layout, scenario) => {
    const direct = createDirectPipeline(layout, scenario);
    const sink: OutcomeSink = {
      write(kind, timeMs, index, a, b) {
        if (kind === OUTCOME_DELIVERED) {
          sums.latencyMs += a;
          sums.delivered++;
        }
        direct.sink.write(kind, timeMs, index, a, b);
      },
      advanceTo(timeMs) {
        direct.sink.advanceTo(timeMs);
      },
    };
    return { ...direct, kind: "summing", sink };
  };
  return { sums, pipeline };
}

/** Quantile q of the M/M/1 sojourn time, exponential with rate mu - lambda. */
function mm1Quantile(q: number, lambdaPerMs: number, muPerMs: number): number {
  return Math.log(1 / (1 - q)) / (muPerMs - lambdaPerMs);
}

/** Erlang C: probability that an arrival waits, for c servers and offered load a = lambda / mu. */
function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const top = ((term * a) / c) * (c / (c - a));
  return top / (sum + top);
}

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / expected;
}

describe("M/M/1 queue", () => {
  // Runs last 13 virtual minutes: 0.78M deliveries at rho 0.5, 2.5M at 0.8
  // and 5.6M at 0.9, because higher loads correlate consecutive latencies
  // more strongly. Service times keep mean latencies near 1 ms, where the
  // histogram resolves values to within 1%.
  const cases = [
    { rho: 0.5, serviceMeanMs: 0.5 },
    { rho: 0.8, serviceMeanMs: 0.25 },
    { rho: 0.9, serviceMeanMs: 0.125 },
  ];

  for (const { rho, serviceMeanMs } of cases) {
    it(`matches analytical percentiles at rho ${rho}`, () => {
      const muPerMs = 1 / serviceMeanMs;
      const lambdaPerMs = rho * muPerMs;
      const durationMs = 13 * 60_000;
      const scenario = singleService({
        seed: 11,
        ratePerSecond: lambdaPerMs * 1000,
        concurrency: 1,
        serviceTime: { kind: "exponential", mean: serviceMeanMs },
        durationMs,
      });
      const { sums, pipeline } = summingPipeline();
      const sim = createSimulation(scenario, { pipeline });
      sim.runToEnd();
      const stats = sim.exportMetrics().routes["jobs->worker"]["15m"];

      expect(stats.count).toBe(sums.delivered);
      expect(
        relativeError(stats.p50, mm1Quantile(0.5, lambdaPerMs, muPerMs)),
      ).toBeLessThan(0.03);
      expect(
        relativeError(stats.p90, mm1Quantile(0.9, lambdaPerMs, muPerMs)),
      ).toBeLessThan(0.03);
      expect(
        relativeError(stats.p99, mm1Quantile(0.99, lambdaPerMs, muPerMs)),
      ).toBeLessThan(0.03);

      // Little's law: mean number in the system = throughput x mean latency.
      const service = sim.core.services[0];
      const meanInSystem = sim.core.meanLag(service);
      const throughputPerMs = sums.delivered / durationMs;
      const meanLatencyMs = sums.latencyMs / sums.delivered;
      expect(relativeError(meanInSystem, throughputPerMs * meanLatencyMs)).toBeLessThan(
        0.02,
      );
      expect(relativeError(meanInSystem, rho / (1 - rho))).toBeLessThan(0.03);
    });
  }
});

describe("M/M/c queue", () => {
  it("matches Erlang C mean wait with 4 workers", () => {
    const c = 4;
    const muPerMs = 1;
    const lambdaPerMs = 3.2;
    const scenario = singleService({
      seed: 5,
      ratePerSecond: lambdaPerMs * 1000,
      concurrency: c,
      serviceTime: { kind: "exponential", mean: 1 / muPerMs },
      durationMs: 12 * 60_000,
    });
    const sim = createSimulation(scenario);
    sim.runToEnd();
    const service = sim.core.services[0];
    const meanWaitMs = service.queueWaitSumMs / service.attemptsStarted;
    const expectedWaitMs =
      erlangC(c, lambdaPerMs / muPerMs) / (c * muPerMs - lambdaPerMs);

    expect(service.attemptsStarted).toBeGreaterThan(2_000_000);
    expect(relativeError(meanWaitMs, expectedWaitMs)).toBeLessThan(0.03);
  });

  it("computes Erlang C for a known case", () => {
    // c = 2, a = 1: P(wait) = (1/2 * 2) / (1 + 1 + 1) = 1/3.
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
  });
});
