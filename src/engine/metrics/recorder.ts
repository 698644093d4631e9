/**
 * Turns outcome records into windowed metrics: latency histograms, counts,
 * dead-letter ratios, heatmap columns and alerts, per route, per service and
 * for everything. It is an `OutcomeSink`, so it can take records straight
 * from the simulation or from a ring-buffer processor.
 *
 * Determinism: slots close and alerts are evaluated at fixed virtual-time
 * boundaries, and a boundary at time T is processed before the first record
 * at or after T. The results therefore depend only on the records, never on
 * how the caller sliced the run.
 */
import type { Histogram } from "hdr-histogram-js";
import {
  OUTCOME_ATTEMPT_FAILED,
  OUTCOME_DEAD_LETTERED,
  OUTCOME_DELIVERED,
  OUTCOME_FLOW,
  type OutcomeKind,
  type OutcomeLayout,
  type OutcomeSink,
} from "../sim/outcome.ts";
import type { AlertSettings, MetricsSettings } from "../sim/scenario.ts";
import { AlertTracker } from "./alerts.ts";
import type { LatencySummary, ScopeStats, WindowName, WindowStats } from "./snapshot.ts";
import {
  CounterWindows,
  coveredSinceMs,
  createHistogram,
  HistogramWindows,
  SLOT_MS,
  summarize,
} from "./windows.ts";

const WINDOWS: WindowName[] = ["1m", "5m", "15m"];

/** Idle time after which every window is empty: longer than the 15m window plus a slot. */
const IDLE_SKIP_MS = 16 * 60_000;

const COUNT_COMPLETED = 0;
const COUNT_FAILED_ATTEMPTS = 1;
const COUNT_DEAD_LETTERED = 2;
const COUNTER_WIDTH = 3;

// Module-level copies: imported bindings cost a property read per use when
// the module is loaded through a CommonJS wrapper (tsx, Vitest).
const DELIVERED = OUTCOME_DELIVERED;
const ATTEMPT_FAILED = OUTCOME_ATTEMPT_FAILED;
const DEAD_LETTERED = OUTCOME_DEAD_LETTERED;
const FLOW = OUTCOME_FLOW;

/**
 * Routes and "all" record values themselves. Services with several routes
 * are composites: a query merges their routes' histograms and sums their
 * counters.
 */
interface Scope {
  id: string;
  kind: ScopeStats["kind"];
  latency: HistogramWindows;
  /**
   * Latency from the chain's first publish. Undefined for routes whose topic
   * only producers publish to, where it equals `latency`.
   */
  endToEnd?: HistogramWindows;
  counters: CounterWindows;
  /** Deliveries per heatmap bucket since the last snapshot. */
  heat: Float64Array;
}

interface CompositeScope {
  id: string;
  kind: ScopeStats["kind"];
  members: Scope[];
}

export interface RecorderTotals {
  /** Events published to topics, by producers and by service emits. */
  published: number;
  delivered: number;
  deadLettered: number;
  /** Failed attempts that were retried. */
  retries: number;
  failedAttempts: number;
}

export class MetricsRecorder implements OutcomeSink {
  readonly totals: RecorderTotals = {
    published: 0,
    delivered: 0,
    deadLettered: 0,
    retries: 0,
    failedAttempts: 0,
  };
  private readonly routeScopes: Scope[];
  private readonly all: Scope;
  /** A service with one route reads that route's scope; others merge theirs. */
  private readonly serviceScopes: (Scope | CompositeScope)[];
  private readonly flows: CounterWindows;
  private readonly alerts: AlertTracker;
  private readonly heatBounds: number[];
  private readonly scratch: Histogram;
  private slot = 0;
  private nextSlotMs = SLOT_MS;
  private nextEvaluationMs: number;
  private nextBoundaryMs: number;
  private lastRecordMs = 0;

  constructor(
    readonly layout: OutcomeLayout,
    private readonly settings: { metrics: MetricsSettings; alerts: AlertSettings },
  ) {
    const digits = settings.metrics.significantDigits;
    this.heatBounds = settings.metrics.heatmapBoundsMs;
    this.scratch = createHistogram(digits);
    const emittedTopics = new Set(
      layout.flows.filter((flow) => flow.from === "service").map((flow) => flow.topic),
    );
    this.routeScopes = layout.routes.map((route) => ({
      id: route.id,
      kind: "route",
      latency: new HistogramWindows(digits),
      endToEnd: emittedTopics.has(route.topic) ? new HistogramWindows(digits) : undefined,
      counters: new CounterWindows(COUNTER_WIDTH),
      heat: new Float64Array(this.heatBounds.length + 1),
    }));
    // "all" records every delivery itself: one more histogram record per
    // delivery, so that reading it does not merge every route's histograms.
    this.all = {
      id: "all",
      kind: "all",
      latency: new HistogramWindows(digits),
      counters: new CounterWindows(COUNTER_WIDTH),
      heat: new Float64Array(this.heatBounds.length + 1),
    };
    this.serviceScopes = layout.services.map((service) =>
      service.routes.length === 1
        ? this.routeScopes[service.routes[0]]
        : {
            id: service.name,
            kind: "service",
            members: service.routes.map((r) => this.routeScopes[r]),
          },
    );
    this.flows = new CounterWindows(Math.max(1, layout.flows.length));
    this.alerts = new AlertTracker(settings.alerts);
    this.nextEvaluationMs = settings.alerts.evaluateEveryMs;
    this.nextBoundaryMs = Math.min(this.nextSlotMs, this.nextEvaluationMs);
  }

  write(kind: OutcomeKind, timeMs: number, index: number, a: number, b: number): void {
    if (timeMs >= this.nextBoundaryMs) this.crossBoundaries(timeMs);
    this.lastRecordMs = timeMs;
    switch (kind) {
      case DELIVERED:
        this.recordDelivered(index, a, b);
        break;
      case ATTEMPT_FAILED:
        this.recordFailedAttempt(index, a);
        break;
      case DEAD_LETTERED:
        this.recordDeadLettered(index);
        break;
      case FLOW:
        this.flows.add(index, a);
        this.totals.published += a;
        break;
    }
  }

  advanceTo(timeMs: number): void {
    if (timeMs >= this.nextBoundaryMs) this.crossBoundaries(timeMs);
  }

  /** Returns one route's figures over a window; `nowMs` must be the time last advanced to. */
  routeStats(route: number, window: WindowName, nowMs: number): WindowStats {
    return this.windowStats(this.routeScopes[route], window, nowMs);
  }

  serviceStats(service: number, window: WindowName, nowMs: number): WindowStats {
    return this.windowStats(this.serviceScopes[service], window, nowMs);
  }

  allStats(window: WindowName, nowMs: number): WindowStats {
    return this.windowStats(this.all, window, nowMs);
  }

  /**
   * Returns figures for every scope: everything, then each route, then each
   * service (a service with one route repeats that route's figures). With
   * `takeHeatmap`, the heatmap counts restart.
   */
  scopeStats(nowMs: number, options: { takeHeatmap: boolean }): ScopeStats[] {
    const all = this.statsOf(this.all, nowMs);
    const routes = this.routeScopes.map((scope) => {
      const entry = this.statsOf(scope, nowMs);
      entry.endToEnd = this.endToEndWindows(scope);
      return entry;
    });
    const services = this.serviceScopes.map((scope, s): ScopeStats => {
      const name = this.layout.services[s].name;
      if ("members" in scope) return this.statsOf(scope, nowMs);
      const route = routes[this.layout.services[s].routes[0]];
      return {
        id: name,
        kind: "service",
        windows: route.windows,
        heatmap: route.heatmap,
      };
    });
    if (options.takeHeatmap) {
      for (const scope of [this.all, ...this.routeScopes]) scope.heat.fill(0);
    }
    return [all, ...routes, ...services];
  }

  private statsOf(scope: Scope | CompositeScope, nowMs: number): ScopeStats {
    return {
      id: scope.id,
      kind: scope.kind,
      windows: {
        "1m": this.windowStats(scope, "1m", nowMs),
        "5m": this.windowStats(scope, "5m", nowMs),
        "15m": this.windowStats(scope, "15m", nowMs),
      },
      heatmap: { endMs: nowMs, counts: Array.from(this.heatOf(scope)) },
    };
  }

  /** Returns successful and failed attempts of a service over a window, for error ratios. */
  attemptCounts(service: number, window: WindowName): { ok: number; failed: number } {
    return {
      // Every delivery but a dead-lettered one ends with one successful attempt.
      ok:
        this.sumCounter(this.serviceScopes[service], window, COUNT_COMPLETED) -
        this.sumCounter(this.serviceScopes[service], window, COUNT_DEAD_LETTERED),
      failed: this.sumCounter(this.serviceScopes[service], window, COUNT_FAILED_ATTEMPTS),
    };
  }

  /** Returns events along a flow (publish or emit edge) over a window, and their rate per second. */
  flowRate(
    flow: number,
    window: WindowName,
    nowMs: number,
  ): { count: number; ratePerSecond: number } {
    const count = this.flows.sum(window, flow);
    const elapsedMs = nowMs - coveredSinceMs(window, this.slot);
    return { count, ratePerSecond: elapsedMs > 0 ? (count * 1000) / elapsedMs : 0 };
  }

  alertStates() {
    return this.alerts.list();
  }

  alertHistory() {
    return this.alerts.history();
  }

  private windowStats(
    scope: Scope | CompositeScope,
    window: WindowName,
    nowMs: number,
  ): WindowStats {
    this.scratch.reset();
    for (const member of membersOf(scope)) member.latency.addTo(window, this.scratch);
    const latency = summarize(this.scratch);
    const completed = this.sumCounter(scope, window, COUNT_COMPLETED);
    const deadLettered = this.sumCounter(scope, window, COUNT_DEAD_LETTERED);
    const elapsedMs = nowMs - coveredSinceMs(window, this.slot);
    return {
      count: completed,
      ratePerSecond: elapsedMs > 0 ? (completed * 1000) / elapsedMs : 0,
      p50: latency.p50,
      p90: latency.p90,
      p99: latency.p99,
      max: latency.max,
      failedAttempts: this.sumCounter(scope, window, COUNT_FAILED_ATTEMPTS),
      deadLettered,
      deadLetterRatio: completed > 0 ? deadLettered / completed : 0,
    };
  }

  private sumCounter(
    scope: Scope | CompositeScope,
    window: WindowName,
    counter: number,
  ): number {
    let total = 0;
    for (const member of membersOf(scope)) total += member.counters.sum(window, counter);
    return total;
  }

  private heatOf(scope: Scope | CompositeScope): Float64Array {
    if (!("members" in scope)) return scope.heat;
    const sum = new Float64Array(this.heatBounds.length + 1);
    for (const member of scope.members)
      for (let i = 0; i < sum.length; i++) sum[i] += member.heat[i];
    return sum;
  }

  private endToEndWindows(scope: Scope): Record<WindowName, LatencySummary> {
    const windows = scope.endToEnd ?? scope.latency;
    const result = {} as Record<WindowName, LatencySummary>;
    for (const window of WINDOWS)
      result[window] = summarize(windows.collect(window, this.scratch));
    return result;
  }

  private recordDelivered(route: number, latencyMs: number, endToEndMs: number): void {
    const scope = this.routeScopes[route];
    const all = this.all;
    const bucket = this.heatBucket(latencyMs);
    this.totals.delivered++;
    scope.latency.record(latencyMs);
    scope.endToEnd?.record(endToEndMs);
    scope.counters.add(COUNT_COMPLETED, 1);
    scope.heat[bucket]++;
    all.latency.record(latencyMs);
    all.counters.add(COUNT_COMPLETED, 1);
    all.heat[bucket]++;
  }

  private recordFailedAttempt(route: number, willRetry: number): void {
    this.totals.failedAttempts++;
    if (willRetry) this.totals.retries++;
    this.routeScopes[route].counters.add(COUNT_FAILED_ATTEMPTS, 1);
    this.all.counters.add(COUNT_FAILED_ATTEMPTS, 1);
  }

  private recordDeadLettered(route: number): void {
    this.totals.deadLettered++;
    for (const counters of [this.routeScopes[route].counters, this.all.counters]) {
      counters.add(COUNT_COMPLETED, 1);
      counters.add(COUNT_DEAD_LETTERED, 1);
    }
  }

  /** Processes every slot and evaluation boundary at or before `timeMs`. */
  private crossBoundaries(timeMs: number): void {
    while (this.nextBoundaryMs <= timeMs) {
      // After 16 idle minutes every window is empty and every alert has been
      // evaluated on empty windows, so the remaining boundaries change nothing.
      if (this.nextBoundaryMs > this.lastRecordMs + IDLE_SKIP_MS) {
        this.skipIdle(timeMs);
        return;
      }
      const boundaryMs = this.nextBoundaryMs;
      if (boundaryMs === this.nextSlotMs) {
        this.rotateTo(Math.floor(boundaryMs / SLOT_MS));
        this.nextSlotMs += SLOT_MS;
      }
      if (boundaryMs === this.nextEvaluationMs) {
        this.evaluateAlerts(boundaryMs);
        this.nextEvaluationMs += this.settings.alerts.evaluateEveryMs;
      }
      this.nextBoundaryMs = Math.min(this.nextSlotMs, this.nextEvaluationMs);
    }
  }

  private skipIdle(timeMs: number): void {
    const slot = Math.floor(timeMs / SLOT_MS);
    this.rotateTo(slot);
    this.nextSlotMs = (slot + 1) * SLOT_MS;
    const every = this.settings.alerts.evaluateEveryMs;
    this.nextEvaluationMs = (Math.floor(timeMs / every) + 1) * every;
    this.nextBoundaryMs = Math.min(this.nextSlotMs, this.nextEvaluationMs);
  }

  private rotateTo(slot: number): void {
    if (slot <= this.slot) return;
    this.slot = slot;
    this.flows.rotateTo(slot);
    for (const scope of [this.all, ...this.routeScopes]) {
      scope.latency.rotateTo(slot);
      scope.endToEnd?.rotateTo(slot);
      scope.counters.rotateTo(slot);
    }
  }

  private evaluateAlerts(atMs: number): void {
    const window = this.settings.alerts.window;
    for (const scope of [this.all, ...this.routeScopes]) {
      const volume = this.sumCounter(scope, window, COUNT_COMPLETED);
      const deadLettered = this.sumCounter(scope, window, COUNT_DEAD_LETTERED);
      this.alerts.evaluate(scope.id, scope.kind, atMs, deadLettered, volume);
    }
  }

  private heatBucket(latencyMs: number): number {
    const bounds = this.heatBounds;
    let low = 0;
    let high = bounds.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (latencyMs <= bounds[mid]) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}

function membersOf(scope: Scope | CompositeScope): Scope[] {
  return "members" in scope ? scope.members : [scope];
}
