import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";

// The harness page draws a seeded synthetic graph through the same view and
// the same TanStack Query setup as the app. Revision r of the graph has
// asOfMs = r * 30,000, and each refresh here adds `grow` new services.
const harness = "/topology-bench.html?nodes=40&edges=80&seed=3&objective=0&refresh=3600";

async function openHarness(page: Page, query = "") {
  await page.goto(`${harness}${query}`);
  await expect(page.getByTestId("topology-view")).toHaveAttribute("data-ready", "true");
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

async function refreshTo(page: Page, revision: number) {
  await page.getByTestId("topology-refresh-now").click();
  const view = page.getByTestId("topology-view");
  await expect(view).toHaveAttribute("data-as-of", String(revision * 30_000));
  await expect(view).toHaveAttribute("data-ready", "true");
}

test("harness draws every node as SVG", async ({ page }) => {
  await openHarness(page);
  await expect(page.getByTestId("topology-view")).toHaveAttribute("data-renderer", "svg");
  await expect(page.getByTestId("topology-node")).toHaveCount(40);
  await expect(page.getByTestId("topology-edge")).toHaveCount(80);
  await expect(page.getByTestId("topology-status")).toHaveText(
    "Showing 40 of 40 nodes, 80 of 80 edges",
  );
  await expect(page.getByTestId("topology-node-count")).toHaveText("40");
  await expect(page.getByTestId("topology-countdown")).toHaveText(
    /^Next refresh in \d+ s$/,
  );
});

test("search selects and focus narrows", async ({ page }) => {
  await openHarness(page);
  const first = page.getByTestId("topology-node").first();
  const name = (await first.getAttribute("data-name")) ?? "";
  const id = (await first.getAttribute("data-node-id")) ?? "";

  await page.getByTestId("topology-search").fill(name);
  await expect(page.getByTestId("topology-search-count")).toHaveText("1 match");
  await page.getByTestId("topology-search").press("Enter");
  await expect(page.getByTestId("topology-search-count")).toHaveText("1 of 1");
  const node = page.locator(`[data-testid=topology-node][data-node-id="${id}"]`);
  await expect(node).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("topology-node-analysis")).toHaveAttribute(
    "data-node-id",
    id,
  );

  await page.getByTestId("topology-hops").fill("1");
  await page.getByTestId("topology-focus").check();
  const upstream = Number(
    await page.getByTestId("topology-upstream-count").textContent(),
  );
  const downstream = Number(
    await page.getByTestId("topology-downstream-count").textContent(),
  );
  const shown = await page.getByTestId("topology-node").count();
  expect(shown).toBeLessThan(40);
  expect(shown).toBeLessThanOrEqual(1 + upstream + downstream);
  await expect(node).toHaveCount(1);

  await page.getByTestId("topology-focus").uncheck();
  await expect(page.getByTestId("topology-node")).toHaveCount(40);
});

test("refresh keeps node positions", async ({ page }) => {
  await openHarness(page, "&grow=3");
  const before = await readPositions(page);
  expect(before.length).toBe(40);

  await refreshTo(page, 1);
  await expect(page.getByTestId("topology-node")).toHaveCount(43);
  const after = new Map((await readPositions(page)).map((node) => [node.id, node]));
  for (const node of before) {
    const moved = after.get(node.id);
    expect(moved, `${node.id} is still drawn`).toBeDefined();
    expect(Math.abs(moved!.x - node.x), `${node.id} x`).toBeLessThanOrEqual(1);
    expect(Math.abs(moved!.y - node.y), `${node.id} y`).toBeLessThanOrEqual(1);
  }
});

test("new nodes appear next to a neighbor", async ({ page }) => {
  await openHarness(page, "&grow=1");
  await refreshTo(page, 1);
  const added = page.locator(
    '[data-testid=topology-node][data-node-id="service:service-new-1-0"]',
  );
  await expect(added).toHaveCount(1);
  const x = Number(await added.getAttribute("data-x"));
  const y = Number(await added.getAttribute("data-y"));

  // Its subscribe edge names the topic that feeds it.
  const feed = page.locator(
    '[data-testid=topology-edge][data-target="service:service-new-1-0"][data-source^="topic:"]',
  );
  const topicId = (await feed.getAttribute("data-source")) ?? "";
  const topic = page.locator(`[data-testid=topology-node][data-node-id="${topicId}"]`);
  const topicX = Number(await topic.getAttribute("data-x"));
  const topicY = Number(await topic.getAttribute("data-y"));
  // One layer to the right (node width 150 plus layer gap 64), within a few rows.
  expect(x - topicX).toBe(214);
  expect(Math.abs(y - topicY)).toBeLessThanOrEqual(46 * 10);
});

test("fault turns a service's edges degraded", async ({ page }) => {
  await openHarness(page);
  // A service whose edges are all healthy before the fault.
  const serviceId = await page.getByTestId("topology-edge").evaluateAll((elements) => {
    const isHealthy = new Map<string, boolean>();
    for (const element of elements) {
      const ok = element.getAttribute("data-health") === "ok";
      for (const end of ["data-source", "data-target"]) {
        const id = element.getAttribute(end) ?? "";
        if (!id.startsWith("service:")) continue;
        isHealthy.set(id, (isHealthy.get(id) ?? true) && ok);
      }
    }
    return [...isHealthy].find(([, healthy]) => healthy)?.[0] ?? null;
  });
  expect(serviceId).not.toBeNull();
  await page.evaluate((id) => window.topologyBench.injectFault(id), serviceId);
  await refreshTo(page, 1);

  const edges = page.locator(
    `[data-testid=topology-edge][data-source="${serviceId}"], [data-testid=topology-edge][data-target="${serviceId}"]`,
  );
  const count = await edges.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    await expect(edges.nth(i)).toHaveAttribute("data-health", /^(degraded|failing)$/);
  }
});

test("hide, show and pin a node", async ({ page }) => {
  await openHarness(page);
  await page.getByTestId("topology-node").first().click();
  await page.getByTestId("topology-pin").click();
  await expect(page.getByTestId("topology-pin")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator(".topology-node.is-pinned")).toHaveCount(1);

  await page.getByTestId("topology-hide").click();
  await expect(page.getByTestId("topology-node")).toHaveCount(39);
  await expect(page.getByTestId("topology-show-hidden")).toHaveText("Show hidden (1)");
  await page.getByTestId("topology-show-hidden").click();
  await expect(page.getByTestId("topology-node")).toHaveCount(40);
});

test("zoom buttons change the scale", async ({ page }) => {
  await openHarness(page);
  const stage = page.getByTestId("topology-stage");
  const before = Number(await stage.getAttribute("data-zoom"));
  await page.getByTestId("topology-zoom-in").click();
  await expect(stage).toHaveAttribute("data-zoom", (before * 1.5).toFixed(3));
});

test("exports JSON and SVG", async ({ page }) => {
  await openHarness(page);
  const jsonDownload = page.waitForEvent("download");
  await page.getByTestId("topology-export-json").click();
  const json = JSON.parse(await readFile((await (await jsonDownload).path())!, "utf8"));
  expect(json.format).toBe("eventscope-topology");
  expect(json.graph.nodes.length).toBe(40);
  expect(Object.keys(json.positions).length).toBe(40);

  const svgDownload = page.waitForEvent("download");
  await page.getByTestId("topology-export-svg").click();
  const svg = await readFile((await (await svgDownload).path())!, "utf8");
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg.match(/<path /g)?.length).toBe(80);

  const pngDownload = page.waitForEvent("download");
  await page.getByTestId("topology-export-png").click();
  const png = await readFile((await (await pngDownload).path())!);
  expect([...png.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join("")).toBe(
    "PNG",
  );
});

test("canvas lists nodes for keyboard users", async ({ page }) => {
  await openHarness(page, "&renderer=canvas");
  await expect(page.getByTestId("topology-view")).toHaveAttribute(
    "data-renderer",
    "canvas",
  );
  await expect(page.getByTestId("topology-canvas")).toBeVisible();
  const nodes = page.getByTestId("topology-node");
  await expect(nodes).toHaveCount(40);
  await nodes.first().focus();
  await page.keyboard.press("Enter");
  await expect(nodes.first()).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("topology-node-analysis")).toBeVisible();
});

test("force layout keeps pinned nodes", async ({ page }) => {
  await openHarness(page);
  const pinned = page.getByTestId("topology-node").first();
  await pinned.click();
  await page.getByTestId("topology-pin").click();
  const before = await readPositions(page);

  await page.getByTestId("topology-layout").selectOption("force");
  const view = page.getByTestId("topology-view");
  await expect(view).toHaveAttribute("data-layout-status", "idle");
  await expect(view).toHaveAttribute("data-ready", "true");
  const after = new Map((await readPositions(page)).map((node) => [node.id, node]));

  const pinnedId = before[0].id;
  expect(after.get(pinnedId)).toEqual(before[0]);
  const moved = before.filter((node) => {
    const now = after.get(node.id)!;
    return now.x !== node.x || now.y !== node.y;
  });
  expect(moved.length).toBe(39);
});

test("dragging a node moves and pins it", async ({ page }) => {
  await openHarness(page);
  const node = page.getByTestId("topology-node").first();
  const id = (await node.getAttribute("data-node-id")) ?? "";
  const x = Number(await node.getAttribute("data-x"));
  const zoom = Number(await page.getByTestId("topology-stage").getAttribute("data-zoom"));
  const box = (await node.boundingBox())!;

  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();

  const moved = page.locator(`[data-testid=topology-node][data-node-id="${id}"]`);
  await expect(moved).toHaveClass(/is-pinned/);
  const movedX = Number(await moved.getAttribute("data-x"));
  expect(movedX - x).toBeCloseTo(40 / zoom, 0);
});

test("keyboard selects an SVG node", async ({ page }) => {
  await openHarness(page);
  const node = page.getByTestId("topology-node").first();
  await node.focus();
  await page.keyboard.press("Enter");
  await expect(node).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("topology-node-analysis")).toHaveAttribute(
    "data-node-id",
    (await node.getAttribute("data-node-id")) ?? "",
  );
});

test("empty graph shows a message", async ({ page }) => {
  await page.goto("/topology-bench.html?nodes=0&edges=0&refresh=3600");
  await expect(page.getByTestId("topology-empty")).toHaveText(
    "The graph has no nodes yet.",
  );
  await expect(page.getByTestId("topology-node")).toHaveCount(0);
  await expect(page.getByTestId("topology-view")).toHaveAttribute("data-ready", "false");
});

test("shows a critical path on the graph", async ({ page }) => {
  await openHarness(page);
  await page.getByTestId("topology-show-path").first().click();
  await expect(page.getByTestId("topology-show-path").first()).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  const undimmed = page.locator("[data-testid=topology-node]:not(.is-dimmed)");
  const count = await undimmed.count();
  expect(count).toBeGreaterThan(1);
  expect(count).toBeLessThan(40);
  // The path starts at a producer, which stays bright.
  await expect(undimmed.first()).toHaveAttribute("data-node-id", /^producer:/);

  await page.getByTestId("topology-show-path").first().click();
  await expect(page.locator("[data-testid=topology-node].is-dimmed")).toHaveCount(0);
});
