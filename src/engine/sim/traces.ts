/**
 * Traces of sampled events: each event's hops (publish, queue wait, every
 * attempt, backoff, dead letter, redrive) with virtual times, for the
 * waterfall view. Sampling is decided once per chain, at the producer's
 * event, and emitted events inherit it, so a sampled chain is complete.
 * The store keeps the latest `capacity` traces.
 *
 * Hops are stored as flat numbers and turned into objects only when read,
 * because at a 100% sample rate every delivery adds hops.
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
  /**
   * Topics with the event's partition (`orders[3]`) for publish hops, the
   * dead-letter queue for dead-letter and redrive hops.
   */
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
  /** Payload fields of a producer's event; emitted events carry none. */
  fields: Record<string, number | string>;
  hops: TraceHop[];
}

export interface TraceFilter {
  /** Exact key, such as `deviceId:4821`: every sampled event of those chains. */
  key?: string;
  /** Only traces with at least one failed attempt. */
  hasFailures?: boolean;
  deadLettered?: boolean;
  limit?: number;
}

export const HOP_PUBLISH = 0;
export const HOP_QUEUE = 1;
export const HOP_ATTEMPT = 2;
export const HOP_BACKOFF = 3;
export const HOP_DEAD_LETTER = 4;
export const HOP_REDRIVE = 5;
const HOP_KINDS: TraceHopKind[] = [
  "publish",
  "queue",
  "attempt",
  "backoff",
  "deadLetter",
  "redrive",
];
/** Numbers per stored hop: kind, start, end, route, attempt, outcome code. */
const HOP_WIDTH = 6;

/** Turns stored indexes back into names when a trace is read. */
export interface TraceNames {
  routeIds: string[];
  /** Dead-letter queue of each route's service. */
  routeDeadLetters: string[];
  errorNames: readonly string[];
  keyOf(origin: number, keyIndex: number): string;
  payloadOf(origin: number, eventId: number): Record<string, number | string>;
}

interface StoredTrace {
  eventId: number;
  eventType: string;
  source: string;
  topics: string;
  origin: number;
  keyIndex: number;
  parentId: number;
  children: number[] | undefined;
  publishedAtMs: number;
  hops: number[];
}

export class TraceStore {
  private readonly traces = new Map<number, StoredTrace>();
  /**
   * Event ids in the order they were opened, for eviction. Reading the
   * oldest key of the Map instead is slow: after many deletions at its
   * front, V8 walks over the deleted entries on every call.
   */
  private readonly order: Float64Array;
  private orderNext = 0;

  constructor(
    private readonly capacity: number,
    private readonly names: TraceNames,
  ) {
    this.order = new Float64Array(capacity);
  }

  get size(): number {
    return this.traces.size;
  }

  /** Starts a trace with its publish hop; drops the oldest trace when full. */
  open(
    eventId: number,
    eventType: string,
    source: string,
    topics: string,
    origin: number,
    keyIndex: number,
    parentId: number,
    publishedAtMs: number,
  ): void {
    if (this.capacity === 0) return;
    if (this.traces.size >= this.capacity) this.traces.delete(this.order[this.orderNext]);
    this.order[this.orderNext] = eventId;
    this.orderNext = (this.orderNext + 1) % this.capacity;
    const hops = [HOP_PUBLISH, publishedAtMs, publishedAtMs, -1, 0, 0];
    this.traces.set(eventId, {
      eventId,
      eventType,
      source,
      topics,
      origin,
      keyIndex,
      parentId,
      children: undefined,
      publishedAtMs,
      hops,
    });
  }

  /** Appends a hop; ignored when the trace was dropped to make room. */
  addHop(
    eventId: number,
    kind: number,
    startMs: number,
    endMs: number,
    route: number,
    attempt: number,
    outcome: number,
  ): void {
    this.traces.get(eventId)?.hops.push(kind, startMs, endMs, route, attempt, outcome);
  }

  addChild(eventId: number, childId: number): void {
    const trace = this.traces.get(eventId);
    if (!trace) return;
    if (trace.children) trace.children.push(childId);
    else trace.children = [childId];
  }

  has(eventId: number): boolean {
    return this.traces.has(eventId);
  }

  get(eventId: number): EventTrace | undefined {
    const trace = this.traces.get(eventId);
    return trace ? this.materialize(trace) : undefined;
  }

  /** Returns traces matching the filter, newest first: `limit` of them, 50 by default. */
  find(filter: TraceFilter = {}): EventTrace[] {
    const limit = filter.limit ?? 50;
    const result: EventTrace[] = [];
    const all = [...this.traces.values()];
    for (let i = all.length - 1; i >= 0 && result.length < limit; i--) {
      const trace = all[i];
      if (
        filter.key !== undefined &&
        this.names.keyOf(trace.origin, trace.keyIndex) !== filter.key
      )
        continue;
      if (
        filter.hasFailures &&
        !hasHop(trace, (kind, outcome) => kind === HOP_ATTEMPT && outcome !== 0)
      )
        continue;
      if (filter.deadLettered && !hasHop(trace, (kind) => kind === HOP_DEAD_LETTER))
        continue;
      result.push(this.materialize(trace));
    }
    return result;
  }

  private materialize(trace: StoredTrace): EventTrace {
    const names = this.names;
    const hops: TraceHop[] = [];
    for (let i = 0; i < trace.hops.length; i += HOP_WIDTH) {
      const kind = trace.hops[i];
      const route = trace.hops[i + 3];
      const hop: TraceHop = {
        kind: HOP_KINDS[kind],
        startMs: trace.hops[i + 1],
        endMs: trace.hops[i + 2],
      };
      if (route >= 0) hop.route = names.routeIds[route];
      if (kind === HOP_PUBLISH) hop.detail = trace.topics;
      if (kind === HOP_ATTEMPT) {
        hop.attempt = trace.hops[i + 4];
        hop.outcome =
          trace.hops[i + 5] === 0 ? "ok" : names.errorNames[trace.hops[i + 5]];
      }
      if (kind === HOP_DEAD_LETTER) hop.outcome = names.errorNames[trace.hops[i + 5]];
      if (kind === HOP_DEAD_LETTER || kind === HOP_REDRIVE)
        hop.detail = names.routeDeadLetters[route];
      hops.push(hop);
    }
    return {
      eventId: trace.eventId,
      eventType: trace.eventType,
      key: names.keyOf(trace.origin, trace.keyIndex),
      source: trace.source,
      parentId: trace.parentId > 0 ? trace.parentId : undefined,
      children: trace.children ? [...trace.children] : [],
      publishedAtMs: trace.publishedAtMs,
      fields: trace.parentId > 0 ? {} : names.payloadOf(trace.origin, trace.eventId),
      hops,
    };
  }
}

function hasHop(
  trace: StoredTrace,
  test: (kind: number, outcome: number) => boolean,
): boolean {
  for (let i = 0; i < trace.hops.length; i += HOP_WIDTH) {
    if (test(trace.hops[i], trace.hops[i + 5])) return true;
  }
  return false;
}
