/**
 * Paths of outcome records from the simulation to the metrics recorder.
 * The direct pipeline calls the recorder in place; the ring pipeline
 * (ring-pipeline.ts) publishes records into the ring buffer and a metrics
 * processor consumes them. Both give the same metrics for the same records.
 */
import { MetricsRecorder } from "../metrics/recorder.ts";
import type { EngineLatency } from "../metrics/snapshot.ts";
import type { OutcomeLayout, OutcomeSink } from "./outcome.ts";
import type { Scenario } from "./scenario.ts";

export interface MetricsPipeline {
  readonly kind: string;
  /** Sink the simulation writes outcomes to. */
  readonly sink: OutcomeSink;
  /** Recorder that contains the metrics; read it only after `flush`. */
  readonly recorder: MetricsRecorder;
  /** Makes every outcome written so far visible in `recorder`. */
  flush(): void;
  /**
   * Wall-clock time from publishing an outcome record to the metrics
   * processor handling it, for pipelines that have one.
   */
  engineLatency?(): EngineLatency;
  /** Releases buffers and processors; the pipeline is unusable afterwards. */
  close(): void;
}

export type PipelineFactory = (
  layout: OutcomeLayout,
  scenario: Scenario,
) => MetricsPipeline;

/** Writes outcomes straight into the recorder on the simulation's thread. */
export function createDirectPipeline(
  layout: OutcomeLayout,
  scenario: Scenario,
): MetricsPipeline {
  const recorder = new MetricsRecorder(layout, {
    metrics: scenario.metrics,
    alerts: scenario.alerts,
  });
  return {
    kind: "direct",
    sink: recorder,
    recorder,
    flush() {},
    close() {},
  };
}
