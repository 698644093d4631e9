/** Helpers for tests that read the real trace samples beside the repository. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { EdgeStats } from "../../../src/engine/traces/dependencies.ts";
import {
  importTraces,
  type TraceImportResult,
} from "../../../src/engine/traces/importTraces.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const tracesDir = path.resolve(repoRoot, "../shared/data/traces");

/** Reads a sample in chunks of `chunkBytes` and analyzes it. */
export async function importSample(
  relativePath: string,
  chunkBytes = 4096,
): Promise<TraceImportResult> {
  const bytes = readFileSync(path.join(tracesDir, relativePath));
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    chunks.push(bytes.subarray(offset, offset + chunkBytes));
  }
  return importTraces([{ name: relativePath, size: bytes.length, chunks }]);
}

/** Edges as `source -> target` keyed rows of [callCount, errorCount, p50, p90, p99]. */
export function edgeTable(edges: EdgeStats[]): Record<string, number[]> {
  const table: Record<string, number[]> = {};
  for (const edge of edges) {
    table[`${edge.source} -> ${edge.target}`] = [
      edge.callCount,
      edge.errorCount,
      edge.p50Ms,
      edge.p90Ms,
      edge.p99Ms,
    ];
  }
  return table;
}

/** Services as name keyed rows of [spanCount, totalMs, selfMs]. */
export function serviceTable(result: TraceImportResult): Record<string, number[]> {
  const table: Record<string, number[]> = {};
  for (const service of result.report.services) {
    table[service.name] = [service.spanCount, service.totalMs, service.selfMs];
  }
  return table;
}

/** Warning counts by code. */
export function warningCounts(result: TraceImportResult): Record<string, number> {
  return Object.fromEntries(
    result.report.warnings.map((warning) => [warning.code, warning.count]),
  );
}
