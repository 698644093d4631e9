import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect, test } from "@playwright/test";
import { virtualNow } from "./simulationPage.ts";

const exampleScenario = readFileSync(
  resolve(import.meta.dirname, "../scenarios/example.yaml"),
  "utf8",
);

test("opens on the default scenario, running", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("scenario-select")).toHaveValue("default");
  await expect(page.getByTestId("sim-clock")).toContainText("running");
  await expect.poll(() => virtualNow(page)).toBeGreaterThan(1000);
  await expect(page.getByTestId("engine-latency")).toContainText(
    "engine ring latency (wall clock): p50",
  );
  await expect(page.getByTestId("rate-producer").locator("option")).toHaveText([
    "storefront",
    "mobile-app",
    "partner-api",
    "warehouse-scanner",
  ]);
});

test("pause stops and start resumes the clock", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("sim-clock")).toContainText("running");
  await page.getByTestId("sim-toggle").click();
  await expect(page.getByTestId("sim-clock")).toContainText("paused");
  const pausedAt = await virtualNow(page);
  await expect(page.getByTestId("sim-toggle")).toHaveText("Start");
  await page.getByTestId("sim-toggle").click();
  await expect(page.getByTestId("sim-clock")).toContainText("running");
  await expect.poll(() => virtualNow(page)).toBeGreaterThan(pausedAt);
});

test("as fast as possible outruns wall time", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("sim-speed").selectOption({ label: "As fast as possible" });
  await expect.poll(() => virtualNow(page), { timeout: 30_000 }).toBeGreaterThan(120_000);
});

test("invalid scenario file keeps the running one", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("sim-clock")).toContainText("running");
  await page.getByTestId("scenario-file-input").setInputFiles({
    name: "broken.yaml",
    mimeType: "application/yaml",
    buffer: Buffer.from(exampleScenario.replace("rate: 2000/s", "rate: -5/s")),
  });
  const error = page.getByTestId("scenario-file-error");
  await expect(error).toContainText("broken.yaml:7:11: producers[0].rate");
  await expect(page.getByTestId("scenario-select")).toHaveValue("default");
  const before = await virtualNow(page);
  await expect.poll(() => virtualNow(page)).toBeGreaterThan(before);
});

test("scenario file replaces the default", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("sim-clock")).toContainText("running");
  await page.getByTestId("scenario-file-input").setInputFiles({
    name: "orders.yaml",
    mimeType: "application/yaml",
    buffer: Buffer.from(exampleScenario),
  });
  await expect(page.getByTestId("scenario-select")).toHaveValue("file:orders.yaml");
  await expect(page.getByTestId("rate-producer").locator("option")).toHaveText([
    "storefront",
  ]);
  await expect(page.getByTestId("fault-service").locator("option")).toHaveText([
    "inventory",
    "payment",
  ]);
});

test("service table shows injected faults", async ({ page }) => {
  await page.goto("/?panel=latency");
  await expect(page.getByTestId("sim-clock")).toContainText("running");
  const paymentFaults = page
    .getByTestId("service-table")
    .locator('tr[data-service="payment"]')
    .getByTestId("service-faults");
  await expect(paymentFaults).toHaveText("none");
  await page.getByTestId("fault-service").selectOption("payment");
  await page.getByTestId("fault-kind").selectOption("slow");
  await page.getByTestId("fault-value").fill("4");
  await page.getByTestId("fault-inject").click();
  await expect(paymentFaults).toHaveText("slow ×4");
  await page.getByTestId("fault-clear").click();
  await expect(paymentFaults).toHaveText("none");
});
