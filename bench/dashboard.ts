/**
 * Main-thread responsiveness of the dashboard while the engine runs:
 * `npm run bench -- dashboard [--seconds 15] [--runs 3]`. The default
 * scenario runs in Chromium at 1x, as fast as possible, and as fast as
 * possible with a fault that dead-letters half of one service's deliveries,
 * each with every panel on screen. A PerformanceObserver counts main-thread
 * tasks over 50 ms, and a requestAnimationFrame loop counts frames.
 * Prints one JSON document with medians over the runs.
 */
import { type Browser, chromium, type Page } from "@playwright/test";
import { findChromium } from "../scripts/chromium.mjs";
import { buildApp, CHROMIUM_ARGS, startPreview, stopPreview } from "./_browser.ts";
import { describeMachine, median } from "./_machine.ts";

const PORT = 4630;
const BASE_URL = `http://127.0.0.1:${PORT}`;

const MODES = ["1x", "as-fast-as-possible", "as-fast-as-possible-with-fault"] as const;
type Mode = (typeof MODES)[number];

interface Measurement {
  longTaskMs: number[];
  frames: number;
  seconds: number;
  virtualMsPerWallSecond: number;
}

interface Probe {
  longTaskMs: number[];
  frames: number;
}

/**
 * Runs in the page before its scripts: records long tasks and counts frames.
 * Kept as text, because tsx wraps named functions in a helper the page lacks.
 */
const PROBE_SCRIPT = `
  const probe = { longTaskMs: [], frames: 0 };
  window.__probe = probe;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTaskMs.push(entry.duration);
  }).observe({ type: "longtask", buffered: true });
  const countFrame = () => {
    probe.frames++;
    requestAnimationFrame(countFrame);
  };
  requestAnimationFrame(countFrame);
`;

async function virtualNow(page: Page): Promise<number> {
  return Number(await page.getByTestId("sim-clock").getAttribute("data-now-ms"));
}

async function runOnce(
  browser: Browser,
  mode: Mode,
  seconds: number,
): Promise<Measurement> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1200 } });
  const page = await context.newPage();
  await page.addInitScript({ content: PROBE_SCRIPT });
  await page.goto(`${BASE_URL}/`);
  await page.getByTestId("sim-clock").filter({ hasText: "running" }).waitFor();

  if (mode !== "1x") {
    await page.getByTestId("sim-speed").selectOption({ label: "As fast as possible" });
  }
  if (mode === "as-fast-as-possible-with-fault") {
    await page.getByTestId("fault-service").selectOption("payment");
    await page.getByTestId("fault-kind").selectOption("errors");
    await page.getByTestId("fault-value").fill("0.5");
    await page.getByTestId("fault-inject").click();
  }

  // Measure only the steady state: drop what start-up recorded.
  await page.evaluate(() => {
    const probe = (window as unknown as { __probe: Probe }).__probe;
    probe.longTaskMs.length = 0;
    probe.frames = 0;
  });
  const virtualStart = await virtualNow(page);
  const wallStart = Date.now();
  await page.waitForTimeout(seconds * 1000);
  const probe = await page.evaluate(
    () => (window as unknown as { __probe: Probe }).__probe,
  );
  const wallSeconds = (Date.now() - wallStart) / 1000;
  const virtualEnd = await virtualNow(page);
  await context.close();

  return {
    longTaskMs: probe.longTaskMs,
    frames: probe.frames,
    seconds: wallSeconds,
    virtualMsPerWallSecond: (virtualEnd - virtualStart) / wallSeconds,
  };
}

function readOption(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(args[index + 1]);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} needs a positive number, got "${args[index + 1] ?? ""}"`);
  }
  return value;
}

function summarize(mode: Mode, windows: Measurement[]) {
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    name: mode,
    runs: windows.length,
    tasksOver50MsPerRun: median(
      windows.map((w) => w.longTaskMs.filter((ms) => ms > 50).length),
    ),
    longestTaskMs: round(median(windows.map((w) => Math.max(0, ...w.longTaskMs)))),
    framesPerSecond: round(median(windows.map((w) => w.frames / w.seconds))),
    virtualMsPerWallSecond: Math.round(
      median(windows.map((w) => w.virtualMsPerWallSecond)),
    ),
    everyRun: windows.map((w) => ({
      longTasksMs: w.longTaskMs.map(round),
      framesPerSecond: round(w.frames / w.seconds),
    })),
  };
}

export default async function bench(args: string[]): Promise<void> {
  const seconds = readOption(args, "--seconds", 15);
  const runs = readOption(args, "--runs", 3);
  const executablePath = await findChromium();
  if (!executablePath)
    throw new Error("No Chromium found; install one or set CHROMIUM_PATH.");

  buildApp();
  const server = await startPreview(PORT);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath,
      args: CHROMIUM_ARGS,
      headless: true,
    });
    const measurements: Record<Mode, Measurement[]> = {
      "1x": [],
      "as-fast-as-possible": [],
      "as-fast-as-possible-with-fault": [],
    };
    // Interleave the modes so that a change in machine load affects all alike.
    for (let run = 0; run < runs; run++) {
      for (const mode of MODES)
        measurements[mode].push(await runOnce(browser, mode, seconds));
    }
    const document = {
      machine: describeMachine(),
      secondsPerRun: seconds,
      results: MODES.map((mode) => summarize(mode, measurements[mode])),
    };
    console.log(JSON.stringify(document, null, 2));
  } finally {
    await browser?.close();
    stopPreview(server);
  }
}
