/**
 * What the dead-letter browser reads and calls. A dead-letter store (the
 * simulation's, or a live broker's) returns rows of this shape.
 */

/** One event that exhausted its retries on one route. */
export interface DeadLetterRow {
  /**
   * Entry id, unique in the store and stable until the entry is redriven.
   * One event can be dead-lettered on several routes, so this is not the event id.
   */
  id: string;
  eventId: string;
  /** `topic->service`. */
  routeId: string;
  topic: string;
  /** Subscriber whose handler failed. */
  service: string;
  /** Partition or correlation key of the event. */
  key: string;
  /** Delivery attempts made, the first one included. */
  attempts: number;
  /** Error of the last attempt, as the handler reported it. */
  lastError: string;
  /** Virtual time of dead-lettering, ms since the run began. */
  deadLetteredAtMs: number;
  /** Virtual time the event was published, ms since the run began. */
  publishedAtMs: number;
}

/** Entry ids to redrive, or every stored entry. */
export type RedriveTarget = readonly string[] | "all";

export interface RedriveResult {
  /** Entries sent back to their route. */
  redriven: number;
  /** Requested ids that were no longer stored, for example redriven elsewhere. */
  missing?: number;
}

/**
 * Sends dead-lettered entries back to their route through the ring. It may
 * return the result, the number redriven, or nothing, at once or as a
 * promise. The browser shows the result and any rejection as a message.
 */
export type RedriveFunction = (
  target: RedriveTarget,
) => Promise<RedriveResult | number | undefined> | RedriveResult | number | undefined;
