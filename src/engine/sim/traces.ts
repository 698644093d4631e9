/**
 * Traces of sampled events: each event's hops (publish, queue wait, every
 * attempt, backoff, dead letter, redrive) with virtual times, for the
 * waterfall view. Sampling is decided once per chain, at the producer's
 * event, and emitted events inherit it, so a sampled chain is complete.
 * The store keeps the latest `capacity` traces.
 */

export type TraceHopKind =
  | "publish"
  | "queue"
  | "attempt"
  | "backoff"
  | "deadLetter"
  | "redrive";

export interface TraceHop {
  kind: TraceHopKind;
  startMs: number;
  endMs: number;
  /** Route id for every hop but publish. */
  route?: string;
  /** 1-based attempt number, for attempt hops. */
  attempt?: number;
  /** Attempt outcome: `ok`, or an error such as `error`, `timeout`, `crashed`, `queue full`. */
  outcome?: string;
  /** Topics for publish hops, the queue name for dead-letter hops. */
  detail?: string;
}

export interface EventTrace {
  eventId: number;
  eventType: string;
  key: string;
  /** Producer or service that published the event. */
  source: string;
  /** Event that emitted this one; undefined for a producer's event. */
  parentId?: number;
  /** Events this one's deliveries emitted. */
  children: number[];
  publishedAtMs: number;
  /** Payload fields, drawn for the producer's event; emitted events carry none. */
  fields: Record<string, number | string>;
  hops: TraceHop[];
}

export interface TraceFilter {
  key?: string;
  /** Only traces with at least one failed attempt. */
  hasFailures?: boolean;
  deadLettered?: boolean;
  limit?: number;
}

export class TraceStore {
  private readonly traces = new Map<number, EventTrace>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.traces.size;
  }

  open(trace: EventTrace): void {
    if (this.capacity === 0) return;
    if (this.traces.size >= this.capacity) {
      const oldest = this.traces.keys().next().value;
      if (oldest !== undefined) this.traces.delete(oldest);
    }
    this.traces.set(trace.eventId, trace);
  }

  /** Appends a hop; ignored when the trace was dropped to make room. */
  addHop(eventId: number, hop: TraceHop): void {
    this.traces.get(eventId)?.hops.push(hop);
  }

  addChild(eventId: number, childId: number): void {
    this.traces.get(eventId)?.children.push(childId);
  }

  get(eventId: number): EventTrace | undefined {
    const trace = this.traces.get(eventId);
    return trace ? copyTrace(trace) : undefined;
  }

  /** Returns traces matching the filter, newest first; 50 unless `limit` says otherwise. */
  find(filter: TraceFilter = {}): EventTrace[] {
    const limit = filter.limit ?? 50;
    const result: EventTrace[] = [];
    const all = [...this.traces.values()];
    for (let i = all.length - 1; i >= 0 && result.length < limit; i--) {
      const trace = all[i];
      if (filter.key !== undefined && trace.key !== filter.key) continue;
      if (
        filter.hasFailures &&
        !trace.hops.some((hop) => hop.kind === "attempt" && hop.outcome !== "ok")
      )
        continue;
      if (filter.deadLettered && !trace.hops.some((hop) => hop.kind === "deadLetter"))
        continue;
      result.push(copyTrace(trace));
    }
    return result;
  }
}

function copyTrace(trace: EventTrace): EventTrace {
  return {
    ...trace,
    children: [...trace.children],
    fields: { ...trace.fields },
    hops: trace.hops.map((hop) => ({ ...hop })),
  };
}
