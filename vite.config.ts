import { existsSync } from "node:fs";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * SharedArrayBuffer exists only in cross-origin isolated pages, which need
 * both of these headers on the document and on every worker script.
 */
export const isolationHeaders = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

// EVENTSCOPE_NO_ISOLATION=1 serves the app without the headers, so the browser
// tests can check the explanation the app shows when isolation is missing.
const headers = process.env.EVENTSCOPE_NO_ISOLATION === "1" ? {} : isolationHeaders;

// Extra pages, built only when present: test harness pages for the browser tests.
const pages = ["index.html", "ring-check.html", "topology-bench.html"].filter((page) =>
  existsSync(page),
);

export default defineConfig({
  plugins: [react()],
  server: { headers },
  preview: { headers },
  worker: { format: "es" },
  build: { target: "es2022", sourcemap: true, rollupOptions: { input: pages } },
});
