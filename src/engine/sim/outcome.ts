/**
 * The narrow channel between the simulation and whatever consumes its
 * results. The simulation writes one numeric record per outcome, in virtual
 * time order, so the same records can go straight to a metrics recorder or
 * through the ring buffer to a metrics processor with identical results.
 */

/** A delivery succeeded: `index` route, `a` latency ms, `b` end-to-end latency ms from the chain's first publish. */
export const OUTCOME_DELIVERED = 1;
/** An attempt failed: `index` route, `a` 1 when it will be retried else 0, `b` error code. */
export const OUTCOME_ATTEMPT_FAILED = 2;
/** A delivery was dead-lettered: `index` route, `a` latency ms until then, `b` attempts made. */
export const OUTCOME_DEAD_LETTERED = 3;
/** Events flowed along a publish or emit edge: `index` flow, `a` event count. */
export const OUTCOME_FLOW = 4;

export type OutcomeKind =
  | typeof OUTCOME_DELIVERED
  | typeof OUTCOME_ATTEMPT_FAILED
  | typeof OUTCOME_DEAD_LETTERED
  | typeof OUTCOME_FLOW;

/** Error codes carried by failed attempts and dead letters. */
export const ERROR_NAMES = ["none", "error", "timeout", "crashed", "queue full"] as const;
export const ERROR_FAILED = 1;
export const ERROR_TIMEOUT = 2;
export const ERROR_CRASHED = 3;
export const ERROR_QUEUE_FULL = 4;

export interface OutcomeSink {
  /**
   * Takes one outcome at virtual time `timeMs`. Times never decrease between
   * calls. Called on the simulation's thread for every delivery; must not
   * allocate.
   */
  write(kind: OutcomeKind, timeMs: number, index: number, a: number, b: number): void;
  /** States that every outcome before `timeMs` has been written. */
  advanceTo(timeMs: number): void;
}

/** Static facts a consumer needs to interpret record indexes. */
export interface OutcomeLayout {
  routes: { id: string; topic: string; service: string }[];
  services: { name: string; routes: number[] }[];
  /** Publish edges (producer -> topic) and emit edges (service -> topic). */
  flows: { from: "producer" | "service"; source: string; topic: string }[];
}
