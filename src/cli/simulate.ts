/**
 * `npm run cli -- simulate SCENARIO.yaml [--duration 15m] [--seed N] [--json]`
 *
 * Runs a scenario as fast as possible and prints its metrics: per service
 * and per route, for each window, the count, p50, p90, p99 and max in ms,
 * and the dead-letter counts and ratio. `--json` prints one JSON document
 * holding only virtual-time figures, so the same scenario and seed give
 * byte-identical output.
 */
import { readFileSync, statSync } from "node:fs";
import { createSimulation } from "../engine/sim/controller.ts";
import { createDirectPipeline } from "../engine/sim/pipeline.ts";
import type { MetricsExport } from "../engine/sim/report.ts";
import { createRingPipeline } from "../engine/sim/ring-pipeline.ts";
import {
  formatScenarioIssue,
  MAX_SCENARIO_CHARS,
  parseDuration,
  parseScenario,
} from "../formats/scenario.ts";

const USAGE = `usage: npm run cli -- simulate SCENARIO.yaml [options]

options:
  --duration TIME   virtual time to simulate, such as 90s or 15m (default: the scenario's duration)
  --seed N          seed for the random streams, 0 to 4294967295 (default: the scenario's seed)
  --json            print one JSON document instead of a table
  --pipeline NAME   how outcomes reach the metrics: ring (default) or direct`;

interface Options {
  file: string;
  durationMs?: number;
  seed?: number;
  json: boolean;
  pipeline: "ring" | "direct";
}

class UsageError extends Error {}

export async function run(args: string[]): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }

  const text = readScenarioText(options.file);
  if (typeof text !== "string") {
    console.error(text.message);
    return 2;
  }
  const parsed = parseScenario(text);
  if (!parsed.ok) {
    for (const issue of parsed.issues)
      console.error(formatScenarioIssue(options.file, issue));
    console.error(
      `${options.file}: invalid scenario; fix the fields above and run again`,
    );
    return 2;
  }
  const scenario =
    options.seed === undefined
      ? parsed.scenario
      : { ...parsed.scenario, seed: options.seed };

  const pipeline =
    options.pipeline === "ring" ? createRingPipeline : createDirectPipeline;
  const sim = createSimulation(scenario, { durationMs: options.durationMs, pipeline });
  const startedMs = performance.now();
  sim.runToEnd();
  const wallMs = performance.now() - startedMs;
  const figures = sim.exportMetrics();
  sim.close();

  if (options.json) {
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  } else {
    process.stdout.write(formatTable(figures, wallMs));
  }
  return 0;
}

function parseArgs(args: string[]): Options {
  const options: Options = { file: "", json: false, pipeline: "ring" };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === "--json") options.json = true;
    else if (arg === "--duration") {
      const text = value();
      const duration = parseDuration(text);
      if (!duration.ok) throw new UsageError(`--duration ${text}: ${duration.message}`);
      options.durationMs = duration.ms;
    } else if (arg === "--seed") {
      const text = value();
      const seed = Number(text);
      if (!Number.isInteger(seed) || seed < 0 || seed > 4_294_967_295) {
        throw new UsageError(
          `--seed ${text} is invalid; use a whole number from 0 to 4294967295`,
        );
      }
      options.seed = seed;
    } else if (arg === "--pipeline") {
      const name = value();
      if (name !== "ring" && name !== "direct")
        throw new UsageError(`--pipeline ${name} is invalid; use ring or direct`);
      options.pipeline = name;
    } else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else if (options.file)
      throw new UsageError(
        `only one scenario file is accepted, got ${options.file} and ${arg}`,
      );
    else options.file = arg;
  }
  if (!options.file) throw new UsageError("missing the scenario file");
  return options;
}

/** Reads the file after checking its size, so a huge file is rejected without loading it. */
function readScenarioText(file: string): string | Error {
  let size: number;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) {
      return new Error(`${file}: not a file; give the path of a scenario YAML file`);
    }
    size = stats.size;
  } catch (error) {
    return new Error(
      `${file}: cannot read the scenario (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  // UTF-8 needs at least one byte per character, so this bound is safe.
  if (size > MAX_SCENARIO_CHARS * 4) {
    return new Error(
      `${file}: scenario is ${size} bytes, over the limit of ${MAX_SCENARIO_CHARS} characters; split it or remove generated content`,
    );
  }
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    return new Error(
      `${file}: cannot read the scenario (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
}

function formatTable(figures: MetricsExport, wallMs: number): string {
  const lines: string[] = [];
  const ms = (value: number) => value.toFixed(2).padStart(9);
  const header = `${"scope".padEnd(36)} ${"window".padEnd(6)} ${"count".padStart(10)} ${"p50 ms".padStart(9)} ${"p90 ms".padStart(9)} ${"p99 ms".padStart(9)} ${"max ms".padStart(9)} ${"dead".padStart(7)} ${"ratio".padStart(9)}`;
  const row = (scope: string, window: string, stats: MetricsExport["all"]["1m"]) =>
    `${scope.padEnd(36)} ${window.padEnd(6)} ${String(stats.count).padStart(10)} ${ms(stats.p50)} ${ms(stats.p90)} ${ms(stats.p99)} ${ms(stats.max)} ${String(stats.deadLettered).padStart(7)} ${stats.deadLetterRatio.toExponential(2).padStart(9)}`;

  lines.push(
    `${figures.scenario}, seed ${figures.seed}: ${(figures.virtualMs / 1000).toFixed(0)} s of virtual time in ${(wallMs / 1000).toFixed(2)} s`,
  );
  lines.push(
    `published ${figures.totals.published}, delivered ${figures.totals.delivered}, dead-lettered ${figures.totals.deadLettered} (ratio ${figures.deadLetterRatio.toExponential(2)}), retries ${figures.totals.retries}`,
  );
  lines.push("", header);
  for (const window of ["1m", "5m", "15m"] as const)
    lines.push(row("all", window, figures.all[window]));
  for (const [name, windows] of Object.entries(figures.services)) {
    for (const window of ["1m", "5m", "15m"] as const)
      lines.push(row(`service ${name}`, window, windows[window]));
  }
  for (const [id, windows] of Object.entries(figures.routes)) {
    for (const window of ["1m", "5m", "15m"] as const)
      lines.push(row(`route ${id}`, window, windows[window]));
  }
  lines.push("", "dead-letter queues:");
  for (const queue of figures.deadLetterQueues) {
    lines.push(
      `  ${queue.name.padEnd(24)} size ${queue.size}, total ${queue.total}, redriven ${queue.redriven}`,
    );
  }
  if (figures.alertLog.length > 0) {
    lines.push("", "alerts:");
    for (const entry of figures.alertLog) {
      lines.push(
        `  ${(entry.atMs / 1000).toFixed(0).padStart(6)} s  ${entry.state.padEnd(8)} ${entry.scopeId} at ratio ${entry.value.toExponential(2)}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
