import { describe, expect, it } from "vitest";
import { MetricsRecorder } from "../../../src/engine/metrics/recorder.ts";
import { parkBriefly } from "../../../src/engine/ring/index.ts";
import {
  startTypeScriptWorker,
  workerExit,
} from "../../../src/engine/ring/nodeWorker.ts";
import { createSimulation } from "../../../src/engine/sim/controller.ts";
import { createDirectPipeline } from "../../../src/engine/sim/pipeline.ts";
import {
  createOutcomeRing,
  createRingPipeline,
  OUTCOME_SCHEMA,
  RingOutcomeSink,
} from "../../../src/engine/sim/ring-pipeline.ts";
import { singleService } from "./scenarios.ts";
import type { MetricsWorkerData } from "./workers/metricsWorker.ts";

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
    const direct = createSimulation(scenario(), { pipeline: createDirectPipeline });
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
    // The ring samples every 1024th record's publish-to-handle time.
    expect(first.engineLatency?.count).toBeGreaterThan(50);
    expect(first.engineLatency?.p99Micros).toBeGreaterThanOrEqual(
      first.engineLatency?.p50Micros ?? 0,
    );
    expect(second.totals.delivered).toBeGreaterThan(first.totals.delivered);
    expect(second.seq).toBe(first.seq + 1);
    sim.close();
  });

  it("gives the same figures with the processor on another thread", async () => {
    const direct = createSimulation(scenario(), { pipeline: createDirectPipeline });
    direct.runToEnd();
    const expected = direct.pipeline.recorder;

    // A small ring, so the simulation often waits for the other thread.
    const ring = createOutcomeRing(256);
    const producer = ring.createProducer({ backoff: "spin" });
    const sink = new RingOutcomeSink(producer, parkBriefly);
    const threaded = createSimulation(scenario(), {
      pipeline: (layout, s) => ({
        kind: "ring on a worker thread",
        sink,
        // Unused: the figures live in the worker.
        recorder: new MetricsRecorder(layout, { metrics: s.metrics, alerts: s.alerts }),
        flush: () => sink.publishOpenClaim(),
        close: () => producer.close(),
      }),
    });
    const data: MetricsWorkerData = {
      handle: ring.handle,
      layout: threaded.core.layout,
      settings: { metrics: threaded.scenario.metrics, alerts: threaded.scenario.alerts },
      endMs: threaded.durationMs,
    };
    const worker = startTypeScriptWorker(
      new URL("./workers/metricsWorker.ts", import.meta.url),
      data,
    );
    const message = new Promise<string>((resolve) => worker.once("message", resolve));

    threaded.runToEnd();
    threaded.pipeline.flush();
    threaded.close();
    ring.shutdown();
    const figures = JSON.parse(await message);
    expect(await workerExit(worker)).toBe(0);

    expect(sink.fullRing).toBeGreaterThan(0);
    expect(figures.handled).toBe(sink.published);
    expect(figures.totals).toEqual(expected.totals);
    expect(figures.alerts).toEqual(expected.alertStates());
    expect(figures.scopes).toEqual(
      JSON.parse(
        JSON.stringify(expected.scopeStats(direct.nowMs, { takeHeatmap: false })),
      ),
    );
  });
});
