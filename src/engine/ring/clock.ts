/**
 * Wall-clock time shared by every thread of a ring.
 *
 * `performance.now()` counts from each thread's own time origin, so a worker
 * and the page disagree by the time between their starts. A ring stores its
 * creation time (ms since the Unix epoch) once; each thread adds the
 * difference between its own origin and that epoch, and so reads a clock
 * that every thread of the ring shares, in microseconds since the ring was
 * created. The small numbers keep sub-microsecond resolution in a float64.
 *
 * NOTE: `performance.timeOrigin` is itself a clock reading, so two threads
 * can disagree by a few microseconds; the ring clamps negative latencies to 0.
 * Browsers coarsen `performance.now()` to 5 us in cross-origin isolated pages.
 */

/** Current time in ms since the Unix epoch, at the resolution of `performance.now()`. */
export function epochNowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** A thread's view of one ring clock. Allocation-free to read. */
export class RingClock {
  private readonly offsetMs: number;

  /** `epochMs`: the ring's creation time, from `epochNowMs()` in the creating thread. */
  constructor(epochMs: number) {
    this.offsetMs = performance.timeOrigin - epochMs;
  }

  /** Microseconds since the ring was created. Any thread; about 60 ns in Node 20. */
  nowMicros(): number {
    return (this.offsetMs + performance.now()) * 1000;
  }
}
