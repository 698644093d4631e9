import { useDeferredValue, useMemo, useState } from "react";
import type { TraceSummary } from "../../engine/traces/analyze.ts";
import { formatLatency } from "../charts/transforms.ts";

/**
 * Options drawn in the trace list at once. A browser lays out tens of
 * thousands of options in one long task, so larger imports are reached by
 * filtering.
 */
export const MAX_TRACE_OPTIONS = 500;

/** Returns the traces whose id, root service or root operation contains the text, ignoring case. */
export function filterTraces(
  traces: readonly TraceSummary[],
  text: string,
): TraceSummary[] {
  const needle = text.trim().toLowerCase();
  if (needle === "") return traces as TraceSummary[];
  return traces.filter(
    (trace) =>
      trace.traceId.includes(needle) ||
      trace.rootService.toLowerCase().includes(needle) ||
      trace.rootName.toLowerCase().includes(needle),
  );
}

function describeTrace(trace: TraceSummary): string {
  const errors = trace.errorCount > 0 ? `, ${trace.errorCount} errors` : "";
  return `${trace.rootService}: ${trace.rootName} (${trace.spanCount} spans, ${formatLatency(trace.durationMs)}${errors})`;
}

/** The trace list of an import, with a filter when it has more traces than it draws. */
export function TracePicker({
  traces,
  traceId,
  onChange,
}: {
  traces: readonly TraceSummary[];
  traceId: string | undefined;
  onChange: (traceId: string) => void;
}) {
  const [filter, setFilter] = useState("");
  const deferredFilter = useDeferredValue(filter);
  const matches = useMemo(
    () => filterTraces(traces, deferredFilter),
    [traces, deferredFilter],
  );
  const options = matches.slice(0, MAX_TRACE_OPTIONS);
  // The chosen trace stays in the list, so the select shows what the waterfall shows.
  const chosen = traces.find((trace) => trace.traceId === traceId);
  if (chosen && !options.includes(chosen)) options.unshift(chosen);

  return (
    <div className="trace-picker">
      <label className="field">
        <span>Trace</span>
        <select
          value={traceId ?? ""}
          onChange={(event) => onChange(event.target.value)}
          data-testid="import-trace-select"
        >
          {options.map((trace) => (
            <option key={trace.traceId} value={trace.traceId}>
              {describeTrace(trace)}
            </option>
          ))}
        </select>
      </label>
      {traces.length > MAX_TRACE_OPTIONS && (
        <label className="field">
          <span>Find</span>
          <input
            type="search"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            placeholder="trace id, service or operation"
            data-testid="import-trace-filter"
          />
        </label>
      )}
      {matches.length > MAX_TRACE_OPTIONS && (
        <p className="muted" data-testid="import-trace-limit">
          The list shows {MAX_TRACE_OPTIONS} of {matches.length.toLocaleString("en")}{" "}
          matching traces. Type part of a trace id, service or operation to find others.
        </p>
      )}
    </div>
  );
}
