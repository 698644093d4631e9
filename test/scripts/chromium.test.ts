import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findChromium, installHint } from "../../scripts/chromium.mjs";

const saved = process.env.CHROMIUM_PATH;

afterEach(() => {
  if (saved === undefined) delete process.env.CHROMIUM_PATH;
  else process.env.CHROMIUM_PATH = saved;
});

describe("findChromium", () => {
  it("returns CHROMIUM_PATH when the file exists", async () => {
    process.env.CHROMIUM_PATH = process.execPath;
    expect(await findChromium()).toBe(process.execPath);
  });

  it("returns undefined for a missing CHROMIUM_PATH", async () => {
    process.env.CHROMIUM_PATH = "/nonexistent/chromium";
    expect(await findChromium()).toBeUndefined();
  });
});

describe("check-chromium script", () => {
  it("stops with install instructions", () => {
    const script = resolve(import.meta.dirname, "../../scripts/check-chromium.mjs");
    const result = spawnSync(process.execPath, [script], {
      env: { ...process.env, CHROMIUM_PATH: "/nonexistent/chromium" },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("CHROMIUM_PATH is set to /nonexistent/chromium");
    expect(result.stderr).toContain(installHint);
  });
});
