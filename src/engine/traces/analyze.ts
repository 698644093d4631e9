/**
 * Analysis of imported spans: trace index, dependency edges, service
 * figures, topology graph and trace summaries. Plain TypeScript with no DOM,
 * so it runs in a Worker, in Node and in the command line.
 */
import type { TopologyGraph } from "../topology/model.ts";
import { deriveEdges, type EdgeStats } from "./dependencies.ts";
import { TraceImportError } from "./errors.ts";
import { computeSelfTimes } from "./selfTime.ts";
import { type ServiceStats, summarizeServices } from "./serviceStats.ts";
import type { TraceFormat, TraceSpan } from "./span.ts";
import { buildTopologyGraph } from "./topologyGraph.ts";
import { buildTraceIndex, type TraceIndex } from "./traceIndex.ts";
import { type TraceWarning, WarningCollector } from "./warnings.ts";

/** One trace in the trace list. */
export interface TraceSummary {
  traceId: string;
  /** Service and operation of the earliest root span. */
  rootService: string;
  rootName: string;
  spanCount: number;
  errorCount: number;
  serviceCount: number;
  /** Start in milliseconds since the Unix epoch (rounded to the nearest microsecond or better). */
  startUnixMs: number;
  durationMs: number;
}

/** Everything the UI and the command line show about an import. Plain data. */
export interface TraceReport {
  format: TraceFormat;
  spanCount: number;
  traceCount: number;
  graph: TopologyGraph;
  edges: EdgeStats[];
  services: ServiceStats[];
  warnings: TraceWarning[];
  traces: TraceSummary[];
}

/** A report together with the span index that waterfalls are built from. */
export interface TraceAnalysis {
  report: TraceReport;
  index: TraceIndex;
  selfNs: Float64Array;
}

export interface AnalyzeOptions {
  format: TraceFormat;
  /** Warnings raised while reading, merged into the report. */
  readWarnings?: TraceWarning[];
  /**
   * When true (the default), a parent cycle raises a TraceImportError
   * instead of a warning, because it means the ids in the file are wrong.
   */
  shouldRejectCycles?: boolean;
}

/**
 * Analyzes imported spans. Throws TraceImportError with code "parentCycle"
 * when spans form a parent cycle and `shouldRejectCycles` is not false.
 * Does not copy the spans, because the index refers to them.
 */
export function analyzeSpans(spans: TraceSpan[], options: AnalyzeOptions): TraceAnalysis {
  const warnings = new WarningCollector();
  if (options.readWarnings) warnings.addAll(options.readWarnings);
  const index = buildTraceIndex(spans, warnings);
  const warningList = warnings.list();

  const cycle = warningList.find((warning) => warning.code === "parentCycle");
  if (cycle && options.shouldRejectCycles !== false) rejectCycle(index, cycle);

  const selfNs = computeSelfTimes(index);
  const edges = deriveEdges(index);
  const services = summarizeServices(index, selfNs);
  const traces = index.traces.map((_, t) => summarizeTrace(index, t));
  const asOfMs = traces.reduce(
    (latest, trace) => Math.max(latest, trace.startUnixMs + trace.durationMs),
    0,
  );

  return {
    report: {
      format: options.format,
      spanCount: index.spans.length,
      traceCount: index.traces.length,
      graph: buildTopologyGraph(edges, services, asOfMs),
      edges,
      services,
      warnings: warningList,
      traces,
    },
    index,
    selfNs,
  };
}

function rejectCycle(index: TraceIndex, cycle: TraceWarning): never {
  const example = cycle.examples[0];
  const span = index.spans.find(
    (candidate) =>
      candidate.traceId === example?.traceId && candidate.spanId === example?.spanId,
  );
  const where = span ? ` (the span's JSON starts at byte ${span.byteOffset})` : "";
  throw new TraceImportError(
    "parentCycle",
    `span ${example?.spanId} of trace ${example?.traceId} is its own ancestor${where}; ${cycle.count} spans form parent cycles, so the parent ids in the file are wrong`,
    { byteOffset: span?.byteOffset, span: example },
  );
}

function summarizeTrace(index: TraceIndex, t: number): TraceSummary {
  const entry = index.traces[t];
  let root = -1;
  let errorCount = 0;
  const services = new Set<string>();
  for (const i of entry.spanIndices) {
    const span = index.spans[i];
    if (root < 0 && index.parent[i] < 0) root = i;
    if (span.isError) errorCount++;
    services.add(span.service);
  }
  const rootSpan = index.spans[root >= 0 ? root : entry.spanIndices[0]];
  return {
    traceId: entry.traceId,
    rootService: rootSpan.service,
    rootName: rootSpan.name,
    spanCount: entry.spanIndices.length,
    errorCount,
    serviceCount: services.size,
    startUnixMs: Number(entry.startNs / 1000n) / 1000,
    durationMs: entry.durationNs / 1e6,
  };
}
