import { expect, type Page, test } from "@playwright/test";

// The app with the built-in order-flow scenario, the topology read again
// every 5 s (`?refresh=5`). Node ids are `${kind}:${name}`.
const appUrl = "/?refresh=5";

const producers = ["storefront", "mobile-app", "partner-api", "warehouse-scanner"];
const topics = ["orders", "reservations", "payments", "packing", "shipments", "stock"];
const services = [
  "inventory",
  "fraud-check",
  "analytics",
  "payment",
  "fulfillment",
  "shipping",
  "notifier",
  "tracking",
  "stock-ledger",
];

function node(page: Page, id: string) {
  return page.locator(`[data-testid=topology-node][data-node-id="${id}"]`);
}

async function openTopology(page: Page) {
  await page.goto(appUrl);
  await expect(page.getByTestId("topology-view")).toHaveAttribute("data-ready", "true");
}

async function graphTime(page: Page): Promise<number> {
  return Number(await page.getByTestId("topology-view").getAttribute("data-as-of"));
}

async function readPositions(page: Page) {
  return page.getByTestId("topology-node").evaluateAll((elements) =>
    elements.map((element) => ({
      id: element.getAttribute("data-node-id") ?? "",
      x: Number(element.getAttribute("data-x")),
      y: Number(element.getAttribute("data-y")),
    })),
  );
}

test("graph shows the default scenario", async ({ page }) => {
  await openTopology(page);
  for (const name of producers)
    await expect(node(page, `producer:${name}`)).toHaveCount(1);
  for (const name of topics) await expect(node(page, `topic:${name}`)).toHaveCount(1);
  for (const name of services) await expect(node(page, `service:${name}`)).toHaveCount(1);
});

test("search selects and focus narrows", async ({ page }) => {
  await openTopology(page);
  await page.getByTestId("topology-search").fill("fraud");
  await expect(page.getByTestId("topology-search-count")).toHaveText("1 match");
  await page.getByTestId("topology-search").press("Enter");
  await expect(node(page, "service:fraud-check")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("topology-node-analysis")).toHaveAttribute(
    "data-node-id",
    "service:fraud-check",
  );

  // One hop: the topic it reads and the dead-letter queue it writes to.
  await page.getByTestId("topology-hops").fill("1");
  await page.getByTestId("topology-focus").check();
  await expect(page.getByTestId("topology-node")).toHaveCount(3);
  const shown = await page
    .getByTestId("topology-node")
    .evaluateAll((elements) =>
      elements.map((element) => element.getAttribute("data-node-id")),
    );
  expect(shown.sort()).toEqual([
    "deadLetterQueue:orders.dlq",
    "service:fraud-check",
    "topic:orders",
  ]);

  await page.getByTestId("topology-focus").uncheck();
  await expect(node(page, "producer:storefront")).toHaveCount(1);
});

test("refresh keeps node positions", async ({ page }) => {
  await openTopology(page);
  const before = await readPositions(page);
  const asOf = await graphTime(page);
  await expect.poll(() => graphTime(page), { timeout: 20_000 }).toBeGreaterThan(asOf);
  await expect(page.getByTestId("topology-view")).toHaveAttribute("data-ready", "true");

  const after = new Map((await readPositions(page)).map((item) => [item.id, item]));
  for (const item of before) {
    const now = after.get(item.id);
    expect(now, `${item.id} is still drawn`).toBeDefined();
    expect(Math.abs(now!.x - item.x), `${item.id} x`).toBeLessThanOrEqual(1);
    expect(Math.abs(now!.y - item.y), `${item.id} y`).toBeLessThanOrEqual(1);
  }
});

test("fault turns a service's edges degraded", async ({ page }) => {
  await openTopology(page);
  const feed = page.locator(
    '[data-testid=topology-edge][data-source="topic:orders"][data-target="service:inventory"]',
  );
  await expect(feed).toHaveAttribute("data-health", "ok");

  // Each attempt fails with probability 0.2 and inventory tries 3 times, so
  // about 0.8% of its deliveries are dead-lettered: above the 0.1% level.
  await page.getByTestId("fault-service").selectOption("inventory");
  await page.getByTestId("fault-kind").selectOption("errors");
  await page.getByTestId("fault-value").fill("0.2");
  await page.getByTestId("fault-inject").click();
  // Virtual time from the simulation clock, read from snapshots about once a second.
  const injectedAt = Number(
    await page.getByTestId("sim-clock").getAttribute("data-now-ms"),
  );

  // The first graph read at least 2 s of virtual time after the fault, which
  // at 1x speed is the next refresh or the one after it.
  await expect
    .poll(() => graphTime(page), { timeout: 20_000 })
    .toBeGreaterThan(injectedAt + 2000);
  await expect(feed).toHaveAttribute("data-health", /^(degraded|failing)$/);
  const deadLetters = page.locator(
    '[data-testid=topology-edge][data-source="service:inventory"][data-target="deadLetterQueue:orders.dlq"]',
  );
  await expect(deadLetters).toHaveAttribute("data-health", /^(degraded|failing)$/);
});

/** On-screen height of a node's name label, px: its font size times the zoom. */
async function labelHeight(page: Page, id: string): Promise<number> {
  return node(page, id)
    .locator("text.topology-name")
    .evaluate((text: SVGTextElement) => {
      const fontPx = Number.parseFloat(getComputedStyle(text).fontSize);
      return fontPx * (text.getScreenCTM()?.a ?? 0);
    });
}

test("graph starts readable at the producers", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("topology-view")).toHaveAttribute("data-ready", "true");
  const stage = page.getByTestId("topology-stage");
  await expect(stage).toHaveAttribute("data-zoom", "0.875");
  expect(await labelHeight(page, "producer:storefront")).toBeCloseTo(10.5, 5);

  // The producers in the layout's first layer are inside the stage.
  // warehouse-scanner sits in a later layer, after the stock topic it reads.
  const stageBox = await stage.boundingBox();
  for (const name of ["storefront", "mobile-app", "partner-api"]) {
    const box = await node(page, `producer:${name}`).boundingBox();
    expect(box, `producer:${name} box`).not.toBeNull();
    expect(box!.x, `producer:${name} left`).toBeGreaterThanOrEqual(stageBox!.x);
    expect(box!.x + box!.width, `producer:${name} right`).toBeLessThanOrEqual(
      stageBox!.x + stageBox!.width,
    );
  }

  // "Fit" still shows the whole graph, at a smaller zoom.
  await page.getByTestId("topology-fit").click();
  await expect
    .poll(async () => Number(await stage.getAttribute("data-zoom")))
    .toBeLessThan(0.875);
});

test("graph turns degraded without a refresh", async ({ page }) => {
  // The default 30 s interval: only the alert or the fault can trigger a read.
  await page.goto("/");
  await expect(page.getByTestId("topology-view")).toHaveAttribute("data-ready", "true");
  const feed = page.locator(
    '[data-testid=topology-edge][data-source="topic:orders"][data-target="service:inventory"]',
  );
  const deadLetterQueue = node(page, "deadLetterQueue:orders.dlq");
  await expect(feed).toHaveAttribute("data-health", "ok");
  await expect(deadLetterQueue).toHaveAttribute("data-health", "ok");
  // Reads come every 2 s until a read shows deliveries, then every 30 s.
  // At 500 ms of virtual time thousands of deliveries have completed, so
  // after such a read the next timed one is 30 s away.
  await expect.poll(() => graphTime(page), { timeout: 10_000 }).toBeGreaterThan(500);

  const before = await readPositions(page);

  // Every attempt fails, so every inventory delivery is dead-lettered.
  await page.getByTestId("fault-service").selectOption("inventory");
  await page.getByTestId("fault-kind").selectOption("errors");
  await page.getByTestId("fault-value").fill("1");
  await page.getByTestId("fault-inject").click();

  // Well under the 30 s interval.
  await expect(feed).toHaveAttribute("data-health", /^(degraded|failing)$/, {
    timeout: 10_000,
  });
  await expect(deadLetterQueue).toHaveAttribute("data-health", /^(degraded|failing)$/, {
    timeout: 10_000,
  });
  await expect(deadLetterQueue).not.toHaveAttribute("data-health", "unknown");

  // The reads the fault and the alert triggered kept every node in place.
  const after = new Map((await readPositions(page)).map((item) => [item.id, item]));
  for (const item of before) {
    const now = after.get(item.id);
    expect(now, `${item.id} is still drawn`).toBeDefined();
    expect(Math.abs(now!.x - item.x), `${item.id} x`).toBeLessThanOrEqual(1);
    expect(Math.abs(now!.y - item.y), `${item.id} y`).toBeLessThanOrEqual(1);
  }
});
