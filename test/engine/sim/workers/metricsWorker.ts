/**
 * worker_threads entry: runs the "metrics" processor of an outcome ring on
 * its own thread until the ring drains, then posts the recorder's figures.
 */
import { parentPort, workerData } from "node:worker_threads";
import { MetricsRecorder } from "../../../../src/engine/metrics/recorder.ts";
import { Ring, type RingHandle } from "../../../../src/engine/ring/index.ts";
import type { OutcomeLayout } from "../../../../src/engine/sim/outcome.ts";
import {
  createMetricsHandler,
  type OUTCOME_FIELDS,
} from "../../../../src/engine/sim/ring-pipeline.ts";
import type {
  AlertSettings,
  MetricsSettings,
} from "../../../../src/engine/sim/scenario.ts";

export interface MetricsWorkerData {
  handle: RingHandle;
  layout: OutcomeLayout;
  settings: { metrics: MetricsSettings; alerts: AlertSettings };
  endMs: number;
}

const data = workerData as MetricsWorkerData;
const recorder = new MetricsRecorder(data.layout, data.settings);
const ring = Ring.attach(data.handle as RingHandle<typeof OUTCOME_FIELDS>);
const processor = ring.createProcessor("metrics", createMetricsHandler(recorder), {
  waitStrategy: "blocking",
});
processor.run();
recorder.advanceTo(data.endMs);
parentPort?.postMessage(
  JSON.stringify({
    scopes: recorder.scopeStats(data.endMs, { takeHeatmap: false }),
    totals: recorder.totals,
    alerts: recorder.alertStates(),
    handled: processor.summary().handled,
  }),
);
