/**
 * `npm run cli -- analyze FILE... [--json] [--max-mb N]`: reads OTLP/JSON,
 * Jaeger or Zipkin v2 trace files and prints the dependency edges, service
 * times and warnings. Exit codes: 0 on success, 2 on invalid input or
 * arguments (one message on stderr, no stack trace).
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { TraceImportError } from "../engine/traces/errors.ts";
import {
  DEFAULT_MAX_IMPORT_BYTES,
  describeFormats,
  importTraces,
  type TraceImportResult,
  type TraceSource,
} from "../engine/traces/importTraces.ts";

const USAGE = `usage: npm run cli -- analyze FILE... [--json] [--max-mb N]

Reads OTLP/JSON, Jaeger JSON or Zipkin v2 JSON trace files (the format is
detected from the content) and prints the service dependency edges with
call counts, error counts and p50/p90/p99 durations in milliseconds, per-service
span counts and total and self times, and warnings.

  --json      print one JSON document instead of text
  --max-mb N  reject input larger than N MiB in total (default ${DEFAULT_MAX_IMPORT_BYTES / 1024 / 1024})`;

interface Arguments {
  files: string[];
  isJson: boolean;
  maxBytes: number;
}

class UsageError extends Error {}

function parseArguments(args: string[]): Arguments {
  const parsed: Arguments = {
    files: [],
    isJson: false,
    maxBytes: DEFAULT_MAX_IMPORT_BYTES,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--json") parsed.isJson = true;
    else if (arg === "--max-mb") {
      const value = Number(args[++i]);
      if (!Number.isFinite(value) || value <= 0) {
        throw new UsageError(
          `--max-mb needs a positive number of MiB but got "${args[i] ?? ""}"`,
        );
      }
      parsed.maxBytes = Math.floor(value * 1024 * 1024);
    } else if (arg.startsWith("--")) throw new UsageError(`unknown option "${arg}"`);
    else parsed.files.push(arg);
  }
  if (parsed.files.length === 0) throw new UsageError("no trace file given");
  return parsed;
}

async function openSources(files: string[]): Promise<TraceSource[]> {
  const sources: TraceSource[] = [];
  for (const file of files) {
    let size: number;
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new UsageError(`${file} is not a regular file`);
      size = info.size;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(
        `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
      );
    }
    sources.push({
      name: file,
      size,
      chunks: createReadStream(file, { highWaterMark: 1 << 20 }),
    });
  }
  return sources;
}

/** Builds the `--json` document, with durations in milliseconds. */
export function toJsonReport(result: TraceImportResult) {
  const { report } = result;
  return {
    format: result.formats.join("+"),
    nodes: report.graph.nodes.map((node) => ({
      id: node.id,
      kind: node.kind,
      name: node.name,
    })),
    edges: report.edges.map((edge) => ({
      source: edge.source,
      target: edge.target,
      callCount: edge.callCount,
      errorCount: edge.errorCount,
      p50: edge.p50Ms,
      p90: edge.p90Ms,
      p99: edge.p99Ms,
    })),
    services: report.services.map((service) => ({
      name: service.name,
      spanCount: service.spanCount,
      totalMs: service.totalMs,
      selfMs: service.selfMs,
    })),
    warnings: report.warnings.map((warning) => ({
      code: warning.code,
      count: warning.count,
      message: warning.message,
    })),
  };
}

function formatText(result: TraceImportResult): string {
  const { report } = result;
  const lines = [
    `format: ${describeFormats(result.formats)}`,
    `${report.spanCount} spans in ${report.traceCount} traces, ${report.graph.nodes.length} nodes`,
    "",
    "edges (calls, errors, p50/p90/p99 ms):",
  ];
  for (const edge of report.edges) {
    lines.push(
      `  ${edge.source} -> ${edge.target}  ${edge.callCount} calls, ${edge.errorCount} errors, ${edge.p50Ms}/${edge.p90Ms}/${edge.p99Ms}`,
    );
  }
  lines.push("", "services (spans, total ms, self ms):");
  for (const service of report.services) {
    lines.push(
      `  ${service.name}  ${service.spanCount}, ${service.totalMs}, ${service.selfMs}`,
    );
  }
  if (report.warnings.length > 0) lines.push("", "warnings:");
  for (const warning of report.warnings)
    lines.push(`  ${warning.code}: ${warning.message}`);
  return lines.join("\n");
}

export async function run(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  try {
    const parsed = parseArguments(args);
    const result = await importTraces(await openSources(parsed.files), {
      maxBytes: parsed.maxBytes,
    });
    const output = parsed.isJson
      ? JSON.stringify(toJsonReport(result), null, 2)
      : formatText(result);
    process.stdout.write(`${output}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`analyze: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof TraceImportError) {
      console.error(`analyze: ${error.toData().message}`);
      return 2;
    }
    throw error;
  }
}
