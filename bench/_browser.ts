/**
 * Shared steps of the browser benchmarks: build the app, serve it with
 * `vite preview` on a loopback port, and stop the server again.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** How long a build waits for another engineer's `vite build` of the same project to end. */
const BUILD_LOCK_WAIT_MS = 3 * 60_000;

/** Chromium flags for a headless run on a machine without network access. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--enable-precise-memory-info",
];

/** Builds `dist/`, waiting while another Vite build of this project holds its lock. */
export function buildApp(): void {
  const deadline = Date.now() + BUILD_LOCK_WAIT_MS;
  for (;;) {
    const build = spawnSync("npx", ["vite", "build"], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    // Build output goes to stderr, so stdout carries only the JSON document.
    process.stderr.write(build.stdout + build.stderr);
    if (build.status === 0) return;
    const isLocked = build.stderr.includes("Found another Vite build process");
    if (!isLocked || Date.now() > deadline) {
      throw new Error(`npx vite build failed with status ${build.status}`);
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000);
  }
}

/** Serves `dist/` on 127.0.0.1:`port` and resolves once it responds. */
export async function startPreview(port: number): Promise<ChildProcess> {
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = spawn(
    "npx",
    [
      "vite",
      "preview",
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--strictPort",
      "--bypass-lock",
    ],
    { cwd: repoRoot, detached: true, stdio: ["ignore", "ignore", process.stderr] },
  );
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(
        `vite preview exited with code ${server.exitCode}; is port ${port} in use?`,
      );
    }
    try {
      if ((await fetch(baseUrl)).ok) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  stopPreview(server);
  throw new Error(`vite preview did not respond on ${baseUrl} within 60 s`);
}

export function stopPreview(server: ChildProcess): void {
  // detached made the server a process group leader, so this ends npx and vite together.
  if (server.pid !== undefined && server.exitCode === null)
    process.kill(-server.pid, "SIGTERM");
}
