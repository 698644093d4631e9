import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { run } from "../../src/cli/simulate.ts";

const defaultScenario = resolve(import.meta.dirname, "../../scenarios/default.yaml");

describe("simulate command", () => {
  let stdout: string[];
  let stderr: string[];

  beforeEach(() => {
    stdout = [];
    stderr = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      stdout.push(String(chunk));
      return true;
    });
    vi.spyOn(console, "error").mockImplementation((...parts) => {
      stderr.push(parts.join(" "));
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("prints the same JSON twice for one seed", async () => {
    expect(await run([defaultScenario, "--duration", "20s", "--json"])).toBe(0);
    expect(
      await run([defaultScenario, "--duration", "20s", "--json", "--pipeline", "direct"]),
    ).toBe(0);
    expect(
      await run([defaultScenario, "--duration", "20s", "--json", "--seed", "7"]),
    ).toBe(0);
    const [ring, direct, otherSeed] = stdout;
    const figures = JSON.parse(ring);

    expect(direct).toBe(ring);
    expect(otherSeed).not.toBe(ring);
    expect(figures.virtualMs).toBe(20_000);
    expect(Object.keys(figures.services)).toContain("payment");
    expect(Object.keys(figures.routes["orders->inventory"])).toEqual([
      "1m",
      "5m",
      "15m",
      "endToEnd",
    ]);
    expect(Object.keys(figures.services.payment["15m"])).toEqual([
      "count",
      "ratePerSecond",
      "p50",
      "p90",
      "p99",
      "max",
      "failedAttempts",
      "deadLettered",
      "deadLetterRatio",
    ]);
  });

  it("exits 2 naming the line and field of an invalid scenario", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eventscope-"));
    const file = join(dir, "bad.yaml");
    writeFileSync(
      file,
      "producers:\n  - name: p\n    emits: E\n    rate: -3/s\ntopics: [{ name: t, carries: E }]\n",
    );

    expect(await run([file])).toBe(2);
    expect(stderr[0]).toBe(
      `${file}:4:11: producers[0].rate: rate -3/s must be 0 or more events per second`,
    );
    expect(stderr.join("\n")).not.toMatch(/at .*\.ts:\d+/);
    expect(stdout).toEqual([]);
  });

  it("exits 2 on bad options", async () => {
    expect(await run([defaultScenario, "--duration", "ten"])).toBe(2);
    expect(stderr[0]).toMatch(/^--duration ten: "ten" is not a time/);
    expect(await run([])).toBe(2);
    expect(stderr[1]).toMatch(/^missing the scenario file/);
    expect(await run([defaultScenario, "--seed", "-1"])).toBe(2);
    expect(stderr[2]).toMatch(/^--seed -1 is invalid/);
  });

  it("exits 2 on a directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eventscope-"));

    expect(await run([dir])).toBe(2);
    expect(stderr).toEqual([`${dir}: not a file; give the path of a scenario YAML file`]);
    expect(stdout).toEqual([]);
  });
});
