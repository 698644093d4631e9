/**
 * The public simulation API: create a run from a scenario, drive it in
 * slices, control it at runtime, and read snapshots, dead letters and
 * traces. A Worker owns one instance and calls `tick(performance.now())`
 * from a timer; tests and the command line call `step` or `runToEnd`.
 *
 * Runtime controls (rates, faults, redrive) take effect at the current
 * virtual time. A run is reproducible when the same controls are applied at
 * the same virtual times, which holds for scripted runs but not for clicks
 * in a UI running at 1x.
 */
import type { FaultState, Snapshot } from "../metrics/snapshot.ts";
import type { TopologyGraph } from "../topology/model.ts";
import type { DeadLetterFilter, DeadLetterPage } from "./dead-letters.ts";
import {
  createDirectPipeline,
  type MetricsPipeline,
  type PipelineFactory,
} from "./pipeline.ts";
import {
  buildExport,
  buildSnapshot,
  buildTopologyGraph,
  type MetricsExport,
} from "./report.ts";
import { createRingPipeline } from "./ring-pipeline.ts";
import type { Scenario } from "./scenario.ts";
import {
  type FaultRequest,
  type RedriveSelection,
  SimulationCore,
} from "./simulation.ts";
import type { EventTrace, TraceFilter } from "./traces.ts";

export type RunState = Snapshot["state"];

export interface SimulationOptions {
  /** Virtual ms at which the run finishes; the scenario's duration by default, Infinity to run until paused. */
  durationMs?: number;
  /**
   * Outcome path to the metrics. By default the ring pipeline, or the direct
   * pipeline where SharedArrayBuffer is missing (a page that is not
   * cross-origin isolated).
   */
  pipeline?: PipelineFactory;
}

/**
 * Events processed per `tick` at most. An estimate of the cost: 25 to 70 ms
 * for the default scenario, which `bench/sim.ts` measured at 0.7 to 2.5
 * million events per wall second on a shared two-core machine.
 */
export const DEFAULT_TICK_EVENTS = 50_000;

export class Simulation {
  readonly scenario: Scenario;
  readonly durationMs: number;
  readonly core: SimulationCore;
  readonly pipeline: MetricsPipeline;
  private runState: RunState = "idle";
  private speedFactor: number;
  private lastWallMs = Number.NaN;
  private snapshotSeq = 0;

  constructor(scenario: Scenario, options: SimulationOptions = {}) {
    this.scenario = scenario;
    this.durationMs = options.durationMs ?? scenario.durationMs;
    this.speedFactor = scenario.speed;
    this.core = new SimulationCore(scenario);
    this.pipeline = (options.pipeline ?? defaultPipeline())(this.core.layout, scenario);
    this.core.attachSink(this.pipeline.sink);
  }

  get nowMs(): number {
    return this.core.nowMs;
  }

  get state(): RunState {
    return this.runState;
  }

  /** Virtual ms per wall ms; Infinity runs as fast as possible. */
  get speed(): number {
    return this.speedFactor;
  }

  /** Starts or resumes the wall-clock driver; `wallNowMs` is the caller's clock, such as `performance.now()`. */
  start(wallNowMs = 0): void {
    if (this.runState === "finished") return;
    this.runState = "running";
    this.lastWallMs = wallNowMs;
  }

  pause(): void {
    if (this.runState === "running") this.runState = "paused";
  }

  /** Sets virtual ms per wall ms: 1, 60, or Infinity for as fast as possible. Throws for 0, negatives and NaN. */
  setSpeed(speed: number): void {
    if (!(speed > 0))
      throw new Error(
        `speed ${speed} is invalid; use a positive multiplier such as 1 or 60, or Infinity`,
      );
    this.speedFactor = speed;
  }

  /**
   * Advances the run by the wall time since the last call, times the speed
   * (as fast as possible: by up to `maxEvents` events). Returns the events
   * processed. Does nothing unless running. When the event budget runs out
   * before the virtual target, the run falls behind wall time rather than
   * blocking the thread.
   */
  tick(wallNowMs: number, maxEvents = DEFAULT_TICK_EVENTS): number {
    if (this.runState !== "running") return 0;
    const elapsedWallMs = Number.isNaN(this.lastWallMs)
      ? 0
      : Math.max(0, wallNowMs - this.lastWallMs);
    this.lastWallMs = wallNowMs;
    const target = Number.isFinite(this.speedFactor)
      ? Math.min(this.durationMs, this.core.nowMs + elapsedWallMs * this.speedFactor)
      : this.durationMs;
    return this.step(target, maxEvents);
  }

  /**
   * Processes events before `untilVirtualMs` (capped at the run's duration),
   * at most `maxEvents`, whatever the run state. Returns the events processed.
   */
  step(untilVirtualMs: number, maxEvents = Number.POSITIVE_INFINITY): number {
    if (this.runState === "finished") return 0;
    const processed = this.core.step(
      Math.min(untilVirtualMs, this.durationMs),
      maxEvents,
    );
    if (this.core.nowMs >= this.durationMs) this.runState = "finished";
    return processed;
  }

  /** Runs to the duration in slices of `sliceEvents`; for the command line, tests and benchmarks. */
  runToEnd(sliceEvents = 1_000_000): void {
    if (!Number.isFinite(this.durationMs))
      throw new Error("runToEnd needs a finite duration; pass durationMs");
    while (this.runState !== "finished") this.step(this.durationMs, sliceEvents);
  }

  setProducerRate(name: string, ratePerSecond: number): void {
    this.core.setProducerRate(name, ratePerSecond);
  }

  injectFault(service: string, fault: FaultRequest): FaultState {
    return this.core.injectFault(service, fault);
  }

  clearFaults(service?: string): void {
    this.core.clearFaults(service);
  }

  /** Returns dead letters matching the filter, newest first. */
  deadLetters(filter: DeadLetterFilter = {}, offset = 0, limit = 100): DeadLetterPage {
    return this.core.deadLetters.list(filter, offset, limit);
  }

  /** Sends selected dead letters back to their routes; returns how many. */
  redrive(selection: RedriveSelection): number {
    return this.core.redrive(selection);
  }

  /** Returns a sampled event's trace, or undefined when it was not sampled or was dropped. */
  trace(eventId: number): EventTrace | undefined {
    return this.core.traces.get(eventId);
  }

  /** Returns sampled traces matching the filter, newest first; by key, a chain's events. */
  findTraces(filter: TraceFilter = {}): EventTrace[] {
    return this.core.traces.find(filter);
  }

  /** Builds the summary the UI reads; resets the heatmap column. Cost: a few ms for tens of routes. */
  snapshot(): Snapshot {
    this.pipeline.flush();
    this.pipeline.recorder.advanceTo(this.core.nowMs);
    return buildSnapshot(this, this.snapshotSeq++);
  }

  /** Builds the topology graph with each node's and edge's figures over `window`. */
  topology(window: "1m" | "5m" | "15m" = "1m"): TopologyGraph {
    this.pipeline.flush();
    return buildTopologyGraph(this, window);
  }

  /** Builds the deterministic metrics document the command line prints. */
  exportMetrics(): MetricsExport {
    this.pipeline.flush();
    return buildExport(this);
  }

  /** Releases the pipeline's buffers. */
  close(): void {
    this.pipeline.close();
  }
}

function defaultPipeline(): PipelineFactory {
  return typeof SharedArrayBuffer === "function"
    ? createRingPipeline
    : createDirectPipeline;
}

/** Creates a run from a validated scenario; see `parseScenario` in src/formats/scenario.ts. */
export function createSimulation(
  scenario: Scenario,
  options: SimulationOptions = {},
): Simulation {
  return new Simulation(scenario, options);
}
