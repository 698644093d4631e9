import { expect, test } from "@playwright/test";
import { unisolatedPort } from "../playwright.config.ts";

// ring-check.html runs 4 producers x 250,000 events through a 1,024-slot
// ring in real Web Workers, with journal, metrics and router in parallel,
// audit after them, and one more processor on the page's main thread.
test("ring delivers exactly once across Web Workers", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/ring-check.html");
  await page.waitForFunction(() => window.__ringCheck?.done === true, undefined, {
    timeout: 100_000,
  });
  const outcome = await page.evaluate(() => window.__ringCheck!);
  expect(outcome.problems).toEqual([]);
  expect(outcome.ok).toBe(true);
  expect(outcome.published).toBe(1_000_000);
  expect(
    outcome.processors.map((processor) => [processor.name, processor.handled]),
  ).toEqual([
    ["journal", 1_000_000],
    ["metrics", 1_000_000],
    ["router", 1_000_000],
    ["audit", 1_000_000],
    ["page", 1_000_000],
  ]);
  await expect(page.getByTestId("ring-check-status")).toContainText(
    "PASS: every processor saw every event exactly once",
  );
});

test("ring check explains missing isolation", async ({ page }) => {
  await page.goto(`http://127.0.0.1:${unisolatedPort}/ring-check.html`);
  await page.waitForFunction(() => window.__ringCheck?.done === true);
  const outcome = await page.evaluate(() => window.__ringCheck!);
  expect(outcome.ok).toBe(false);
  expect(outcome.problems[0]).toContain("not cross-origin isolated");
});
