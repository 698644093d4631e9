/**
 * Runs one benchmark by name: `npm run bench -- ring` loads bench/ring.ts and
 * calls its default export, which prints one JSON document to stdout.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((file) => file.endsWith(".ts") && file !== "run.ts" && !file.startsWith("_"))
  .map((file) => file.slice(0, -3))
  .sort();

const [name, ...rest] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(
    `usage: npm run bench -- NAME [options]\nbenchmarks: ${available.join(", ")}`,
  );
  process.exit(2);
}

const module = (await import(join(here, `${name}.ts`))) as {
  default: (args: string[]) => Promise<void>;
};
await module.default(rest);
