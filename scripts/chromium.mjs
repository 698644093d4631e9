import { existsSync } from "node:fs";

const candidates = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
];

/**
 * Finds a Chromium binary: CHROMIUM_PATH first, then Debian's and Google's
 * usual paths, then the browser Playwright downloaded itself, if any.
 * Returns undefined when none exists.
 */
export async function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  const system = candidates.find((path) => existsSync(path));
  if (system) return system;
  try {
    const { chromium } = await import("@playwright/test");
    const bundled = chromium.executablePath();
    return existsSync(bundled) ? bundled : undefined;
  } catch {
    return undefined;
  }
}

export const installHint = [
  "No Chromium found for the browser tests.",
  "Install one of:",
  "  - Debian or Ubuntu: sudo apt-get install -y chromium   (gives /usr/bin/chromium)",
  "  - Playwright's own build, where downloads work: npx playwright install chromium",
  "  - any Chromium or Chrome binary, then: export CHROMIUM_PATH=/path/to/chromium",
].join("\n");
