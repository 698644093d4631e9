import type { SequenceBarrier } from "./barrier.ts";
import { WAITERS } from "./layout.ts";

/**
 * How a processor waits when nothing is ready. Each choice trades idle CPU
 * for wake-up latency:
 *
 * | strategy     | idle CPU                           | wake-up latency                       | use when |
 * |--------------|------------------------------------|---------------------------------------|----------|
 * | busy spin    | a whole core per waiting thread    | lowest: the next load of the cursor   | a free core per thread and latency matters most |
 * | yielding     | spins 100 times, then parks ~50 us | up to one park (Linux timer slack)    | more threads than cores, latency still matters |
 * | blocking     | none                               | a futex wake-up, tens of microseconds | the default: many threads, a busy machine |
 * | async reader | none (a page's main thread)        | a task turn, or the poll interval     | a browser page, where Atomics.wait throws |
 *
 * Busy spin collapses when threads outnumber free cores: a spinning waiter
 * burns the time slice that the thread it waits for needs. The benchmark
 * page (docs/benchmarks/ring.md) gives measured figures for the strategies
 * that the benchmark uses.
 *
 * Every strategy returns early when `barrier.shouldStop(next)` is true, so a
 * halt or a finished drain never leaves a waiter behind.
 */
export interface WaitStrategy {
  readonly name: string;
  /**
   * Waits until a sequence at or after `next` is available and returns the
   * highest available one, or returns `next - 1` when the processor should
   * stop. Worker threads; the busy-spin strategy also works on a main thread
   * (and freezes it).
   */
  waitFor(next: number, barrier: SequenceBarrier): number;
}

type AtomicsWithPause = typeof Atomics & { pause?: (hint?: number) => void };

/** Hints the CPU that this is a spin loop (`Atomics.pause`, where the engine has it). */
export const spinPause: () => void =
  typeof (Atomics as AtomicsWithPause).pause === "function"
    ? () => (Atomics as AtomicsWithPause).pause!()
    : () => {};

let blockingAllowed: boolean | undefined;

/**
 * Whether this thread may call `Atomics.wait`: true in workers and in Node's
 * main thread, false on a browser page's main thread, where it throws.
 */
export function canBlockThisThread(): boolean {
  if (blockingAllowed === undefined) {
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
      blockingAllowed = true;
    } catch {
      blockingAllowed = false;
    }
  }
  return blockingAllowed;
}

// Created on first use: a page without cross-origin isolation has no
// SharedArrayBuffer, and importing this module must still work there.
let parkCell: Int32Array | undefined;

/**
 * Gives up the core for the shortest time the platform allows. JavaScript
 * has no sched_yield: a timed `Atomics.wait` of 1 us on a private cell is the
 * nearest thing (on Linux the thread sleeps about 50 us, the timer slack).
 * Spins instead where blocking is not allowed.
 */
export function parkBriefly(): void {
  if (!canBlockThisThread()) {
    spinPause();
    return;
  }
  parkCell ??= new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(parkCell, 0, 0, 0.001);
}

/**
 * Wakes the threads blocked on `signalCell`, if any. Publishers and
 * processors call it after advancing. When no thread waits, it costs one
 * `Atomics.load` of a line that is rarely written. Allocation-free.
 */
export function signalWaiters(control: Int32Array, signalCell: number): void {
  if (Atomics.load(control, signalCell + WAITERS) !== 0) {
    Atomics.add(control, signalCell, 1);
    Atomics.notify(control, signalCell);
  }
}

/** Wakes every thread blocked on `signalCell`, registered or not (state changes). */
export function signalAll(control: Int32Array, signalCell: number): void {
  Atomics.add(control, signalCell, 1);
  Atomics.notify(control, signalCell);
}

/**
 * Spins without sleeping. It gives the lowest latency and highest
 * throughput when each thread has a core. With more threads than cores, a
 * spinning waiter takes the time slice of the thread it is waiting for.
 */
export class BusySpinWaitStrategy implements WaitStrategy {
  readonly name = "busy-spin";

  waitFor(next: number, barrier: SequenceBarrier): number {
    for (;;) {
      const available = barrier.available(next);
      if (((available - next) | 0) >= 0) return available;
      if (barrier.shouldStop(next)) return (next - 1) | 0;
      spinPause();
    }
  }
}

/**
 * Spins `spinTries` times, then parks briefly between checks (see
 * `parkBriefly`). Idle cost is a wake-up every ~50 us; wake-up latency is
 * bounded by that park.
 */
export class YieldingWaitStrategy implements WaitStrategy {
  readonly name = "yielding";
  private readonly spinTries: number;

  constructor(spinTries = 100) {
    this.spinTries = spinTries;
  }

  waitFor(next: number, barrier: SequenceBarrier): number {
    for (let tries = 0; ; tries++) {
      const available = barrier.available(next);
      if (((available - next) | 0) >= 0) return available;
      if (barrier.shouldStop(next)) return (next - 1) | 0;
      if (tries < this.spinTries) spinPause();
      else parkBriefly();
    }
  }
}

/**
 * Spins `spinTries` times, then blocks with `Atomics.wait` on the barrier's
 * signal until a publisher (or upstream processor) notifies it. No CPU while
 * idle; each wake-up costs the waker a notify (only while someone waits) and
 * the sleeper a futex round trip. `timeoutMs` only bounds how long a lost
 * wake-up could last; the protocol itself does not lose them. Workers only.
 */
export class BlockingWaitStrategy implements WaitStrategy {
  readonly name = "blocking";
  private readonly spinTries: number;
  private readonly timeoutMs: number;
  private readonly control: Int32Array;

  /** `control`: the ring's control cells (`ring.control`). */
  constructor(
    control: Int32Array,
    options: { spinTries?: number; timeoutMs?: number } = {},
  ) {
    this.control = control;
    this.spinTries = options.spinTries ?? 64;
    this.timeoutMs = options.timeoutMs ?? 100;
  }

  waitFor(next: number, barrier: SequenceBarrier): number {
    const control = this.control;
    const signal = barrier.signalCell;
    for (let tries = 0; ; tries++) {
      let available = barrier.available(next);
      if (((available - next) | 0) >= 0) return available;
      if (barrier.shouldStop(next)) return (next - 1) | 0;
      if (tries < this.spinTries) {
        spinPause();
        continue;
      }

      // Register as a waiter, then read the signal, then check once more: a
      // publisher that advanced before the registration is seen by the check,
      // one that advanced after it sees the waiter and bumps the signal, so
      // the wait below returns at once.
      Atomics.add(control, signal + WAITERS, 1);
      const seen = Atomics.load(control, signal);
      available = barrier.available(next);
      if (((available - next) | 0) < 0 && !barrier.shouldStop(next)) {
        Atomics.wait(control, signal, seen, this.timeoutMs);
      }
      Atomics.sub(control, signal + WAITERS, 1);
    }
  }
}

export type WaitStrategyName = "busy-spin" | "yielding" | "blocking";

/** Builds a strategy by name; `control` is the ring's control cells. */
export function createWaitStrategy(
  name: WaitStrategyName,
  control: Int32Array,
): WaitStrategy {
  switch (name) {
    case "busy-spin":
      return new BusySpinWaitStrategy();
    case "yielding":
      return new YieldingWaitStrategy();
    case "blocking":
      return new BlockingWaitStrategy(control);
  }
}
