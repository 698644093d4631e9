import { resolve } from "node:path";
import { expect, test } from "@playwright/test";

const traces = resolve(import.meta.dirname, "../../shared/data/traces");

test("imports a Zipkin file from the picker", async ({ page }) => {
  await page.goto("/?source=import");
  await expect(page.getByTestId("import-empty")).toBeVisible();
  await page
    .getByTestId("import-file-input")
    .setInputFiles(`${traces}/zipkin/messaging-kafka.json`);
  await expect(page.getByTestId("import-summary")).toHaveText(
    "Read Zipkin v2 JSON: 28 spans in 1 trace",
  );
  const edges = page.getByTestId("import-edges").locator("tbody tr");
  await expect(edges).toHaveCount(3);
  await expect(edges.nth(0)).toContainText("servicea");
  await expect(edges.nth(0)).toContainText("kafka");
  const services = page.getByTestId("import-services").locator("tbody tr");
  await expect(services).toHaveCount(2);
  await expect(services.nth(0).locator("td").nth(1)).toHaveText("22");
  await expect(services.nth(1).locator("td").nth(1)).toHaveText("6");
});

test("bad file keeps the previous import", async ({ page }) => {
  await page.goto("/?source=import");
  const input = page.getByTestId("import-file-input");
  await input.setInputFiles(`${traces}/jaeger/testTraceNormal.json`);
  await expect(page.getByTestId("import-summary")).toContainText("Jaeger");
  const summary = await page.getByTestId("import-summary").textContent();

  await input.setInputFiles({
    name: "broken.json",
    mimeType: "application/json",
    buffer: Buffer.from('{"resourceSpans": [ {"scopeSpans": '),
  });
  const error = page.getByTestId("import-error");
  await expect(error).toContainText("broken.json");
  await expect(error).toContainText("The previous import is still shown.");
  await expect(page.getByTestId("import-summary")).toHaveText(summary ?? "");
  await expect(page.getByTestId("import-services").locator("tbody tr")).toHaveCount(2);
});

test("imported names render as text", async ({ page }) => {
  const hostile = '<img src=x onerror="window.__pwned=1">';
  const spans = [
    {
      traceId: "0000000000000001",
      id: "0000000000000001",
      kind: "CLIENT",
      name: "call",
      timestamp: 1_700_000_000_000_000,
      duration: 1500,
      localEndpoint: { serviceName: hostile },
      remoteEndpoint: { serviceName: "backend" },
    },
  ];
  await page.goto("/?source=import");
  await page.getByTestId("import-file-input").setInputFiles({
    name: "hostile.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(spans)),
  });
  await expect(page.getByTestId("import-services")).toContainText(hostile);
  expect(await page.locator("img[src=x]").count()).toBe(0);
  expect(
    await page.evaluate(() => (window as { __pwned?: number }).__pwned),
  ).toBeUndefined();
});

test("imports from a same-origin URL", async ({ page }) => {
  await page.route(
    (url) => url.pathname === "/samples/yelp.json",
    (route) =>
      route.fulfill({
        path: `${traces}/zipkin/yelp.json`,
        contentType: "application/json",
      }),
  );
  await page.goto("/?import=/samples/yelp.json");
  await expect(page.getByTestId("import-summary")).toHaveText(
    "Read Zipkin v2 JSON: 16 spans in 1 trace",
  );
  await expect(page.getByTestId("source-select")).toHaveValue("import");
});

test("rejects a URL on another origin", async ({ page }) => {
  await page.goto("/?import=http://example.invalid/trace.json");
  await expect(page.getByTestId("import-error")).toContainText(
    "not on this page's origin",
  );
});

test("names an HTML page served for a missing file", async ({ page }) => {
  await page.goto("/?import=/missing-trace.json");
  await expect(page.getByTestId("import-error")).toContainText(
    "/missing-trace.json returned an HTML page (text/html",
  );
});

test("imports a dropped file", async ({ page }) => {
  await page.goto("/?source=import");
  const text = JSON.stringify([
    {
      traceId: "00000000000000aa",
      id: "00000000000000aa",
      name: "get",
      timestamp: 1_700_000_000_000_000,
      duration: 2000,
      localEndpoint: { serviceName: "dropped-service" },
    },
  ]);
  const transfer = await page.evaluateHandle((content) => {
    const data = new DataTransfer();
    data.items.add(new File([content], "dropped.json", { type: "application/json" }));
    return data;
  }, text);
  await page.getByTestId("import-area").dispatchEvent("drop", { dataTransfer: transfer });
  await expect(page.getByTestId("import-summary")).toHaveText(
    "Read Zipkin v2 JSON: 1 span in 1 trace",
  );
  await expect(page.getByTestId("import-services")).toContainText("dropped-service");
});
