/**
 * Steps the simulation browser tests share: reading the virtual clock,
 * pausing, and running a scenario uploaded through the scenario file input.
 */
import { expect, type Locator, type Page } from "@playwright/test";

export function clock(page: Page): Locator {
  return page.getByTestId("sim-clock");
}

/** Returns the simulation's virtual time now, ms. */
export async function virtualNow(page: Page): Promise<number> {
  return Number(await clock(page).getAttribute("data-now-ms"));
}

/** Pauses the run and returns the virtual time it stopped at, ms. */
export async function pause(page: Page): Promise<number> {
  await page.getByTestId("sim-toggle").click();
  await expect(clock(page)).toContainText("paused");
  return virtualNow(page);
}

/** Opens the app, uploads scenario YAML as `fileName`, and waits until it runs. */
export async function runUploadedScenario(
  page: Page,
  fileName: string,
  yaml: string,
): Promise<void> {
  await page.goto("/");
  await page.getByTestId("scenario-file-input").setInputFiles({
    name: fileName,
    mimeType: "application/yaml",
    buffer: Buffer.from(yaml),
  });
  await expect(page.getByTestId("scenario-select")).toHaveValue(`file:${fileName}`);
  await expect(clock(page)).toContainText("running");
}
