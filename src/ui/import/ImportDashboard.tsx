import {
  type DragEvent,
  memo,
  startTransition,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import type { TraceReport } from "../../engine/traces/analyze.ts";
import type { ImportProgress, ImportSource } from "../../worker/importProtocol.ts";
import { formatLatency } from "../charts/transforms.ts";
import { config } from "../config.ts";
import { Panel, PanelMessage } from "../shell/Panel.tsx";
import { usePanels } from "../shell/usePanels.ts";
import { useUiStore } from "../store.ts";
import { TopologyView } from "../topology/index.ts";
import { Waterfall } from "../traces/index.ts";
import type { WaterfallSpan } from "../traces/types.ts";
import { waterfallToSpans } from "./adapters.ts";
import { resolveImportUrl } from "./importClient.ts";
import { TracePicker } from "./TracePicker.tsx";
import {
  useImportedWaterfall,
  useImportResult,
  useTraceImport,
} from "./useTraceImport.ts";
import "./import.css";

/** Import sources named by `?import=URL`, read once per page load. */
function useUrlImport(
  start: (sources: ImportSource[]) => void,
  fail: (message: string) => void,
) {
  const done = useRef(false);
  useEffect(() => {
    if (done.current) return;
    done.current = true;
    const value = new URLSearchParams(location.search).get("import");
    if (!value) return;
    try {
      start([{ kind: "url", url: resolveImportUrl(value, location.href).href }]);
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
  }, [start, fail]);
}

/** Formats a count with its noun, singular for one: "1 trace", "2,048 spans". */
function countOf(count: number, noun: string): string {
  return `${count.toLocaleString("en")} ${noun}${count === 1 ? "" : "s"}`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

function ProgressLine({
  progress,
  onCancel,
}: {
  progress?: ImportProgress;
  onCancel: () => void;
}) {
  const fraction =
    progress?.totalBytes && progress.totalBytes > 0
      ? progress.bytesRead / progress.totalBytes
      : undefined;
  const text = !progress
    ? "Starting the import…"
    : progress.phase === "analyzing"
      ? `Analyzing ${progress.spansRead.toLocaleString("en")} spans…`
      : `Reading ${formatBytes(progress.bytesRead)}${progress.totalBytes ? ` of ${formatBytes(progress.totalBytes)}` : ""}, ${progress.spansRead.toLocaleString("en")} spans`;
  return (
    <div className="import-progress" data-testid="import-progress">
      <progress value={fraction} max={1} aria-label="Import progress" />
      <span>{text}</span>
      <button type="button" onClick={onCancel} data-testid="import-cancel">
        Cancel
      </button>
    </div>
  );
}

/** Renders the dashboard on imported trace files: open files, then read their graph, latencies and traces. */
export function ImportDashboard() {
  const traceImport = useTraceImport();
  const result = useImportResult();
  const [urlError, setUrlError] = useState<string>();
  const [isDragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const { mutate } = traceImport;

  useUrlImport(mutate, setUrlError);

  function importFiles(files: FileList | null): void {
    if (!files || files.length === 0) return;
    setUrlError(undefined);
    mutate([...files].map((file) => ({ kind: "blob", name: file.name, blob: file })));
  }

  function onDrop(event: DragEvent): void {
    event.preventDefault();
    setDragging(false);
    importFiles(event.dataTransfer.files);
  }

  const report = result.data?.report;
  const importedAt = result.dataUpdatedAt;
  const latestImport = useMemo(
    () => (report ? { report, importedAt } : undefined),
    [report, importedAt],
  );
  // A new import's panels render at transition priority, so React builds their
  // DOM in short slices instead of one long task.
  const deferredImport = useDeferredValue(latestImport);
  const errorMessage = urlError ?? traceImport.error?.message;

  return (
    <section
      aria-label="Imported traces: drop trace files here"
      className={`import-area${isDragging ? " dragging" : ""}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid="import-area"
    >
      <section className="import-bar" aria-label="Trace import">
        <button
          type="button"
          onClick={() => fileInput.current?.click()}
          data-testid="import-open"
        >
          Open trace files…
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          accept=".json,.jsonl,.ndjson,application/json"
          hidden
          onChange={(event) => {
            importFiles(event.target.files);
            event.target.value = "";
          }}
          data-testid="import-file-input"
        />
        <span className="muted">
          or drop OTLP/JSON, Jaeger or Zipkin v2 files anywhere on this page
        </span>
        {result.data && (
          <output data-testid="import-summary">
            Read {result.data.formatLabel}: {countOf(report?.spanCount ?? 0, "span")} in{" "}
            {countOf(report?.traceCount ?? 0, "trace")}
          </output>
        )}
        {traceImport.isPending && (
          <ProgressLine progress={traceImport.progress} onCancel={traceImport.cancel} />
        )}
        {errorMessage && !traceImport.isPending && (
          <div role="alert" className="import-error" data-testid="import-error">
            Import failed: {errorMessage}
            {report ? " The previous import is still shown." : ""}
          </div>
        )}
      </section>
      {deferredImport ? (
        <ImportPanels
          report={deferredImport.report}
          importedAt={deferredImport.importedAt}
        />
      ) : (
        <main className="dashboard">
          <PanelMessage testId="import-empty">
            No traces imported yet. Open one or more trace files to see their service
            graph, call latencies and waterfalls.
          </PanelMessage>
        </main>
      )}
    </section>
  );
}

// Memoized, so progress updates of a later import do not re-render the panels.
const ImportPanels = memo(function ImportPanels({
  report,
  importedAt,
}: {
  report: TraceReport;
  importedAt: number;
}) {
  const { frame, dashboardClass } = usePanels();
  const selectedNodeId = useUiStore((state) => state.selectedNodeId);
  const selectNode = useUiStore((state) => state.selectNode);
  const [traceId, setTraceId] = useState<string>();
  const waterfall = useImportedWaterfall(traceId, importedAt);
  const spans = useMemo(
    () => (waterfall.data ? waterfallToSpans(waterfall.data) : []),
    [waterfall.data],
  );

  const nodeNames = useMemo(
    () => new Map(report.graph.nodes.map((node) => [node.id, node.name])),
    [report],
  );

  useEffect(() => setTraceId(report.traces[0]?.traceId), [report]);

  return (
    <main className={dashboardClass}>
      <Panel title="Service graph" {...frame("topology", "1")}>
        <TopologyView
          graph={report.graph}
          selectedNodeId={selectedNodeId ?? null}
          onSelectNode={(id) => selectNode(id ?? undefined)}
          health={config.health}
        />
      </Panel>

      <Panel title="Call latency by edge" {...frame("latency", "2")}>
        <table className="data-table" data-testid="import-edges">
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Calls</th>
              <th scope="col">Errors</th>
              <th scope="col">p50</th>
              <th scope="col">p90</th>
              <th scope="col">p99</th>
            </tr>
          </thead>
          <tbody>
            {report.edges.map((edge) => (
              <tr key={`${edge.source}->${edge.target}#${edge.kind}`}>
                <td>{nodeNames.get(edge.source) ?? edge.source}</td>
                <td>{nodeNames.get(edge.target) ?? edge.target}</td>
                <td className="num">{edge.callCount}</td>
                <td className={`num${edge.errorCount > 0 ? " bad" : ""}`}>
                  {edge.errorCount}
                </td>
                <td className="num">{formatLatency(edge.p50Ms)}</td>
                <td className="num">{formatLatency(edge.p90Ms)}</td>
                <td className="num">{formatLatency(edge.p99Ms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>

      <Panel title="Services" {...frame("deadletters", "3")}>
        <table className="data-table" data-testid="import-services">
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Spans</th>
              <th scope="col">Errors</th>
              <th scope="col">Total time</th>
              <th scope="col">Self time</th>
            </tr>
          </thead>
          <tbody>
            {report.services.map((service) => (
              <tr key={service.name}>
                <td>{service.name}</td>
                <td className="num">{service.spanCount}</td>
                <td className={`num${service.errorCount > 0 ? " bad" : ""}`}>
                  {service.errorCount}
                </td>
                <td className="num">{formatLatency(service.totalMs)}</td>
                <td className="num">{formatLatency(service.selfMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>

      <Panel title="Import warnings" {...frame("alerts", "4")}>
        {report.warnings.length === 0 ? (
          <PanelMessage testId="import-no-warnings">
            The files had no orphan, duplicate or skewed spans.
          </PanelMessage>
        ) : (
          <ul className="warning-list" data-testid="import-warnings">
            {report.warnings.map((warning) => (
              <li key={warning.code} data-code={warning.code}>
                <strong>{warning.count}</strong> {warning.message}
              </li>
            ))}
          </ul>
        )}
      </Panel>

      <Panel title="Traces" {...frame("traces", "5")}>
        <TracePicker traces={report.traces} traceId={traceId} onChange={setTraceId} />
        {spans.length > 0 ? (
          <ImportedWaterfall spans={spans} traceId={traceId} />
        ) : (
          <PanelMessage>
            {waterfall.isFetching ? "Building the waterfall…" : "Choose a trace."}
          </PanelMessage>
        )}
      </Panel>
    </main>
  );
});

/** Rows added per animation frame, so no single task lays out a whole large trace. */
const WATERFALL_ROWS_PER_FRAME = 150;
const WATERFALL_MAX_ROWS = 2000;

/** The waterfall of the chosen trace, drawn a slice of rows per frame. */
const ImportedWaterfall = memo(function ImportedWaterfall({
  spans,
  traceId,
}: {
  spans: WaterfallSpan[];
  traceId: string | undefined;
}) {
  const [rowLimit, setRowLimit] = useState(WATERFALL_ROWS_PER_FRAME);
  const [limitedSpans, setLimitedSpans] = useState(spans);
  if (limitedSpans !== spans) {
    setLimitedSpans(spans);
    setRowLimit(WATERFALL_ROWS_PER_FRAME);
  }

  const rowCount = Math.min(spans.length, WATERFALL_MAX_ROWS);
  useEffect(() => {
    if (rowLimit >= rowCount) return;
    const frame = requestAnimationFrame(() =>
      startTransition(() => setRowLimit((limit) => limit + WATERFALL_ROWS_PER_FRAME)),
    );
    return () => cancelAnimationFrame(frame);
  }, [rowLimit, rowCount]);

  return (
    <Waterfall
      spans={spans}
      title={`Trace ${traceId}`}
      maxRows={Math.min(rowLimit, WATERFALL_MAX_ROWS)}
    />
  );
});
