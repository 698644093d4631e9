import { defineConfig } from "@playwright/test";
import { findChromium } from "./scripts/chromium.mjs";

const executablePath = await findChromium();
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

// The test machines have no network: these flags stop Chromium from trying to
// reach Google's update, sync and safe-browsing hosts at every start.
const chromiumArgs = [
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--enable-precise-memory-info",
  ...(isRoot ? ["--no-sandbox"] : []),
];

// EVENTSCOPE_E2E_PORT moves both servers, so two test runs can share a machine.
export const isolatedPort = Number(process.env.EVENTSCOPE_E2E_PORT ?? 4173);
export const unisolatedPort = isolatedPort + 1;

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${isolatedPort}`,
    headless: true,
    launchOptions: { executablePath, args: chromiumArgs },
  },
  // Vite 8 allows one preview server per project unless --bypass-lock is given,
  // and the tests need two: with and without the isolation headers.
  webServer: [
    {
      command: `npx vite preview --host 127.0.0.1 --port ${isolatedPort} --strictPort --bypass-lock`,
      url: `http://127.0.0.1:${isolatedPort}`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `npx vite preview --host 127.0.0.1 --port ${unisolatedPort} --strictPort --bypass-lock`,
      url: `http://127.0.0.1:${unisolatedPort}`,
      env: { EVENTSCOPE_NO_ISOLATION: "1" },
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
