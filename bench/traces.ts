/**
 * Trace import throughput and memory: `npm run bench -- traces [--mb 100] [--runs 3]`.
 *
 * Builds a Zipkin file of about `--mb` MB by repeating the largest real
 * sample with a new trace id per copy, then runs each mode in a fresh Node
 * process so that peak memory (maxRSS) belongs to that mode alone:
 * - `jsonParse`: read the whole file, decode it and `JSON.parse` it (no spans, no analysis);
 * - `read`: stream it in 1 MiB chunks through the trace reader into spans;
 * - `import`: stream it and analyze it, as the import worker and the CLI do.
 * Prints one JSON document with medians per mode and the ratios between them.
 */
import { spawnSync } from "node:child_process";
import {
  createReadStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { importTraces } from "../src/engine/traces/importTraces.ts";
import { TraceFileReader } from "../src/formats/detect.ts";
import { describeMachine, median } from "./_machine.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const SAMPLE = path.resolve(
  here,
  "../../shared/data/traces/zipkin/smartthings-mobile-web-install.json",
);
const MODES = ["jsonParse", "read", "import"] as const;
type Mode = (typeof MODES)[number];

interface ChildResult {
  mode: Mode;
  elapsedMs: number;
  spans: number;
  baselineRssBytes: number;
  maxRssBytes: number;
  heapUsedAfterBytes: number;
}

/** Writes the sample repeated to about `targetBytes`, each copy with its own trace id. */
export function buildInput(
  targetBytes: number,
  file: string,
): { copies: number; bytes: number } {
  const text = readFileSync(SAMPLE, "utf8").trim();
  const body = text.slice(1, -1).trim();
  const traceIds = [
    ...new Set([...body.matchAll(/"traceId":\s*"([0-9a-f]+)"/g)].map((m) => m[1])),
  ];
  const copies = Math.max(1, Math.round(targetBytes / body.length));
  const parts: string[] = [];
  for (let copy = 0; copy < copies; copy++) {
    let part = body;
    for (const traceId of traceIds) {
      const replacement = (copy + 1).toString(16).padStart(8, "0") + traceId.slice(8);
      part = part.replaceAll(`"${traceId}"`, `"${replacement}"`);
    }
    parts.push(part);
  }
  writeFileSync(file, `[${parts.join(",\n")}]`);
  return { copies, bytes: statSync(file).size };
}

async function runMode(mode: Mode, file: string): Promise<ChildResult> {
  const baselineRssBytes = process.memoryUsage().rss;
  const startedAt = performance.now();
  let spans = 0;

  if (mode === "jsonParse") {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as unknown[];
    spans = parsed.length;
  } else if (mode === "read") {
    const reader = new TraceFileReader();
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      reader.write(chunk as Uint8Array);
    }
    reader.end();
    spans = reader.spans.length;
  } else {
    const size = statSync(file).size;
    const chunks = createReadStream(file, { highWaterMark: 1 << 20 });
    const result = await importTraces([{ name: file, size, chunks }]);
    spans = result.report.spanCount;
  }

  const elapsedMs = performance.now() - startedAt;
  return {
    mode,
    elapsedMs,
    spans,
    baselineRssBytes,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    heapUsedAfterBytes: process.memoryUsage().heapUsed,
  };
}

function runChild(mode: Mode, file: string): ChildResult {
  const runner = path.join(here, "run.ts");
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, runner, "traces", "--child", mode, file],
    {
      encoding: "utf8",
      maxBuffer: 1 << 20,
    },
  );
  if (child.status !== 0) {
    throw new Error(
      `bench child for ${mode} failed with status ${child.status}: ${child.stderr}`,
    );
  }
  return JSON.parse(child.stdout) as ChildResult;
}

function readOption(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(args[index + 1]);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} needs a positive number but got "${args[index + 1] ?? ""}"`);
  }
  return value;
}

export default async function bench(args: string[]): Promise<void> {
  const childIndex = args.indexOf("--child");
  if (childIndex >= 0) {
    const result = await runMode(args[childIndex + 1] as Mode, args[childIndex + 2]);
    process.stdout.write(JSON.stringify(result));
    return;
  }

  const targetMb = readOption(args, "--mb", 100);
  const runs = readOption(args, "--runs", 3);
  const scratch = mkdtempSync(path.join(tmpdir(), "eventscope-bench-traces-"));
  const file = path.join(scratch, "traces.json");
  try {
    const input = buildInput(targetMb * 1e6, file);
    const results: Record<Mode, ChildResult[]> = { jsonParse: [], read: [], import: [] };
    // Interleave modes so that a change in machine load affects all of them alike.
    for (let run = 0; run < runs; run++) {
      for (const mode of MODES) results[mode].push(runChild(mode, file));
    }

    // Every mode is credited with the span objects in the input, fragments included.
    const inputSpans = results.jsonParse[0].spans;
    const summary: Record<string, unknown> = {};
    for (const mode of MODES) {
      const list = results[mode];
      const elapsedMs = median(list.map((result) => result.elapsedMs));
      const maxRssBytes = median(list.map((result) => result.maxRssBytes));
      const baselineRssBytes = median(list.map((result) => result.baselineRssBytes));
      summary[mode] = {
        medianMs: Math.round(elapsedMs),
        inputSpansPerSecond: Math.round(inputSpans / (elapsedMs / 1000)),
        megabytesPerSecond: Number((input.bytes / 1e6 / (elapsedMs / 1000)).toFixed(1)),
        spansKept: list[0].spans,
        medianMaxRssBytes: maxRssBytes,
        medianBaselineRssBytes: baselineRssBytes,
        maxRssOverFileSize: Number((maxRssBytes / input.bytes).toFixed(2)),
        rssGrowthOverFileSize: Number(
          ((maxRssBytes - baselineRssBytes) / input.bytes).toFixed(2),
        ),
        runsMs: list.map((result) => Math.round(result.elapsedMs)),
      };
    }
    const medianOf = (mode: Mode) =>
      median(results[mode].map((result) => result.elapsedMs));
    console.log(
      JSON.stringify(
        {
          benchmark: "traces",
          machine: describeMachine(),
          input: {
            sample: path.basename(SAMPLE),
            copies: input.copies,
            bytes: input.bytes,
            spans: inputSpans,
          },
          runs,
          modes: summary,
          ratios: {
            readTimeOverJsonParse: Number(
              (medianOf("read") / medianOf("jsonParse")).toFixed(2),
            ),
            importTimeOverJsonParse: Number(
              (medianOf("import") / medianOf("jsonParse")).toFixed(2),
            ),
          },
        },
        null,
        2,
      ),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
