// Serves the built app from dist/ with the cross-origin isolation headers of
// vite.config.ts, for `npm start`. Options: --port N (default 4173, or the
// next free port) and --host HOST (default localhost).
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { preview } from "vite";

const root = resolve(import.meta.dirname, "..");

function readOptions(args) {
  const options = {};
  for (let i = 0; i < args.length; i++) {
    const name = args[i];
    const value = args[i + 1];
    if ((name === "--port" || name === "--host") && value === undefined) {
      throw new Error(`${name} needs a value`);
    }
    if (name === "--port") {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 1 || port > 65_535) {
        throw new Error(`--port ${value} is invalid; give a port from 1 to 65535`);
      }
      options.port = port;
      i++;
    } else if (name === "--host") {
      options.host = value;
      i++;
    } else {
      throw new Error(`unknown option ${name}; use --port N or --host HOST`);
    }
  }
  return options;
}

let options;
try {
  options = readOptions(process.argv.slice(2));
} catch (error) {
  console.error(`serve: ${error.message}`);
  process.exit(2);
}

if (!existsSync(resolve(root, "dist", "index.html"))) {
  console.error("serve: dist/index.html is missing; run `npm run build` first");
  process.exit(2);
}

const server = await preview({
  root,
  configFile: resolve(root, "vite.config.ts"),
  preview: options,
});
server.printUrls();
