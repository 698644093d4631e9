import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { resolve } from "node:path";
import { expect, test } from "@playwright/test";
import { isolatedPort } from "../playwright.config.ts";

// `npm start` runs this script after the build; it gets a port of its own,
// next to the two preview servers of playwright.config.ts.
const port = isolatedPort + 2;
const script = resolve(import.meta.dirname, "../scripts/serve.mjs");

let server: ChildProcess | undefined;

test.afterEach(async () => {
  if (server && server.exitCode === null) {
    const exited = once(server, "exit");
    server.kill();
    await exited;
  }
  server = undefined;
});

/** Starts the script and resolves with the URL it prints. */
async function startServer(): Promise<string> {
  server = spawn(
    process.execPath,
    [script, "--port", String(port), "--host", "127.0.0.1"],
    // NO_COLOR keeps ANSI colour codes out of the printed URL.
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } },
  );
  let output = "";
  for await (const chunk of server.stdout ?? []) {
    output += String(chunk);
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(output);
    if (url) return url[0];
  }
  throw new Error(`serve.mjs exited without printing a URL: ${output}`);
}

test("npm start serves an isolated app", async ({ page }) => {
  const url = await startServer();
  expect(url).toBe(`http://127.0.0.1:${port}/`);

  const response = await page.goto(url);
  expect(response?.headers()["cross-origin-opener-policy"]).toBe("same-origin");
  expect(response?.headers()["cross-origin-embedder-policy"]).toBe("require-corp");
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByText("Engine ready")).toBeVisible();
});

test("serve script rejects a bad port", async () => {
  const child = spawn(process.execPath, [script, "--port", "abc"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let errorOutput = "";
  child.stderr.on("data", (chunk) => {
    errorOutput += String(chunk);
  });
  const [code] = await once(child, "exit");
  expect(code).toBe(2);
  expect(errorOutput).toBe("serve: --port abc is invalid; give a port from 1 to 65535\n");
});
