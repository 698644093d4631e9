/** Kind of data problem an import worked around. */
export type TraceWarningCode =
  | "orphanSpan"
  | "multipleRoots"
  | "clockSkew"
  | "duplicateSpan"
  | "parentCycle"
  | "deepNesting"
  | "mergedFragment"
  | "missingTimestamp";

/** A span named in a warning. */
export interface SpanRef {
  traceId: string;
  spanId: string;
}

/** One kind of problem, counted over the whole import. Plain data. */
export interface TraceWarning {
  code: TraceWarningCode;
  /** Spans or traces affected. */
  count: number;
  message: string;
  /** Up to five affected spans, for the UI to link to. */
  examples: SpanRef[];
}

const MAX_EXAMPLES = 5;

/**
 * Counts warnings by code while spans are processed, keeping a few examples
 * of each. `list` builds the messages. Allocates once per code.
 */
export class WarningCollector {
  private readonly entries = new Map<
    TraceWarningCode,
    { count: number; examples: SpanRef[] }
  >();
  private readonly details = new Map<TraceWarningCode, string>();

  add(code: TraceWarningCode, example?: SpanRef, count = 1): void {
    let entry = this.entries.get(code);
    if (!entry) {
      entry = { count: 0, examples: [] };
      this.entries.set(code, entry);
    }
    entry.count += count;
    if (example && entry.examples.length < MAX_EXAMPLES) entry.examples.push(example);
  }

  /** Sets the text appended to the message of `code`, such as the services involved. */
  setDetail(code: TraceWarningCode, detail: string): void {
    this.details.set(code, detail);
  }

  addAll(warnings: TraceWarning[]): void {
    for (const warning of warnings) {
      this.add(warning.code, undefined, warning.count);
      const entry = this.entries.get(warning.code)!;
      for (const example of warning.examples) {
        if (entry.examples.length < MAX_EXAMPLES) entry.examples.push(example);
      }
    }
  }

  list(): TraceWarning[] {
    const warnings: TraceWarning[] = [];
    for (const [code, entry] of this.entries) {
      const detail = this.details.get(code);
      const message = describeWarning(code, entry.count) + (detail ? ` ${detail}` : "");
      warnings.push({ code, count: entry.count, message, examples: entry.examples });
    }
    return warnings.sort((a, b) => a.code.localeCompare(b.code));
  }
}

function describeWarning(code: TraceWarningCode, count: number): string {
  switch (code) {
    case "orphanSpan":
      return `Spans whose parent is not in the input: ${count}. The trace shows each as a root.`;
    case "multipleRoots":
      return `Traces with more than one span without a parent: ${count}.`;
    case "clockSkew":
      return `Server spans that start before or end after the client span calling them from another service: ${count}. The two clocks disagree, so each such span and its children were moved to sit centered in the client span; durations are kept as reported.`;
    case "duplicateSpan":
      return `Exact duplicate spans dropped: ${count}. A duplicate repeats the trace id, span id, service, kind, name and times of an earlier span.`;
    case "parentCycle":
      return `Spans in parent cycles: ${count}. The parent link that closes each cycle was dropped.`;
    case "deepNesting":
      return `Spans nested more than 1,000 levels deep: ${count}.`;
    case "mergedFragment":
      return `Zipkin spans without a timestamp merged into the span with the same id and service: ${count}.`;
    case "missingTimestamp":
      return `Zipkin spans without a timestamp that match no other span, dropped: ${count}.`;
  }
}
