import { expect, type Locator, type Page, test } from "@playwright/test";
import { clock, pause, runUploadedScenario, virtualNow } from "./simulationPage.ts";

// A small order flow in which every event is traced, so any dead-lettered
// event has a trace. billing gives up after 4 attempts. Alerts use a 0.1%
// threshold over a 1m window, evaluated every second.
const SCENARIO = `name: dead-letter-check
seed: 7
duration: 1h
producers:
  - name: checkout
    emits: OrderPlaced
    rate: 40/s
    arrival: constant
    keys: { field: orderId, count: 5000 }
topics:
  - name: orders
    carries: [OrderPlaced]
  - name: invoices
    carries: [InvoiceRequested]
services:
  - name: billing
    consumes: orders
    concurrency: 8
    serviceTime: { constant: 4ms }
    retry: { maxAttempts: 4, backoff: { initial: 50ms, multiplier: 2 } }
    deadLetter: billing.dlq
    emits: InvoiceRequested
  - name: mailer
    consumes: invoices
    concurrency: 4
    serviceTime: { constant: 1ms }
    deadLetter: mailer.dlq
alerts: { threshold: 0.1%, recovery: 0.05%, minVolume: 100, window: 1m, evaluateEvery: 1s }
tracing: { sampleRate: 100%, capacity: 50000 }
`;

const THRESHOLD = 0.001;
const WINDOW_MS = 60_000;
// Windows are built from 10 s slots: "1m" covers the current slot and the five before it.
const SLOT_MS = 10_000;
const BILLING_ROUTE = "orders->billing";
const BILLING_ATTEMPTS = 4;

async function numberAttribute(locator: Locator, name: string): Promise<number> {
  const value = await locator.getAttribute(name);
  expect(value, `${name} is missing`).not.toBeNull();
  expect(value, `${name} is empty`).not.toBe("");
  return Number(value);
}

async function resume(page: Page, speed: "10x" | "60x"): Promise<void> {
  await page.getByTestId("sim-speed").selectOption({ label: speed });
  await page.getByTestId("sim-toggle").click();
  await expect(clock(page)).toContainText("running");
}

function alertItem(page: Page, scopeId: string, state: "firing" | "resolved"): Locator {
  return page.locator(
    `[data-testid=alert-item][data-alert-id="dlq:${scopeId}"][data-state=${state}]`,
  );
}

function queueRow(page: Page, name: string): Locator {
  return page.locator(`[data-testid=dead-letter-queue][data-queue="${name}"]`);
}

/**
 * Loads the scenario above and makes every billing attempt fail. The fault
 * goes in while the run is paused, so it starts at the paused clock time,
 * which this returns.
 */
async function startFaultyRun(page: Page): Promise<number> {
  await runUploadedScenario(page, "dead-letter-check.yaml", SCENARIO);
  await expect(page.getByTestId("fault-service").locator("option")).toHaveText([
    "billing",
    "mailer",
  ]);

  const faultAtMs = await pause(page);
  await page.getByTestId("fault-service").selectOption("billing");
  await page.getByTestId("fault-kind").selectOption("errors");
  await page.getByTestId("fault-value").fill("1");
  await page.getByTestId("fault-inject").click();
  await expect(page.getByTestId("fault-clear")).toHaveText("Clear faults (1)");
  await resume(page, "10x");
  return faultAtMs;
}

test("dead-letter ratio crosses the threshold and fires alerts", async ({ page }) => {
  const faultAtMs = await startFaultyRun(page);
  await page.getByTestId("scope-select").selectOption(BILLING_ROUTE);

  // The chart draws the threshold line and the route's ratio rises above it.
  const chart = page.getByTestId("dead-letter-chart-state");
  await expect(chart).toHaveAttribute("data-over-threshold", "true");
  await expect(chart).toHaveAttribute("data-threshold", String(THRESHOLD));
  expect(await numberAttribute(chart, "data-latest-ratio")).toBeGreaterThan(THRESHOLD);
  const line = page.getByTestId("dead-letter-threshold");
  await expect(line).toHaveAttribute("data-value", String(THRESHOLD));
  await expect(line).toContainText("alert threshold 0.1%");
  await expect(page.getByTestId("dead-letter-chart-highlight-ratio")).toHaveAttribute(
    "d",
    /^M/,
  );

  // The route's alert fires within one window of the fault, and so does the overall one.
  const routeAlert = alertItem(page, BILLING_ROUTE, "firing");
  await expect(routeAlert).toHaveCount(1);
  const firedAtMs = await numberAttribute(routeAlert, "data-fired-at-ms");
  expect(firedAtMs).toBeGreaterThanOrEqual(faultAtMs);
  expect(firedAtMs - faultAtMs).toBeLessThanOrEqual(WINDOW_MS);
  expect(await numberAttribute(routeAlert, "data-value")).toBeGreaterThanOrEqual(
    THRESHOLD,
  );
  await expect(alertItem(page, "all", "firing")).toHaveCount(1);
  await expect(page.getByTestId("alert-count-badge")).toHaveAttribute("data-count", "2");
  await expect(page.getByTestId("alert-count-badge")).toHaveAccessibleName(
    "2 alerts firing",
  );
});

test("clearing the fault resolves the alert", async ({ page }) => {
  await startFaultyRun(page);
  await expect(alertItem(page, BILLING_ROUTE, "firing")).toHaveCount(1);

  const clearedAtMs = await pause(page);
  await page.getByTestId("fault-clear").click();
  await expect(page.getByTestId("fault-clear")).toHaveText("Clear faults");
  await resume(page, "60x");

  const resolved = alertItem(page, BILLING_ROUTE, "resolved");
  await expect(resolved).toHaveCount(1, { timeout: 60_000 });
  const resolvedAtMs = await numberAttribute(resolved, "data-resolved-at-ms");

  // Dead letters from just before the clear stay in the 1m window, which
  // spans 50 to 60 s. So the alert resolves at least 50 s after the clear,
  // less the gap before the last dead letter (under 1 s at 40 events/s).
  // It resolves at most one window and one 10 s slot after the clear.
  expect(resolvedAtMs - clearedAtMs).toBeGreaterThanOrEqual(WINDOW_MS - SLOT_MS - 1_000);
  expect(resolvedAtMs - clearedAtMs).toBeLessThanOrEqual(WINDOW_MS + SLOT_MS);
  expect(await numberAttribute(resolved, "data-value")).toBeLessThan(THRESHOLD);
  await expect(alertItem(page, BILLING_ROUTE, "firing")).toHaveCount(0);
  await expect(page.getByTestId("alert-count-badge")).toHaveAttribute("data-count", "0");

  await page.getByTestId("scope-select").selectOption(BILLING_ROUTE);
  await expect(page.getByTestId("dead-letter-chart-state")).toHaveAttribute(
    "data-over-threshold",
    "false",
  );
});

test("redrive empties the healthy service's dead-letter queue", async ({ page }) => {
  await startFaultyRun(page);
  const billingQueue = queueRow(page, "billing.dlq");
  await expect(billingQueue.getByTestId("dead-letter-queue-size")).not.toHaveText("0");

  // Heal billing, and let retries that were under way finish first.
  const clearedAtMs = await pause(page);
  await page.getByTestId("fault-clear").click();
  await resume(page, "10x");
  await expect.poll(() => virtualNow(page)).toBeGreaterThan(clearedAtMs + 5_000);
  await expect(page.getByTestId("dead-letter-row").first()).toBeVisible();

  await page.getByTestId("dead-letters-redrive-all").click();
  const status = page.getByTestId("dead-letters-redrive-status");
  await expect(status).toHaveText(/^Redrove [\d,]+ events?\.$/);
  const redriven = (await status.textContent())?.match(/[\d,]+/)?.[0] ?? "";

  const cells = billingQueue.locator("td");
  await expect(billingQueue.getByTestId("dead-letter-queue-size")).toHaveText("0");
  await expect(cells.nth(2)).toHaveText(redriven);
  await expect(cells.nth(1)).toHaveText(redriven);
  await expect(page.getByTestId("dead-letters-empty")).toBeVisible();
  await expect(page.getByTestId("dead-letter-row")).toHaveCount(0);
});

test("waterfall of a dead-lettered event shows its retries", async ({ page }) => {
  await startFaultyRun(page);
  const newest = page.getByTestId("dead-letter-row").first();
  await expect(newest).toHaveAttribute("data-service", "billing");

  await pause(page);
  const eventId = await newest.getAttribute("data-event-id");
  await newest.getByTestId("dead-letter-row-trace").click();
  await expect(page.getByTestId("waterfall")).toBeVisible();

  const hops = page.locator(
    `[data-testid=waterfall-row][data-span-id^="event:${eventId}:route:${BILLING_ROUTE}:hop:"]`,
  );
  const attempts = hops.and(page.locator("[data-attempt]:not([data-attempt=''])"));
  await expect(attempts).toHaveCount(BILLING_ATTEMPTS);
  const expected = Array.from({ length: BILLING_ATTEMPTS }, (_, i) => String(i + 1));
  expect(
    await attempts.evaluateAll((rows) => rows.map((row) => row.dataset.attempt)),
  ).toEqual(expected);
  expect(
    await attempts.evaluateAll((rows) => rows.map((row) => row.dataset.retry)),
  ).toEqual(expected.map((attempt) => String(attempt !== "1")));
  expect(
    await attempts.evaluateAll((rows) => rows.map((row) => row.dataset.error)),
  ).toEqual(expected.map(() => "true"));
  await expect(hops.filter({ hasText: "dead letter" })).toHaveCount(1);

  // Clicking the second attempt shows its attributes.
  await attempts.nth(1).getByTestId("waterfall-row-select").click();
  const details = page.getByTestId("waterfall-details");
  await expect(details.getByTestId("waterfall-details-attempt")).toHaveText("2");
  await expect(details.getByTestId("waterfall-attributes")).toContainText(BILLING_ROUTE);
});
