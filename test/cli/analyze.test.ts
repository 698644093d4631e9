import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  afterAll,
  afterEach,
  beforeEach,
  describe,
  expect,
  it,
  type MockInstance,
  vi,
} from "vitest";
import { run } from "../../src/cli/analyze.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tracesDir = path.resolve(repoRoot, "../shared/data/traces");
const scratch = mkdtempSync(path.join(tmpdir(), "eventscope-analyze-"));

let stdout: MockInstance;
let stderr: MockInstance;

beforeEach(() => {
  stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  stderr = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function writeInput(name: string, text: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, text);
  return file;
}

function printedJson() {
  return JSON.parse(stdout.mock.calls.map((call) => String(call[0])).join(""));
}

function errorOutput(): string {
  return stderr.mock.calls.map((call) => String(call[0])).join("\n");
}

const zipkinSpan = (fields: Record<string, unknown>) => ({
  traceId: "463ac35c9f6413ad",
  id: "72485a3953bb6124",
  timestamp: 1000,
  duration: 20,
  localEndpoint: { serviceName: "web" },
  ...fields,
});

describe("analyze --json", () => {
  it("prints the documented shape for a real file", async () => {
    const code = await run([path.join(tracesDir, "zipkin/messaging.json"), "--json"]);
    expect(code).toBe(0);
    expect(printedJson()).toEqual({
      format: "zipkin",
      nodes: [
        { id: "service:backend", kind: "service", name: "backend" },
        { id: "service:frontend", kind: "service", name: "frontend" },
        { id: "topic:rabbitmq", kind: "topic", name: "rabbitmq" },
      ],
      edges: [
        {
          source: "service:frontend",
          target: "topic:rabbitmq",
          callCount: 1,
          errorCount: 0,
          p50: 0.013,
          p90: 0.013,
          p99: 0.013,
        },
        {
          source: "topic:rabbitmq",
          target: "service:backend",
          callCount: 1,
          errorCount: 0,
          p50: 0.014,
          p90: 0.014,
          p99: 0.014,
        },
      ],
      services: [
        { name: "backend", spanCount: 2, totalMs: 0.385, selfMs: 0.385 },
        { name: "frontend", spanCount: 2, totalMs: 2.852, selfMs: 2.839 },
      ],
      warnings: [],
    });
  });

  it("joins several files and their formats", async () => {
    const files = ["otlp/sibling_errors.json", "jaeger/testTraceNormal.json"].map(
      (file) => path.join(tracesDir, file),
    );
    expect(await run([...files, "--json"])).toBe(0);
    const output = printedJson();
    expect(output.format).toBe("otlp+jaeger");
    expect(output.services.map((service: { name: string }) => service.name)).toEqual([
      "api-gateway",
      "checkout",
      "customers-service",
      "email",
      "payment",
    ]);
  });

  it("prints text without --json", async () => {
    expect(await run([path.join(tracesDir, "zipkin/skew.json")])).toBe(0);
    const text = stdout.mock.calls.map((call) => String(call[0])).join("");
    expect(text).toContain("format: Zipkin v2 JSON");
    expect(text).toContain(
      "service:servicea -> service:serviceb  1 calls, 0 errors, 93.577/93.577/93.577",
    );
  });
});

describe("analyze deep traces", () => {
  it("imports a chain of 100,000 nested spans", async () => {
    const spans = [];
    for (let i = 1; i <= 100_000; i++) {
      const hex = (value: number) => value.toString(16).padStart(16, "0");
      spans.push({
        traceId: "00000000000000dd",
        id: hex(i),
        parentId: i === 1 ? undefined : hex(i - 1),
        timestamp: 1_000_000 + i,
        duration: 200_000 - 2 * i,
        localEndpoint: { serviceName: "deep" },
      });
    }
    const file = writeInput("deep-chain.json", JSON.stringify(spans));
    expect(await run([file, "--json"])).toBe(0);
    const output = printedJson();
    // Depths run from 0 to 99,999, so 98,999 spans are deeper than 1,000 levels.
    expect(
      output.warnings.map((warning: { code: string; count: number }) => [
        warning.code,
        warning.count,
      ]),
    ).toEqual([["deepNesting", 98_999]]);
    expect(output.services[0].spanCount).toBe(100_000);
  });
});

describe("analyze bad input", () => {
  const cases: [string, string, string][] = [
    [
      "not JSON",
      "hello",
      "Invalid JSON at byte 0 ($): expected a JSON value but found 'h'",
    ],
    [
      "truncated JSON",
      '[{"traceId": "ab"',
      "unexpected end of input with 2 unclosed containers",
    ],
    ["JSON of another shape", '{"users": []}', "is not a trace file"],
    [
      "a span without id",
      JSON.stringify([zipkinSpan({ id: undefined })]),
      'the span has no "id"; every span needs a hex id at $[0] (byte 1)',
    ],
    [
      "a non-hex id",
      JSON.stringify([zipkinSpan({ traceId: "zz" })]),
      '"traceId" is "zz", not an id of 1 to 32 hex digits at $[0].traceId',
    ],
    [
      "a negative duration",
      JSON.stringify([zipkinSpan({ duration: -5 })]),
      "the span ends before it starts (duration -5000 ns) at $[0].duration",
    ],
    [
      "an absurd duration",
      JSON.stringify([zipkinSpan({ duration: 1e12 })]),
      "the span lasts 11.6 days, more than the 7-day limit",
    ],
    [
      "a parent cycle",
      JSON.stringify([
        zipkinSpan({ id: "01", parentId: "02" }),
        zipkinSpan({ id: "02", parentId: "01" }),
      ]),
      "2 spans form parent cycles",
    ],
    [
      "100,000-deep nesting",
      "[".repeat(100_000) + "]".repeat(100_000),
      "nesting is deeper than the limit",
    ],
  ];

  for (const [label, text, message] of cases) {
    it(`rejects ${label} with exit code 2`, async () => {
      const file = writeInput(`${label.replaceAll(" ", "-")}.json`, text);
      expect(await run([file, "--json"])).toBe(2);
      const output = errorOutput();
      expect(output).toContain(message);
      expect(output).toContain(file);
      expect(output).not.toMatch(/\n\s+at /);
      expect(stdout).not.toHaveBeenCalled();
    });
  }

  it("rejects a file over the size limit", async () => {
    const file = writeInput(
      "large.json",
      JSON.stringify([zipkinSpan({})]).padEnd(2048, " "),
    );
    expect(await run([file, "--max-mb", "0.001"])).toBe(2);
    expect(errorOutput()).toContain(
      "the file has 2048 bytes, more than the import limit of 1048 bytes; split the input or raise the limit",
    );
  });

  it("rejects a missing file", async () => {
    expect(await run([path.join(scratch, "absent.json")])).toBe(2);
    expect(errorOutput()).toContain("cannot read");
    expect(errorOutput()).toContain("ENOENT");
  });

  it("rejects no arguments and unknown options", async () => {
    expect(await run([])).toBe(2);
    expect(errorOutput()).toContain("analyze: no trace file given");
    expect(await run(["x.json", "--fast"])).toBe(2);
    expect(errorOutput()).toContain('unknown option "--fast"');
  });
});
