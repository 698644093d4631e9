import { expect, type Locator, type Page, test } from "@playwright/test";
import { pause, runUploadedScenario } from "./simulationPage.ts";

// Half of the event chains are traced, and billing fails half of its
// attempts and gives up after two, so about a quarter of the orders are
// dead-lettered: some with a trace and some without.
const SCENARIO = `name: half-traced
seed: 21
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
services:
  - name: billing
    consumes: orders
    concurrency: 8
    serviceTime: { constant: 4ms }
    failure: 0.5
    retry: { maxAttempts: 2, backoff: { initial: 20ms, multiplier: 2 } }
    deadLetter: billing.dlq
tracing: { sampleRate: 50%, capacity: 50000 }
`;

function waterfallRowsOf(page: Page, eventId: string): Locator {
  return page.locator(`[data-testid=waterfall-row][data-span-id^="event:${eventId}:"]`);
}

test("only traced dead letters offer a trace", async ({ page }) => {
  await runUploadedScenario(page, "half-traced.yaml", SCENARIO);
  const traced = page.locator("[data-testid=dead-letter-row][data-traced=true]");
  const untraced = page.locator("[data-testid=dead-letter-row][data-traced=false]");
  await expect(traced.first()).toBeVisible();
  await expect(untraced.first()).toBeVisible();
  await pause(page);

  await expect(page.getByTestId("dead-letters-trace-note")).toHaveText(
    "The scenario traces 50% of event chains, so only rows of traced chains have a Trace button.",
  );
  await expect(untraced.getByTestId("dead-letter-row-trace")).toHaveCount(0);
  expect(await traced.getByTestId("dead-letter-row-trace").count()).toBe(
    await traced.count(),
  );

  const eventId = (await traced.first().getAttribute("data-event-id")) ?? "";
  await traced.first().getByTestId("dead-letter-row-trace").click();
  await expect(page.getByTestId("waterfall")).toBeVisible();
  await expect(page.locator(".es-wf-title")).toHaveText(
    `Chain of event ${eventId}, from its first event`,
  );
  await expect(
    waterfallRowsOf(page, eventId).filter({ hasText: "dead letter" }),
  ).toHaveCount(1);
});

test("traced-only filter hides untraced dead letters", async ({ page }) => {
  await runUploadedScenario(page, "half-traced.yaml", SCENARIO);
  const rows = page.getByTestId("dead-letter-row");
  await expect(
    page.locator("[data-testid=dead-letter-row][data-traced=false]").first(),
  ).toBeVisible();
  await pause(page);

  await page.getByTestId("dead-letters-filter-traced").check();
  await expect(
    page.locator("[data-testid=dead-letter-row][data-traced=false]"),
  ).toHaveCount(0);
  await expect(rows.first()).toHaveAttribute("data-traced", "true");
});

test("traces panel lists failed traced events", async ({ page }) => {
  await runUploadedScenario(page, "half-traced.yaml", SCENARIO);
  await page.keyboard.press("5");
  const recent = page.getByTestId("trace-recent-failures");
  const matches = recent.getByTestId("trace-match");
  await expect(matches.first()).toBeVisible();
  await pause(page);

  const count = await matches.count();
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThanOrEqual(10);
  const first = matches.first();
  const eventId = (await first.getAttribute("data-event-id")) ?? "";
  // Billing is the only route, and it allows one retry.
  for (const text of await matches.allTextContents()) {
    expect(text).toMatch(/1 route(0 retries|1 retry)$/);
  }

  await first.click();
  await expect(page.getByTestId("waterfall")).toBeVisible();
  const attempts = waterfallRowsOf(page, eventId).and(page.locator("[data-error=true]"));
  expect(await attempts.count()).toBeGreaterThan(0);
});
