/**
 * Every real trace sample imports through the file picker in Chromium. Its
 * summary shows the format label, span count and trace count that the Node
 * tests derive, and its tables have one row per edge and per service.
 * The samples are read in place and never copied.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";

const tracesDir = path.resolve(import.meta.dirname, "../../shared/data/traces");

interface Sample {
  file: string;
  format: "Zipkin v2 JSON" | "Jaeger JSON" | "OTLP/JSON";
  spans: number;
  traces: number;
  edges: number;
  services: number;
}

// Spans, edges and services are the figures of test/engine/traces/realFiles.test.ts.
// Where a test does not assert spanCount, it is the sum of its service table.
// Every sample contains one trace id. The two smartthings edge counts are not
// asserted in Node, so they are what importTraces returns in Node for the file.
const samples: Sample[] = [
  {
    file: "zipkin/yelp.json",
    format: "Zipkin v2 JSON",
    spans: 16,
    traces: 1,
    edges: 10,
    services: 6,
  },
  {
    file: "zipkin/messaging-kafka.json",
    format: "Zipkin v2 JSON",
    spans: 28,
    traces: 1,
    edges: 3,
    services: 2,
  },
  {
    file: "zipkin/messaging.json",
    format: "Zipkin v2 JSON",
    spans: 4,
    traces: 1,
    edges: 2,
    services: 2,
  },
  {
    file: "zipkin/messaging2.json",
    format: "Zipkin v2 JSON",
    spans: 11,
    traces: 1,
    edges: 3,
    services: 4,
  },
  {
    file: "zipkin/ascend.json",
    format: "Zipkin v2 JSON",
    spans: 8,
    traces: 1,
    edges: 2,
    services: 3,
  },
  {
    file: "zipkin/skew.json",
    format: "Zipkin v2 JSON",
    spans: 4,
    traces: 1,
    edges: 1,
    services: 2,
  },
  {
    file: "zipkin/simple-db-p6.json",
    format: "Zipkin v2 JSON",
    spans: 5,
    traces: 1,
    edges: 1,
    services: 1,
  },
  {
    file: "zipkin/envoy.json",
    format: "Zipkin v2 JSON",
    spans: 1,
    traces: 1,
    edges: 0,
    services: 1,
  },
  {
    file: "zipkin/smartthings-oauth-authorization.json",
    format: "Zipkin v2 JSON",
    spans: 175,
    traces: 1,
    edges: 9,
    services: 8,
  },
  // 1041 span objects, of which 84 timestamp-less fragments merge into their server spans.
  {
    file: "zipkin/smartthings-mobile-web-install.json",
    format: "Zipkin v2 JSON",
    spans: 957,
    traces: 1,
    edges: 28,
    services: 16,
  },
  {
    file: "jaeger/testTraceNormal.json",
    format: "Jaeger JSON",
    spans: 5,
    traces: 1,
    edges: 1,
    services: 2,
  },
  // The one span appears twice and counts once.
  {
    file: "jaeger/otlp2jaeger-out.json",
    format: "Jaeger JSON",
    spans: 1,
    traces: 1,
    edges: 0,
    services: 1,
  },
  {
    file: "otlp/sibling_errors.json",
    format: "OTLP/JSON",
    spans: 6,
    traces: 1,
    edges: 2,
    services: 3,
  },
  {
    file: "otlp/otel-proto-example.json",
    format: "OTLP/JSON",
    spans: 1,
    traces: 1,
    edges: 0,
    services: 1,
  },
  {
    file: "otlp/otlp2jaeger-in.json",
    format: "OTLP/JSON",
    spans: 1,
    traces: 1,
    edges: 0,
    services: 1,
  },
  // Five roots in one trace, so no span has a parent to draw an edge from.
  {
    file: "otlp/jaeger-fixture-example_trace.json",
    format: "OTLP/JSON",
    spans: 5,
    traces: 1,
    edges: 0,
    services: 3,
  },
  {
    file: "otlp/jaeger-fixture-multiple1_trace.json",
    format: "OTLP/JSON",
    spans: 1,
    traces: 1,
    edges: 0,
    services: 1,
  },
];

/** The summary's count form: "1 trace", "16 spans". */
function plural(count: number, noun: string): string {
  return `${count.toLocaleString("en")} ${noun}${count === 1 ? "" : "s"}`;
}

function sampleFiles(): string[] {
  return readdirSync(tracesDir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".json") || file.endsWith(".jsonl"))
    .sort();
}

/** OTLP samples as JSON lines: each document on one line, line breaks removed. */
function otlpLines(files: string[]): Buffer {
  const lines = files.map((file) =>
    readFileSync(path.join(tracesDir, file), "utf8")
      .split("\n")
      .map((line) => line.trim())
      .join(""),
  );
  return Buffer.from(`${lines.join("\n")}\n`);
}

async function openImport(page: Page): Promise<void> {
  await page.goto("/?source=import");
  await expect(page.getByTestId("import-empty")).toBeVisible();
}

const edgeRows = (page: Page) => page.getByTestId("import-edges").locator("tbody tr");
const serviceRows = (page: Page) =>
  page.getByTestId("import-services").locator("tbody tr");

test("sample table covers every file", () => {
  expect(samples.map((sample) => sample.file).sort()).toEqual(sampleFiles());
});

for (const sample of samples) {
  test(`imports ${sample.file}`, async ({ page }) => {
    await openImport(page);
    await page
      .getByTestId("import-file-input")
      .setInputFiles(path.join(tracesDir, sample.file));

    await expect(page.getByTestId("import-summary")).toHaveText(
      `Read ${sample.format}: ${plural(sample.spans, "span")} in ${plural(sample.traces, "trace")}`,
    );
    await expect(edgeRows(page)).toHaveCount(sample.edges);
    await expect(serviceRows(page)).toHaveCount(sample.services);
    await expect(page.getByTestId("import-trace-select").locator("option")).toHaveCount(
      sample.traces,
    );
  });
}

// The three documents are the samples above, so the figures are their sums.
const lineFiles = [
  "otlp/sibling_errors.json",
  "otlp/jaeger-fixture-multiple1_trace.json",
  "otlp/otel-proto-example.json",
];

test("imports OTLP JSON lines", async ({ page }) => {
  await openImport(page);
  await page.getByTestId("import-file-input").setInputFiles({
    name: "otlp-samples.jsonl",
    mimeType: "application/x-ndjson",
    buffer: otlpLines(lineFiles),
  });

  await expect(page.getByTestId("import-summary")).toHaveText(
    "Read OTLP/JSON: 8 spans in 3 traces",
  );
  await expect(edgeRows(page)).toHaveCount(2);
  await expect(serviceRows(page)).toHaveCount(5);
  // The last document's service, read after two documents of other services.
  const myService = serviceRows(page).filter({ hasText: "my.service" });
  await expect(myService.locator("td").nth(1)).toHaveText("1");
  await expect(page.getByTestId("import-trace-select").locator("option")).toHaveCount(3);
});

test("waterfall renders chosen trace", async ({ page }) => {
  await openImport(page);
  await page.getByTestId("import-file-input").setInputFiles({
    name: "otlp-samples.jsonl",
    mimeType: "application/x-ndjson",
    buffer: otlpLines(lineFiles),
  });
  await expect(page.getByTestId("import-summary")).toContainText("3 traces");
  const select = page.getByTestId("import-trace-select");
  const waterfall = page.getByTestId("waterfall");

  // The one server span of the OTLP example, whose parent is not in the file.
  await select.selectOption("5b8efff798038103d269b633813fc60c");
  await expect(waterfall.locator("h3")).toHaveText(
    "Trace 5b8efff798038103d269b633813fc60c",
  );
  await expect(waterfall).toHaveAttribute("data-span-count", "1");
  await expect(waterfall.getByTestId("waterfall-row")).toHaveCount(1);
  await expect(waterfall.getByTestId("waterfall-row").first()).toContainText(
    "I'm a server span",
  );

  // checkout's six spans: three checkout spans failed, and so did the
  // payment and email calls.
  await select.selectOption("7c4f1a90b3e84d2f9a6c5e8017b3d264");
  await expect(waterfall).toHaveAttribute("data-span-count", "6");
  const rows = waterfall.getByTestId("waterfall-row");
  await expect(rows).toHaveCount(6);
  await expect(rows.and(page.locator('[data-error="true"]'))).toHaveCount(5);
  await expect(rows.first()).toHaveAttribute("data-depth", "0");
});

test("second import replaces the first", async ({ page }) => {
  await openImport(page);
  const input = page.getByTestId("import-file-input");
  await input.setInputFiles(path.join(tracesDir, "zipkin/yelp.json"));
  await expect(page.getByTestId("import-summary")).toHaveText(
    "Read Zipkin v2 JSON: 16 spans in 1 trace",
  );
  await expect(page.getByTestId("waterfall")).toHaveAttribute("data-span-count", "16");

  await input.setInputFiles(path.join(tracesDir, "jaeger/testTraceNormal.json"));
  await expect(page.getByTestId("import-summary")).toHaveText(
    "Read Jaeger JSON: 5 spans in 1 trace",
  );
  await expect(edgeRows(page)).toHaveCount(1);
  await expect(serviceRows(page)).toHaveCount(2);
  await expect(page.getByTestId("import-services")).not.toContainText("mobile_api");
  await expect(page.getByTestId("import-trace-select").locator("option")).toHaveCount(1);
  await expect(page.getByTestId("waterfall")).toHaveAttribute("data-span-count", "5");
  await expect(page.getByTestId("waterfall")).not.toContainText("routing");
});

test("waterfall draws every row", async ({ page }) => {
  await openImport(page);
  await page
    .getByTestId("import-file-input")
    .setInputFiles(path.join(tracesDir, "zipkin/smartthings-mobile-web-install.json"));
  const waterfall = page.getByTestId("waterfall");
  await expect(waterfall).toHaveAttribute("data-span-count", "957");
  // Rows are added a slice per frame, so the count grows until all 957 are drawn.
  await expect(waterfall.getByTestId("waterfall-row")).toHaveCount(957);
  await expect(waterfall.getByTestId("waterfall-truncated")).toHaveCount(0);
});

test("trace list of 600 traces", async ({ page }) => {
  // 600 one-span traces with ids 1 to 600 (hex), one millisecond apart.
  const spans = Array.from({ length: 600 }, (_, index) => {
    const id = (index + 1).toString(16).padStart(16, "0");
    return {
      traceId: id,
      id,
      name: `get ${index + 1}`,
      timestamp: 1_700_000_000_000_000 + index * 1000,
      duration: 500,
      localEndpoint: { serviceName: "frontend" },
    };
  });
  await openImport(page);
  await page.getByTestId("import-file-input").setInputFiles({
    name: "many-traces.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(spans)),
  });
  await expect(page.getByTestId("import-summary")).toHaveText(
    "Read Zipkin v2 JSON: 600 spans in 600 traces",
  );
  const options = page.getByTestId("import-trace-select").locator("option");
  await expect(options).toHaveCount(500);
  await expect(page.getByTestId("import-trace-limit")).toContainText(
    "The list shows 500 of 600 matching traces.",
  );

  // Trace 600 is 0x258; the chosen trace stays listed next to the one match.
  await page.getByTestId("import-trace-filter").fill("0000000000000258");
  await expect(options).toHaveCount(2);
  await expect(page.getByTestId("import-trace-limit")).toHaveCount(0);
  await page.getByTestId("import-trace-select").selectOption("0000000000000258");
  await expect(page.getByTestId("waterfall").locator("h3")).toHaveText(
    "Trace 0000000000000258",
  );
  await expect(page.getByTestId("waterfall-row")).toContainText("get 600");
});
