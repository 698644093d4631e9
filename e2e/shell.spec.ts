import { expect, type Page, test } from "@playwright/test";

const unisolatedUrl = `http://127.0.0.1:${Number(process.env.EVENTSCOPE_E2E_PORT ?? 4173) + 1}/`;

/** Collects console errors and uncaught page errors for the whole test. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

test("page is cross-origin isolated", async ({ page }) => {
  await page.goto("/");
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
});

test("engine worker reports ready", async ({ page }) => {
  await page.goto("/");
  const status = page.getByTestId("engine-status");
  await expect(status).toHaveAttribute("data-state", "ready");
  await expect(status).toContainText("shared memory 0.1 KiB");
});

test("engine heartbeat advances in shared memory", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("engine-status")).toHaveAttribute("data-state", "ready");
  await expect
    .poll(async () =>
      Number(await page.getByTestId("engine-status").getAttribute("data-heartbeat")),
    )
    .toBeGreaterThan(3);
});

test("no console errors on load", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("/");
  await expect(page.getByTestId("engine-status")).toHaveAttribute("data-state", "ready");
  expect(errors).toEqual([]);
});

test("missing isolation headers explained", async ({ page }) => {
  await page.goto(unisolatedUrl);
  const explanation = page.getByTestId("isolation-error");
  await expect(explanation).toBeVisible();
  await expect(explanation).toContainText("Cross-Origin-Opener-Policy: same-origin");
  await expect(explanation).toContainText("Cross-Origin-Embedder-Policy: require-corp");
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(false);
});

test("view state kept in the URL", async ({ page }) => {
  await page.goto("/?panel=latency&window=5m&seed=7");
  await expect(page.getByTestId("panel-latency")).toHaveClass(/expanded/);
  await expect(page.getByTestId("panel-topology")).toBeHidden();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("panel-topology")).toBeVisible();
  await expect(page).toHaveURL(/\?window=5m&seed=7$/);
  await page.keyboard.press("4");
  await expect(page.getByTestId("panel-alerts")).toBeFocused();
  await expect(page).toHaveURL(/panel=alerts/);
});
