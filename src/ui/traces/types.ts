/**
 * One bar of a waterfall: a hop of a simulated event (publish, queue wait,
 * attempt 1..n, dead letter) or a span of an imported OTLP, Jaeger or
 * Zipkin trace. Times are milliseconds on one clock per trace: virtual time
 * for simulated events, wall-clock time for imported traces.
 */
export interface WaterfallSpan {
  /** Unique within the trace. */
  id: string;
  /** Id of the enclosing span. Undefined, or an id not in the trace, makes a root. */
  parentId?: string;
  label: string;
  service: string;
  startMs: number;
  durationMs: number;
  /** Whether the hop or span failed. Put the message in `attributes`, such as "error.message". */
  error?: boolean;
  /** Delivery attempt number for a span that is one attempt, from 1. Above 1 marks a retry. */
  attempt?: number;
  attributes: Record<string, string>;
}

/** How to find a sampled event's trace. */
export interface TraceQuery {
  by: "eventId" | "key";
  value: string;
}

/** A sampled event that matched a query, listed for choosing. */
export interface TraceMatch {
  eventId: string;
  key: string;
  topic?: string;
  /** Virtual time of publishing, ms since the run began. */
  publishedAtMs: number;
  outcome?: "delivered" | "deadLettered" | "pending";
  /** Routes the event was delivered on: one first attempt each. */
  routes?: number;
  /** Attempts after the first on any route, over all routes. */
  retries?: number;
}
