/**
 * Types the dead-letter browser reads and calls. A dead-letter store (the
 * simulation's, or a live broker's) returns rows of this shape, one page at
 * a time or all at once.
 */

/** One event that exhausted its retries on one route. */
export interface DeadLetterRow {
  /**
   * Entry id, unique in the store and stable until the entry is redriven.
   * One event can be dead-lettered on several routes, so this is not the event id.
   */
  id: string;
  eventId: string;
  eventType?: string;
  /** Dead-letter queue that contains the entry. */
  queue?: string;
  /** `topic->service`, where a redrive sends the event. */
  routeId: string;
  topic: string;
  /** Subscriber whose handler failed. */
  service: string;
  /** Partition or correlation key of the event. */
  key: string;
  /** Delivery attempts made, the first one included. */
  attempts: number;
  /** Error of the last attempt, as the handler reported it, such as `timeout`. */
  lastError: string;
  /** Virtual time of dead-lettering, ms since the run began. */
  deadLetteredAtMs: number;
  /** Virtual time the event reached the topic, or was last redriven, ms since the run began. */
  publishedAtMs: number;
  /**
   * Whether the event's chain was sampled, so that its trace can be shown.
   * Undefined when the store does not say, as for a live broker's entries.
   */
  traced?: boolean;
}

/** The browser's filter. An empty string matches anything. */
export interface DeadLetterFilter {
  /** Substring of the key, case-sensitive. */
  key: string;
  /** Exact service name. */
  service: string;
  /** Exact route id. */
  routeId: string;
  /** Exact last error. */
  error: string;
  /** Only entries whose chain was sampled, so that each has a trace. */
  tracedOnly?: boolean;
}

/** The filter and page the browser shows, reported to a store that pages itself. */
export interface DeadLetterQuery {
  filter: DeadLetterFilter;
  offset: number;
  limit: number;
}

/** Entries to redrive: these entry ids, or every stored entry. */
export type RedriveTarget = readonly string[] | "all";

export interface RedriveResult {
  /** Entries sent back to their route. */
  redriven: number;
}

/**
 * Sends dead-lettered entries back to their route through the ring. It may
 * return the result, the number redriven, or nothing, at once or as a
 * promise. The browser shows the result and any rejection as a message.
 */
export type RedriveFunction = (target: RedriveTarget) => RedriveOutcome;

/** Sends every stored entry that matches the filter back to its route, on all pages. */
export type RedriveMatchingFunction = (filter: DeadLetterFilter) => RedriveOutcome;

export type RedriveOutcome =
  | Promise<RedriveResult | number | undefined>
  | RedriveResult
  | number
  | undefined;
