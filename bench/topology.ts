/**
 * Scale benchmark of the topology view: builds the app with Vite, serves it
 * with `vite preview` on loopback, and drives Chromium through the harness
 * page (topology-bench.html) with a seeded 1,000-node, 3,000-edge graph. The
 * SVG and canvas renderers run the same script one after the other: load,
 * refreshes that add nodes, wheel zoom, drag pan, search, focus and flow
 * animation. A PerformanceObserver for `longtask` records every main-thread
 * task over 50 ms.
 *
 * A sweep then runs the SVG renderer alone on smaller graphs of the same
 * shape (three edges per node), to find the size where SVG stops keeping
 * tasks under 50 ms; TopologyView's `defaultCanvasThreshold` comes from it.
 *
 * Usage: npm run bench -- topology [--nodes N] [--edges N] [--seed N]
 *   [--skip-build] [--no-sweep]
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Page } from "@playwright/test";
import { findChromium } from "../scripts/chromium.mjs";
import { describeMachine, median } from "./_machine.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
const renderers = ["svg", "canvas"] as const;

// A build of its own, so another `vite build` in the same tree cannot replace
// the files while the benchmark runs; --skip-build reuses it.
const outDir = join(tmpdir(), "eventscope-topology-bench");

interface Options {
  nodes: number;
  edges: number;
  seed: number;
  isBuildSkipped: boolean;
  isSweepSkipped: boolean;
}

/** Node counts of the SVG sweep; each graph has three edges per node. */
const sweepNodeCounts = [100, 200, 350, 500];

export default async function run(args: string[]): Promise<void> {
  const options = parseArgs(args);
  const executablePath = await findChromium();
  if (!executablePath)
    throw new Error("No Chromium found: set CHROMIUM_PATH or install chromium.");

  if (!options.isBuildSkipped) {
    const build = spawnSync(
      "npx",
      // The own outDir makes a parallel build in this tree harmless, so
      // Vite 8's one-build-per-project lock can be bypassed.
      [
        "vite",
        "build",
        "--logLevel",
        "error",
        "--outDir",
        outDir,
        "--emptyOutDir",
        "--bypass-lock",
      ],
      { cwd: root, stdio: ["ignore", "ignore", "inherit"] },
    );
    if (build.status !== 0)
      throw new Error(`vite build failed with exit code ${build.status}.`);
  }

  const port = await findFreePort();
  const server = startPreview(port);
  const browser = await chromium.launch({ executablePath, args: chromiumArgs });
  try {
    await waitForServer(`http://127.0.0.1:${port}/topology-bench.html`);
    const results: Record<string, RendererResult> = {};
    for (const renderer of renderers) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      results[renderer] = await measure(page, port, renderer, options);
      await page.close();
    }
    const sweep = [];
    for (const nodes of options.isSweepSkipped ? [] : sweepNodeCounts) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const sized = { ...options, nodes, edges: nodes * 3 };
      const result = describeRenderer(await measure(page, port, "svg", sized));
      await page.close();
      sweep.push({
        nodes,
        edges: nodes * 3,
        items: nodes * 4,
        interactionLongTaskCount: result.interaction.longTaskCount,
        maxInteractionTaskMs: result.interaction.maxLongTaskMs,
        medianUpdateMs: result.interaction.medianUpdateMs,
        animationMedianFrameMs: result.animation.medianFrameMs,
        maxLongTaskMsByPhase: Object.fromEntries(
          Object.entries(result.phases).map(([phase, figures]) => [
            phase,
            figures.maxLongTaskMs,
          ]),
        ),
      });
    }
    console.log(
      JSON.stringify({ ...summarize(results, options), svgSweep: sweep }, null, 2),
    );
  } finally {
    await browser.close();
    stopPreview(server);
  }
}

function parseArgs(args: string[]): Options {
  const options: Options = {
    nodes: 1000,
    edges: 3000,
    seed: 1,
    isBuildSkipped: false,
    isSweepSkipped: false,
  };
  for (let i = 0; i < args.length; i++) {
    const name = args[i];
    if (name === "--skip-build") {
      options.isBuildSkipped = true;
      continue;
    }
    if (name === "--no-sweep") {
      options.isSweepSkipped = true;
      continue;
    }
    const value = Number(args[++i]);
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(
        `Invalid value for ${name}: "${args[i]}". Expected a whole number.`,
      );
    }
    if (name === "--nodes") options.nodes = value;
    else if (name === "--edges") options.edges = value;
    else if (name === "--seed") options.seed = value;
    else
      throw new Error(
        `Unknown option ${name}. Options: --nodes, --edges, --seed, --skip-build, --no-sweep.`,
      );
  }
  return options;
}

interface RendererResult {
  longTasks: { phase: string; duration: number }[];
  drawTimesMs: { phase: string; kind: string; durationMs: number }[];
  frameIntervalsMs: { phase: string; intervalMs: number }[];
  layoutTimesMs: number[];
  isLongTaskSupported: boolean;
  firstLayoutWallMs: number;
  refreshWallMs: number[];
}

async function measure(
  page: Page,
  port: number,
  renderer: (typeof renderers)[number],
  options: Options,
): Promise<RendererResult> {
  const query = `nodes=${options.nodes}&edges=${options.edges}&seed=${options.seed}&grow=5&refresh=3600&renderer=${renderer}`;
  const startedAt = Date.now();
  await page.goto(`http://127.0.0.1:${port}/topology-bench.html?${query}`);
  await waitForReady(page);
  const firstLayoutWallMs = Date.now() - startedAt;
  await settle(page);
  await page.evaluate(() => window.topologyBench.startFrames());

  // Refreshes: each one changes every metric and adds 5 nodes to place.
  await setPhase(page, "refresh");
  const refreshWallMs: number[] = [];
  for (let round = 0; round < 3; round++) {
    // The harness stamps revision r with asOfMs = r * 30,000.
    const revision = await page.evaluate(() => window.topologyBench.revision());
    const clickedAt = Date.now();
    await page.getByTestId("topology-refresh-now").click();
    await page.waitForSelector(
      `[data-testid=topology-view][data-as-of="${revision * 30_000}"][data-ready="true"]`,
      { timeout: 120_000 },
    );
    refreshWallMs.push(Date.now() - clickedAt);
    await settle(page);
  }

  // Zoom with the wheel, in and out around the middle of the stage.
  await setPhase(page, "zoom");
  const stage = await page.getByTestId("topology-stage").boundingBox();
  if (!stage) throw new Error("The topology stage is not visible.");
  await page.mouse.move(stage.x + stage.width / 2, stage.y + stage.height / 2);
  for (const delta of [-300, -300, -300, 300, 300, 300, -200, 200]) {
    await page.mouse.wheel(0, delta);
    await nextFrames(page, 2);
  }

  // Pan by dragging from the empty margin at the top left.
  await setPhase(page, "pan");
  await page.getByTestId("topology-fit").click();
  await nextFrames(page, 2);
  await page.mouse.move(stage.x + 4, stage.y + 4);
  await page.mouse.down();
  for (let step = 1; step <= 20; step++) {
    await page.mouse.move(stage.x + 4 + step * 12, stage.y + 4 + step * 6);
    await nextFrames(page, 1);
  }
  await page.mouse.up();

  // Search, then step through matches, which selects and centers each one.
  await setPhase(page, "search");
  const search = page.getByTestId("topology-search");
  await search.fill("service-000");
  await nextFrames(page, 2);
  for (let step = 0; step < 3; step++) {
    await search.press("Enter");
    await nextFrames(page, 2);
  }

  // Focus on the selected node and back.
  await setPhase(page, "focus");
  await page.getByTestId("topology-focus").check();
  await nextFrames(page, 3);
  await page.getByTestId("topology-focus").uncheck();
  await nextFrames(page, 3);
  await search.fill("");
  await nextFrames(page, 2);

  // Flow animation for three seconds.
  await setPhase(page, "animate");
  await page.getByTestId("topology-animate").check();
  await page.waitForTimeout(3000);
  await page.getByTestId("topology-animate").uncheck();
  await setPhase(page, "done");
  await page.evaluate(() => window.topologyBench.stopFrames());

  const probe = await page.evaluate(() => {
    const bench = window.topologyBench;
    return {
      longTasks: bench.longTasks.map(({ phase, duration }) => ({ phase, duration })),
      drawTimesMs: bench.drawTimesMs.map(({ phase, kind, durationMs }) => ({
        phase,
        kind,
        durationMs,
      })),
      frameIntervalsMs: bench.frameIntervalsMs,
      layoutTimesMs: bench.layoutTimesMs,
      isLongTaskSupported: bench.isLongTaskSupported,
    };
  });
  return { ...probe, firstLayoutWallMs, refreshWallMs };
}

async function setPhase(page: Page, phase: string) {
  await page.evaluate((name) => window.topologyBench.setPhase(name), phase);
}

async function waitForReady(page: Page) {
  await page.waitForSelector('[data-testid=topology-view][data-ready="true"]', {
    timeout: 120_000,
  });
}

/** Waits for `count` animation frames, so the browser has painted the last change. */
async function nextFrames(page: Page, count: number) {
  // A string, because tsx would wrap a named inner function in a helper that
  // does not exist in the page.
  await page.evaluate(`new Promise((resolve) => {
    let left = ${count};
    const tick = () => (--left <= 0 ? resolve() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  })`);
}

/** Lets deferred React work and the next paint finish before the next phase. */
async function settle(page: Page) {
  await nextFrames(page, 5);
}

// Phases the summary reports, in script order; "load" covers the first render.
const phases = ["load", "refresh", "zoom", "pan", "search", "focus", "animate"];

function summarize(results: Record<string, RendererResult>, options: Options) {
  const perRenderer = Object.fromEntries(
    Object.entries(results).map(([renderer, result]) => [
      renderer,
      describeRenderer(result),
    ]),
  );
  const svg = perRenderer.svg;
  const canvas = perRenderer.canvas;
  const ratio = (a: number, b: number) => (b > 0 ? Number((a / b).toFixed(2)) : null);
  return {
    benchmark: "topology",
    machine: describeMachine(),
    graph: {
      nodes: options.nodes,
      edges: options.edges,
      seed: options.seed,
      nodesAddedPerRefresh: 5,
    },
    renderers: perRenderer,
    svgOverCanvas: {
      maxInteractionTaskMs: ratio(
        svg.interaction.maxLongTaskMs,
        canvas.interaction.maxLongTaskMs,
      ),
      medianDrawMs: ratio(svg.interaction.medianDrawMs, canvas.interaction.medianDrawMs),
      medianFrameMs: ratio(svg.animation.medianFrameMs, canvas.animation.medianFrameMs),
    },
  };
}

function describeRenderer(result: RendererResult) {
  const byPhase = Object.fromEntries(
    phases.map((phase) => {
      const tasks = result.longTasks.filter((task) => task.phase === phase);
      const draws = result.drawTimesMs.filter((draw) => draw.phase === phase);
      const frames = result.frameIntervalsMs.filter((frame) => frame.phase === phase);
      return [
        phase,
        {
          longTaskCount: tasks.length,
          maxLongTaskMs: Math.max(0, ...tasks.map((task) => task.duration)),
          medianDrawMs: round(median(draws.map((draw) => draw.durationMs))),
          medianFrameMs: round(median(frames.map((frame) => frame.intervalMs))),
        },
      ];
    }),
  );
  const interactive = phases.filter((phase) => phase !== "load");
  const interactionTasks = result.longTasks.filter((task) =>
    interactive.includes(task.phase),
  );
  const interactionDraws = result.drawTimesMs.filter((draw) =>
    interactive.includes(draw.phase),
  );
  const animationFrames = result.frameIntervalsMs.filter(
    (frame) => frame.phase === "animate",
  );
  const sortedFrames = animationFrames
    .map((frame) => frame.intervalMs)
    .sort((a, b) => a - b);
  return {
    isLongTaskSupported: result.isLongTaskSupported,
    firstLayoutWallMs: result.firstLayoutWallMs,
    medianRefreshWallMs: median(result.refreshWallMs),
    medianWorkerLayoutMs: round(median(result.layoutTimesMs)),
    interaction: {
      longTaskCount: interactionTasks.length,
      maxLongTaskMs: Math.max(0, ...interactionTasks.map((task) => task.duration)),
      medianDrawMs: round(median(interactionDraws.map((draw) => draw.durationMs))),
      medianUpdateMs: medianOf(interactionDraws, "update"),
      medianFullPaintMs: medianOf(interactionDraws, "full"),
      medianFlowPaintMs: medianOf(interactionDraws, "flow"),
    },
    animation: {
      frames: sortedFrames.length,
      medianFrameMs: round(median(sortedFrames)),
      p95FrameMs: round(
        sortedFrames[Math.floor(sortedFrames.length * 0.95)] ?? Number.NaN,
      ),
    },
    phases: byPhase,
  };
}

function medianOf(draws: RendererResult["drawTimesMs"], kind: string): number {
  return round(
    median(draws.filter((draw) => draw.kind === kind).map((draw) => draw.durationMs)),
  );
}

function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 100) / 100 : value;
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function startPreview(port: number): ChildProcess {
  return spawn(
    "npx",
    [
      "vite",
      "preview",
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--strictPort",
      "--outDir",
      outDir,
      // Vite 8 allows only one preview server per project without this flag,
      // and other tools in this tree may have one running.
      "--bypass-lock",
    ],
    { cwd: root, stdio: "ignore", detached: true },
  );
}

// The preview server runs under npx, so the whole process group is stopped.
function stopPreview(server: ChildProcess) {
  if (server.pid !== undefined) {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      // Already exited.
    }
  }
}

async function waitForServer(url: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`vite preview did not respond at ${url} within 60 s.`);
}
