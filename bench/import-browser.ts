/**
 * Trace import in Chromium: `npm run bench -- import-browser [--mb 100] [--runs 3]`.
 *
 * Builds the app, serves it with `vite preview` on 127.0.0.1:4620, and opens
 * `/?source=import` in headless Chromium. The input is the Zipkin file of the
 * `traces` benchmark (the largest sample repeated to about `--mb` MB). Each
 * run imports it through the file picker in a fresh browser context, next to a
 * baseline in the same app page that only reads the File with `file.text()`
 * and `JSON.parse` in a worker. Records wall time, main-thread long tasks,
 * heap sizes and the RSS and PSS of the Chromium process tree, and prints one
 * JSON document with medians and ratios to the file size.
 */

import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Browser, chromium, type Page } from "@playwright/test";
import { findChromium } from "../scripts/chromium.mjs";
import { buildApp, CHROMIUM_ARGS, startPreview, stopPreview } from "./_browser.ts";
import { describeMachine, median } from "./_machine.ts";
import { buildInput } from "./traces.ts";

const PORT = 4620;
const BASE_URL = `http://127.0.0.1:${PORT}`;
const MODES = ["import", "baseline"] as const;
type Mode = (typeof MODES)[number];
const IMPORT_TIMEOUT_MS = 10 * 60_000;
const MEMORY_SAMPLE_MS = 100;

/** Figures of one run of one mode. Times in ms, sizes in bytes. */
interface RunResult {
  mode: Mode;
  /** From the input's change event to the summary (import) or the worker's reply (baseline). */
  wallMsToResult: number;
  /** From the change event to the first waterfall on screen; import only. */
  wallMsToWaterfall?: number;
  spans: number;
  longTaskCount: number;
  maxLongTaskMs: number;
  /** Long tasks that ended after the change event, with start times relative to it. */
  longTasks: { startMs: number; durationMs: number }[];
  /** CPU time of the renderer's main thread from before the import until after it. */
  mainThreadCpuMs: number;
  /** CPU time of all renderer threads, the import or parse worker included. */
  rendererCpuMs: number;
  heapUsedBefore: number;
  heapUsedAfter: number;
  uaMemoryBefore?: number;
  uaMemoryAfter?: number;
  uaMemoryMs: number[];
  rssBefore: number;
  rssPeak: number;
  rssAfter: number;
  pssBefore: number;
  pssPeak: number;
  pssAfter: number;
  /** PSS after minus PSS before, per Chromium process type (browser, renderer, gpu-process, utility). */
  pssGrowthByType: Record<string, number>;
}

interface PageMemory {
  heapUsed: number;
  uaMemory?: number;
  uaMemoryMs: number;
}

interface BenchState {
  longTasks: { startMs: number; durationMs: number }[];
  changeAt?: number;
  resultAt?: number;
  waterfallAt?: number;
  baselineSpans?: number;
}

// Runs in the page before the app's scripts, so it records every long task and the input's change event.
function installProbes(): void {
  const state: BenchState = { longTasks: [] };
  (window as unknown as { __bench: BenchState }).__bench = state;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      state.longTasks.push({ startMs: entry.startTime, durationMs: entry.duration });
    }
  }).observe({ type: "longtask", buffered: true });
  document.addEventListener(
    "change",
    () => {
      state.changeAt ??= performance.now();
    },
    true,
  );
  new MutationObserver(() => {
    if (
      state.resultAt === undefined &&
      document.querySelector('[data-testid="import-summary"]')
    ) {
      state.resultAt = performance.now();
    }
    if (
      state.waterfallAt === undefined &&
      document.querySelector('[data-testid="waterfall"]')
    ) {
      state.waterfallAt = performance.now();
    }
  }).observe(document, { childList: true, subtree: true });
}

// Adds a second file input that hands its File to a worker which only parses it.
// The worker keeps the parsed value, as the import worker keeps its analysis.
function installBaseline(): void {
  const state = (window as unknown as { __bench: BenchState }).__bench;
  const source =
    "let kept; onmessage = async (event) => { kept = JSON.parse(await event.data.text()); postMessage(kept.length); };";
  const worker = new Worker(
    URL.createObjectURL(new Blob([source], { type: "text/javascript" })),
  );
  worker.onmessage = (event: MessageEvent<number>) => {
    state.baselineSpans = event.data;
    state.resultAt = performance.now();
  };
  const input = document.createElement("input");
  input.type = "file";
  input.hidden = true;
  input.dataset.testid = "baseline-file-input";
  input.addEventListener("change", () => {
    if (input.files?.[0]) worker.postMessage(input.files[0]);
  });
  document.body.append(input);
}

async function measurePageMemory(page: Page): Promise<PageMemory> {
  return page.evaluate(async () => {
    const startedAt = performance.now();
    const measure = (
      performance as unknown as {
        measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>;
      }
    ).measureUserAgentSpecificMemory;
    const uaMemory =
      crossOriginIsolated && measure
        ? (await measure.call(performance)).bytes
        : undefined;
    const heap = (performance as unknown as { memory: { usedJSHeapSize: number } })
      .memory;
    return {
      heapUsed: heap.usedJSHeapSize,
      uaMemory,
      uaMemoryMs: performance.now() - startedAt,
    };
  });
}

/** Resolves when the page has been idle once, so measurements do not start mid-render. */
async function waitForIdle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        requestIdleCallback(() => resolve(), { timeout: 5000 }),
      ),
  );
}

/** Reads a process's parent id and its user plus system CPU time in clock ticks from /proc. */
function readStat(file: string): { ppid: number; cpuTicks: number } {
  // The command name in field 2 may contain spaces, so split after its closing bracket.
  const stat = readFileSync(file, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
}

/** Lists a process and all its descendants. */
function listTree(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const { ppid } = readStat(`/proc/${pid}/stat`);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // The process exited between readdir and read.
    }
  }
  const tree: number[] = [];
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    tree.push(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** Reads the process type from Chromium's `--type=` flag; the browser process has none. */
function readProcessType(pid: number): string {
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
  return /--type=([\w-]+)/.exec(cmdline)?.[1] ?? "browser";
}

/** Sums RSS and PSS over a process and its descendants, and PSS per Chromium process type. */
function readTreeMemory(rootPid: number): {
  rss: number;
  pss: number;
  pssByType: Record<string, number>;
} {
  let rss = 0;
  let pss = 0;
  const pssByType: Record<string, number> = {};
  for (const pid of listTree(rootPid)) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      const processPss = Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
      rss += Number(/^Rss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
      pss += processPss;
      const type = readProcessType(pid);
      pssByType[type] = (pssByType[type] ?? 0) + processPss;
    } catch {
      // The process exited while being read.
    }
  }
  return { rss, pss, pssByType };
}

/**
 * Sums the CPU time of the renderer processes under the browser, in ms: their
 * main threads (thread id equal to the process id) and all their threads,
 * workers included. Linux counts it in ticks of 1/100 s (USER_HZ on x86-64).
 */
function readRendererCpuMs(rootPid: number): { mainThread: number; allThreads: number } {
  let mainThread = 0;
  let allThreads = 0;
  for (const pid of listTree(rootPid)) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--type=renderer"))
        continue;
      mainThread += readStat(`/proc/${pid}/task/${pid}/stat`).cpuTicks * 10;
      allThreads += readStat(`/proc/${pid}/stat`).cpuTicks * 10;
    } catch {
      // The process exited while being read.
    }
  }
  return { mainThread, allThreads };
}

/** Finds the Chromium that Playwright started: a child of this process, driven over a pipe. */
function findBrowserPid(): number {
  for (const name of readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const { ppid } = readStat(`/proc/${pid}/stat`);
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (ppid === process.pid && cmdline.includes("--remote-debugging-pipe")) return pid;
    } catch {
      // The process exited between readdir and read.
    }
  }
  throw new Error("no Chromium child process with --remote-debugging-pipe was found");
}

/** Samples the tree's memory every 100 ms until stopped; returns the peaks. */
function sampleTreeMemory(rootPid: number) {
  const peak = readTreeMemory(rootPid);
  const timer = setInterval(() => {
    const now = readTreeMemory(rootPid);
    peak.rss = Math.max(peak.rss, now.rss);
    peak.pss = Math.max(peak.pss, now.pss);
  }, MEMORY_SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

async function runOnce(
  browser: Browser,
  browserPid: number,
  mode: Mode,
  file: string,
): Promise<RunResult> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(installProbes);
    await page.goto(`${BASE_URL}/?source=import`);
    await page.getByTestId("import-empty").waitFor();
    if (mode === "baseline") await page.evaluate(installBaseline);
    await waitForIdle(page);

    // Before: the app loaded and idle, nothing imported.
    const pageBefore = await measurePageMemory(page);
    const treeBefore = readTreeMemory(browserPid);
    const cpuBefore = readRendererCpuMs(browserPid);
    const sampler = sampleTreeMemory(browserPid);

    // Import or parse, then wait until the result (and for the import, the first waterfall) is on screen.
    const inputTestId = mode === "import" ? "import-file-input" : "baseline-file-input";
    await page.getByTestId(inputTestId).setInputFiles(file);
    await page.waitForFunction(
      () => (window as unknown as { __bench: BenchState }).__bench.resultAt !== undefined,
      undefined,
      { timeout: IMPORT_TIMEOUT_MS, polling: 100 },
    );
    if (mode === "import") {
      await page.getByTestId("waterfall").waitFor({ timeout: IMPORT_TIMEOUT_MS });
    }
    await waitForIdle(page);
    const peak = sampler.stop();
    const cpuAfter = readRendererCpuMs(browserPid);

    // After: the result on screen and the worker still holding what it built.
    // The probes are read first, because measuring memory runs tasks of its own.
    const state = await page.evaluate(
      () => (window as unknown as { __bench: BenchState }).__bench,
    );
    const treeAfter = readTreeMemory(browserPid);
    const pageAfter = await measurePageMemory(page);
    const summary =
      mode === "import" ? await page.getByTestId("import-summary").textContent() : "";
    const changeAt = state.changeAt ?? Number.NaN;
    const longTasks = state.longTasks
      .filter((task) => task.startMs + task.durationMs >= changeAt)
      .map((task) => ({
        startMs: Math.round(task.startMs - changeAt),
        durationMs: Math.round(task.durationMs),
      }));
    const longTasksMs = longTasks.map((task) => task.durationMs);
    return {
      mode,
      wallMsToResult: (state.resultAt ?? Number.NaN) - changeAt,
      wallMsToWaterfall:
        mode === "import" ? (state.waterfallAt ?? Number.NaN) - changeAt : undefined,
      spans:
        mode === "import"
          ? Number(
              /: ([\d,]+) spans/.exec(summary ?? "")?.[1].replaceAll(",", "") ??
                Number.NaN,
            )
          : (state.baselineSpans ?? Number.NaN),
      longTaskCount: longTasksMs.length,
      maxLongTaskMs: Math.max(0, ...longTasksMs),
      longTasks,
      mainThreadCpuMs: cpuAfter.mainThread - cpuBefore.mainThread,
      rendererCpuMs: cpuAfter.allThreads - cpuBefore.allThreads,
      heapUsedBefore: pageBefore.heapUsed,
      heapUsedAfter: pageAfter.heapUsed,
      uaMemoryBefore: pageBefore.uaMemory,
      uaMemoryAfter: pageAfter.uaMemory,
      uaMemoryMs: [Math.round(pageBefore.uaMemoryMs), Math.round(pageAfter.uaMemoryMs)],
      rssBefore: treeBefore.rss,
      rssPeak: Math.max(peak.rss, treeAfter.rss),
      rssAfter: treeAfter.rss,
      pssBefore: treeBefore.pss,
      pssPeak: Math.max(peak.pss, treeAfter.pss),
      pssAfter: treeAfter.pss,
      pssGrowthByType: Object.fromEntries(
        Object.entries(treeAfter.pssByType).map(([type, bytes]) => [
          type,
          bytes - (treeBefore.pssByType[type] ?? 0),
        ]),
      ),
    };
  } finally {
    await context.close();
  }
}

/** Runs `npx vite build`, waiting for another engineer's or CI job's build to finish first. */
function readOption(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(args[index + 1]);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} needs a positive number but got "${args[index + 1] ?? ""}"`);
  }
  return value;
}

const ratio = (value: number, bytes: number) => Number((value / bytes).toFixed(2));

function summarize(list: RunResult[], fileBytes: number) {
  const mid = (pick: (result: RunResult) => number | undefined) => {
    const values = list.map(pick).filter((value): value is number => value !== undefined);
    return values.length > 0 ? Math.round(median(values)) : undefined;
  };
  const rssPeak = mid((result) => result.rssPeak) as number;
  const rssBefore = mid((result) => result.rssBefore) as number;
  const pssPeak = mid((result) => result.pssPeak) as number;
  const pssBefore = mid((result) => result.pssBefore) as number;
  const uaAfter = mid((result) => result.uaMemoryAfter);
  return {
    medianWallMsToResult: mid((result) => result.wallMsToResult),
    medianWallMsToWaterfall: mid((result) => result.wallMsToWaterfall),
    spans: list[0].spans,
    medianMaxLongTaskMs: mid((result) => result.maxLongTaskMs),
    medianLongTaskCount: mid((result) => result.longTaskCount),
    medianMainThreadCpuMs: mid((result) => result.mainThreadCpuMs),
    medianRendererCpuMs: mid((result) => result.rendererCpuMs),
    medianHeapUsedBefore: mid((result) => result.heapUsedBefore),
    medianHeapUsedAfter: mid((result) => result.heapUsedAfter),
    medianUaMemoryBefore: mid((result) => result.uaMemoryBefore),
    medianUaMemoryAfter: uaAfter,
    medianRssBefore: rssBefore,
    medianRssPeak: rssPeak,
    medianRssAfter: mid((result) => result.rssAfter),
    medianPssBefore: pssBefore,
    medianPssPeak: pssPeak,
    medianPssAfter: mid((result) => result.pssAfter),
    overFileSize: {
      rssPeak: ratio(rssPeak, fileBytes),
      rssPeakGrowth: ratio(rssPeak - rssBefore, fileBytes),
      pssPeak: ratio(pssPeak, fileBytes),
      pssPeakGrowth: ratio(pssPeak - pssBefore, fileBytes),
      uaMemoryAfter: uaAfter === undefined ? undefined : ratio(uaAfter, fileBytes),
    },
    runs: list,
  };
}

export default async function bench(args: string[]): Promise<void> {
  const targetMb = readOption(args, "--mb", 100);
  const runs = readOption(args, "--runs", 3);
  const executablePath = await findChromium();
  if (!executablePath)
    throw new Error("no Chromium found; set CHROMIUM_PATH to a Chromium binary");

  buildApp();
  const scratch = mkdtempSync(path.join(tmpdir(), "eventscope-bench-import-browser-"));
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    const file = path.join(scratch, "traces.json");
    const input = buildInput(targetMb * 1e6, file);
    server = await startPreview(PORT);
    browser = await chromium.launch({
      executablePath,
      args: CHROMIUM_ARGS,
      headless: true,
    });
    const browserPid = findBrowserPid();

    // Interleave the modes so that a change in machine load affects both alike.
    const results: Record<Mode, RunResult[]> = { import: [], baseline: [] };
    for (let run = 0; run < runs; run++) {
      for (const mode of MODES)
        results[mode].push(await runOnce(browser, browserPid, mode, file));
    }

    const modes = {
      import: summarize(results.import, input.bytes),
      baseline: summarize(results.baseline, input.bytes),
    };
    console.log(
      JSON.stringify(
        {
          benchmark: "import-browser",
          machine: { ...describeMachine(), chromium: browser.version() },
          input: {
            sample: "smartthings-mobile-web-install.json",
            copies: input.copies,
            bytes: input.bytes,
          },
          runs,
          modes,
          ratios: {
            importTimeOverBaseline: Number(
              (
                (modes.import.medianWallMsToResult ?? 0) /
                (modes.baseline.medianWallMsToResult ?? 1)
              ).toFixed(2),
            ),
            importRendererCpuOverBaseline: Number(
              (
                (modes.import.medianRendererCpuMs ?? 0) /
                (modes.baseline.medianRendererCpuMs ?? 1)
              ).toFixed(2),
            ),
          },
        },
        null,
        2,
      ),
    );
  } finally {
    await browser?.close();
    if (server) stopPreview(server);
    rmSync(scratch, { recursive: true, force: true });
  }
}
