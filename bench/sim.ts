/**
 * `npm run bench -- sim [--duration 5m] [--runs 3] [--scenario FILE]`
 *
 * Measures simulated deliveries per wall second for a scenario run as fast
 * as possible: the built-in default unless --scenario is given. Four
 * variants run side by side: outcomes through the ring (what the command
 * line uses) or straight into the recorder, each with the scenario's
 * tracing and with tracing off. Then it times reads of a 15-minute window's
 * percentiles for one route and for everything, and whole snapshots.
 * Prints one JSON document. On a shared machine, deliveries per CPU second
 * (process user + system time, which includes the garbage collector's
 * helper threads) is the steadier figure; per wall second is what a user
 * waits for.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createSimulation } from "../src/engine/sim/controller.ts";
import {
  createDirectPipeline,
  type PipelineFactory,
} from "../src/engine/sim/pipeline.ts";
import { createRingPipeline } from "../src/engine/sim/ring-pipeline.ts";
import type { Scenario } from "../src/engine/sim/scenario.ts";
import { loadScenario, parseDuration } from "../src/formats/scenario.ts";
import { describeMachine, median } from "./_machine.ts";

type RingPipeline = ReturnType<typeof createRingPipeline>;

const here = dirname(fileURLToPath(import.meta.url));

interface Variant {
  name: string;
  pipeline: "ring" | "direct";
  tracing: boolean;
}

const VARIANTS: Variant[] = [
  { name: "ring, scenario tracing", pipeline: "ring", tracing: true },
  { name: "direct, scenario tracing", pipeline: "direct", tracing: true },
  { name: "ring, tracing off", pipeline: "ring", tracing: false },
  { name: "direct, tracing off", pipeline: "direct", tracing: false },
];

export default async function bench(args: string[]): Promise<void> {
  const options = parseArgs(args);
  const scenario = loadScenario(
    readFileSync(options.scenarioFile, "utf8"),
    options.scenarioFile,
  );

  // Warm up the JIT on a short run of each pipeline before timing.
  for (const variant of VARIANTS) timeRun(scenario, variant, 20_000);

  const throughput = VARIANTS.map((variant) => {
    const runs = Array.from({ length: options.runs }, () =>
      timeRun(scenario, variant, options.durationMs),
    );
    const perSecond = runs.map((run) => run.deliveries / (run.wallMs / 1000));
    return {
      variant: variant.name,
      pipeline: variant.pipeline,
      tracingSampleRate: variant.tracing ? scenario.tracing.sampleRate : 0,
      deliveries: runs[0].deliveries,
      events: runs[0].events,
      wallMs: runs.map((run) => round(run.wallMs)),
      cpuMs: runs.map((run) => round(run.cpuMs)),
      medianDeliveriesPerSecond: Math.round(median(perSecond)),
      medianDeliveriesPerCpuSecond: Math.round(
        median(runs.map((run) => run.deliveries / (run.cpuMs / 1000))),
      ),
      medianEventsPerSecond: Math.round(
        median(runs.map((run) => run.events / (run.wallMs / 1000))),
      ),
      // Wall time from publishing an outcome record to the metrics processor
      // handling it, sampled every 1024 records; undefined for the direct path.
      ringPublishToHandle: runs[0].ringPublishToHandle,
    };
  });
  const reference = throughput[0].medianDeliveriesPerSecond;

  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: "sim",
        scenario: scenario.name,
        scenarioFile: options.scenarioFile,
        virtualDurationMs: options.durationMs,
        runs: options.runs,
        machine: describeMachine(),
        throughput: throughput.map((entry) => ({
          ...entry,
          ratioToRingWithTracing: round(entry.medianDeliveriesPerSecond / reference, 3),
        })),
        windowQuery: measureQueries(scenario),
      },
      null,
      2,
    )}\n`,
  );
}

function timeRun(scenario: Scenario, variant: Variant, durationMs: number) {
  const configured: Scenario = variant.tracing
    ? scenario
    : { ...scenario, tracing: { ...scenario.tracing, sampleRate: 0 } };
  const pipeline: PipelineFactory =
    variant.pipeline === "ring" ? createRingPipeline : createDirectPipeline;
  const sim = createSimulation(configured, { durationMs, pipeline });
  const startedMs = performance.now();
  const startedCpu = process.cpuUsage();
  sim.runToEnd();
  sim.pipeline.flush();
  const cpu = process.cpuUsage(startedCpu);
  const wallMs = performance.now() - startedMs;
  const totals = sim.pipeline.recorder.totals;
  const ring =
    "processor" in sim.pipeline
      ? (sim.pipeline as RingPipeline).processor.summary()
      : undefined;
  const result = {
    ringPublishToHandle: ring?.latency,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    deliveries: totals.delivered + totals.deadLettered,
    events: sim.core.processedEvents,
  };
  sim.close();
  return result;
}

/** Runs 15 virtual minutes without tracing, then times window reads on the full window. */
function measureQueries(scenario: Scenario) {
  const sim = createSimulation(
    { ...scenario, tracing: { ...scenario.tracing, sampleRate: 0 } },
    { durationMs: 900_000 },
  );
  sim.runToEnd();
  sim.pipeline.flush();
  const recorder = sim.pipeline.recorder;
  const nowMs = sim.nowMs;
  const busiestRoute = sim.core.layout.routes.findIndex(
    (route) => route.id === "orders->inventory",
  );
  const route = Math.max(0, busiestRoute);

  const routeMs = timeEach(2000, () => recorder.routeStats(route, "15m", nowMs));
  const allMs = timeEach(200, () => recorder.allStats("15m", nowMs));
  const snapshotMs = timeEach(20, () => sim.snapshot());
  const topologyMs = timeEach(20, () => sim.topology("15m"));
  const stats = recorder.routeStats(route, "15m", nowMs);
  return {
    route: sim.core.layout.routes[route].id,
    routeWindowCount: stats.count,
    medianRouteWindowQueryMs: round(median(routeMs), 4),
    medianAllScopeQueryMs: round(median(allMs), 4),
    routes: sim.core.layout.routes.length,
    medianSnapshotMs: round(median(snapshotMs), 3),
    medianTopologyMs: round(median(topologyMs), 3),
    note: "a window query reads p50, p90, p99, max, count and dead-letter figures of one scope over the 15m window",
  };
}

function timeEach(times: number, action: () => unknown): number[] {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const startedMs = performance.now();
    action();
    samples.push(performance.now() - startedMs);
  }
  return samples;
}

function parseArgs(args: string[]) {
  let durationMs = 300_000;
  let runs = 3;
  let scenarioFile = resolve(here, "../scenarios/default.yaml");
  for (let i = 0; i < args.length; i++) {
    const value = args[i + 1];
    if (args[i] === "--duration" && value) {
      const parsed = parseDuration(value);
      if (!parsed.ok) throw new Error(`--duration ${value}: ${parsed.message}`);
      durationMs = parsed.ms;
      i++;
    } else if (args[i] === "--runs" && value) {
      runs = Math.max(1, Number.parseInt(value, 10) || 1);
      i++;
    } else if (args[i] === "--scenario" && value) {
      scenarioFile = resolve(value);
      i++;
    } else {
      throw new Error(
        `unknown option ${args[i]}; use --duration TIME, --runs N or --scenario FILE`,
      );
    }
  }
  return { durationMs, runs, scenarioFile };
}

function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
