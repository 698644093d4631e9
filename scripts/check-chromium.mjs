import { findChromium, installHint } from "./chromium.mjs";

const path = await findChromium();
if (!path) {
  if (process.env.CHROMIUM_PATH) {
    console.error(
      `CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, but no file exists there.`,
    );
  }
  console.error(installHint);
  process.exit(1);
}
console.log(`Browser tests will use ${path}`);
