/**
 * Runs one simulation inside the engine worker: a timer advances it in short
 * slices so the worker keeps handling requests, and runtime controls map
 * onto the simulation's API. Runs under Node too (tests), since it needs
 * only timers and `performance.now()`.
 */
import type { Snapshot } from "../engine/metrics/snapshot.ts";
import { createSimulation, type Scenario, type Simulation } from "../engine/sim/index.ts";
import type { ControlCommand, ScenarioSummary } from "./protocol.ts";

/** Wall ms between slices. Each slice is bounded by an event budget, so it stays short. */
const TICK_INTERVAL_MS = 25;

/** Events per slice: small enough that a slice stays near 20 ms on a slow core. */
const SLICE_EVENTS = 50_000;

export class SimulationDriver {
  private simulation?: Simulation;
  private summary?: ScenarioSummary;
  private timer?: ReturnType<typeof setTimeout>;
  private scenario?: Scenario;

  get current(): Simulation | undefined {
    return this.simulation;
  }

  get loaded(): ScenarioSummary | undefined {
    return this.summary;
  }

  /** Replaces the running simulation. The dashboard runs without an end, so the scenario's duration is ignored. */
  load(scenario: Scenario, source: string, autoStart: boolean): ScenarioSummary {
    this.stop();
    this.simulation?.close();
    this.scenario = scenario;
    this.simulation = createSimulation(scenario, {
      durationMs: Number.POSITIVE_INFINITY,
    });
    this.summary = {
      name: scenario.name,
      seed: scenario.seed,
      producers: scenario.producers.map((producer) => producer.name),
      topics: scenario.topics.map((topic) => topic.name),
      services: scenario.services.map((service) => service.name),
      traceSampleRate: scenario.tracing.sampleRate,
      source,
    };
    if (autoStart) this.start();
    return this.summary;
  }

  /** Applies a runtime control; returns a fresh snapshot, or null when nothing is loaded. */
  control(command: ControlCommand): Snapshot | null {
    const sim = this.simulation;
    if (!sim) return null;
    switch (command.action) {
      case "start":
        this.start();
        break;
      case "pause":
        sim.pause();
        this.stop();
        break;
      case "reset":
        if (this.scenario && this.summary) {
          this.load(this.scenario, this.summary.source, sim.state === "running");
        }
        break;
      case "speed":
        sim.setSpeed(command.speed);
        break;
      case "rate":
        sim.setProducerRate(command.producer, command.ratePerSecond);
        break;
      case "fault":
        sim.injectFault(command.service, {
          kind: command.kind,
          value: command.value,
          durationMs: command.durationMs,
        });
        break;
      case "clearFaults":
        sim.clearFaults(command.service);
        break;
    }
    return this.simulation?.snapshot() ?? null;
  }

  close(): void {
    this.stop();
    this.simulation?.close();
    this.simulation = undefined;
  }

  private start(): void {
    const sim = this.simulation;
    if (!sim) return;
    sim.start(performance.now());
    this.schedule();
  }

  private stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.stop();
    // As fast as possible: the next slice right after pending messages are handled.
    const delay = Number.isFinite(this.simulation?.speed) ? TICK_INTERVAL_MS : 0;
    this.timer = setTimeout(() => this.runSlice(), delay);
  }

  private runSlice(): void {
    const sim = this.simulation;
    if (sim?.state !== "running") return;
    sim.tick(performance.now(), SLICE_EVENTS);
    // The metrics processor shares this thread: let it drain the ring after
    // every slice, so its publish-to-handle latency is one slice, not one
    // snapshot interval.
    sim.pipeline.flush();
    this.schedule();
  }
}
