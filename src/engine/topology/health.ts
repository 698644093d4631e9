/**
 * Health of nodes and edges from their current metrics and configured
 * thresholds. Each rule compares one metric with a degraded and a failing
 * level; the worst rule wins. A node or edge with none of the metrics the
 * rules read is "unknown", not "ok".
 *
 * A dead-letter queue has no latency or errors of its own, so it is graded
 * by the dead-letter ratio of the services feeding it (their dead letters
 * over their delivered-or-dead-lettered events in the window), against the
 * same levels as a route. A queue that receives dead letters at 0.1% or more
 * of that traffic is degraded, at 10% or more failing, and a queue that
 * received none in the window is ok even while it still stores old ones.
 * Grading by that ratio, not by "any dead letter is degraded", keeps a queue
 * as calm as the routes that fill it when their ratio is under the threshold.
 */
import type { EdgeKind, GraphEdge, GraphMetrics, GraphNode, NodeKind } from "./model.ts";

export type Health = "unknown" | "ok" | "degraded" | "failing";

type MeasuredHealth = Exclude<Health, "unknown">;

/** A pair of levels: at or above `degraded` is degraded, at or above `failing` is failing. */
export interface ThresholdPair {
  degraded: number;
  failing: number;
}

export interface LatencyObjective {
  /** p99 objective, ms: a p99 above it is degraded. */
  p99Ms: number;
  /** A p99 above `p99Ms * failingFactor` is failing. */
  failingFactor: number;
}

export interface HealthConfig {
  /** Dead-lettered divided by delivered-or-dead-lettered, 0..1. */
  deadLetterRatio: ThresholdPair;
  /** Failed attempts divided by attempts, 0..1, retried attempts included. */
  errorRatio: ThresholdPair;
  /** Objective for every node and edge without a more specific one; null for none. */
  latency: LatencyObjective | null;
  /** Objectives by node kind or edge kind, which override `latency`. */
  latencyByKind: Partial<Record<NodeKind | EdgeKind, LatencyObjective>>;
  /** Objectives by node or edge id, which override the kind and default objectives. */
  latencyById: Record<string, LatencyObjective>;
}

/**
 * Defaults. The dead-letter levels (0.1% and 10%) are the product's stated
 * thresholds. NOTE: the error-ratio levels (1% and 25%) are a guess, not
 * taken from any standard. No latency objective is set by default, so each
 * scenario should set objectives for its own services.
 */
export const defaultHealthConfig: HealthConfig = {
  deadLetterRatio: { degraded: 0.001, failing: 0.1 },
  errorRatio: { degraded: 0.01, failing: 0.25 },
  latency: null,
  latencyByKind: {},
  latencyById: {},
};

export interface HealthInput {
  deadLetterRatio?: Partial<ThresholdPair>;
  errorRatio?: Partial<ThresholdPair>;
  latency?: LatencyObjectiveInput | null;
  latencyByKind?: Partial<Record<NodeKind | EdgeKind, LatencyObjectiveInput>>;
  latencyById?: Record<string, LatencyObjectiveInput>;
}

export interface LatencyObjectiveInput {
  p99Ms: number;
  failingFactor?: number;
}

const defaultFailingFactor = 2;

/**
 * Fills a partial configuration from the defaults and validates it. Throws an
 * Error naming the field and the bad value when a level is negative, not a
 * number, or when a degraded level is above its failing level.
 */
export function resolveHealthConfig(input: HealthInput = {}): HealthConfig {
  const config: HealthConfig = {
    deadLetterRatio: { ...defaultHealthConfig.deadLetterRatio, ...input.deadLetterRatio },
    errorRatio: { ...defaultHealthConfig.errorRatio, ...input.errorRatio },
    latency: input.latency ? resolveObjective("latency", input.latency) : null,
    latencyByKind: {},
    latencyById: {},
  };
  checkPair("deadLetterRatio", config.deadLetterRatio);
  checkPair("errorRatio", config.errorRatio);
  for (const [kind, objective] of Object.entries(input.latencyByKind ?? {})) {
    if (!objective) continue;
    config.latencyByKind[kind as NodeKind | EdgeKind] = resolveObjective(
      `latencyByKind.${kind}`,
      objective,
    );
  }
  for (const [id, objective] of Object.entries(input.latencyById ?? {})) {
    config.latencyById[id] = resolveObjective(`latencyById["${id}"]`, objective);
  }
  return config;
}

function resolveObjective(field: string, input: LatencyObjectiveInput): LatencyObjective {
  const objective = {
    p99Ms: input.p99Ms,
    failingFactor: input.failingFactor ?? defaultFailingFactor,
  };
  if (!(objective.p99Ms > 0) || !Number.isFinite(objective.p99Ms)) {
    throw new Error(
      `${field}.p99Ms must be a positive number of ms, got ${input.p99Ms}.`,
    );
  }
  if (!(objective.failingFactor >= 1) || !Number.isFinite(objective.failingFactor)) {
    throw new Error(
      `${field}.failingFactor must be a number of 1 or more, got ${input.failingFactor}.`,
    );
  }
  return objective;
}

function checkPair(field: string, pair: ThresholdPair) {
  for (const level of ["degraded", "failing"] as const) {
    if (!(pair[level] >= 0) || !Number.isFinite(pair[level])) {
      throw new Error(
        `${field}.${level} must be a ratio of 0 or more, got ${pair[level]}.`,
      );
    }
  }
  if (pair.degraded > pair.failing) {
    throw new Error(
      `${field}.degraded (${pair.degraded}) must not be above ${field}.failing (${pair.failing}).`,
    );
  }
}

export interface HealthVerdict {
  health: Health;
  /** One line per rule that is not ok, worst first, for tooltips and the side panel. */
  reasons: string[];
}

const rank: Record<Health, number> = { unknown: 0, ok: 1, degraded: 2, failing: 3 };

/** Returns the worse of two health levels; "unknown" loses to any measured level. */
export function worseHealth(a: Health, b: Health): Health {
  return rank[a] >= rank[b] ? a : b;
}

/**
 * Grades one node or edge without explaining why, for drawing thousands of
 * items per refresh. Allocates nothing.
 */
export function gradeHealth(
  subject: GraphNode | GraphEdge,
  config: HealthConfig = defaultHealthConfig,
): Health {
  const metrics = subject.metrics;
  let health: Health = "unknown";
  const deadLetter = metrics.deadLetterRatio;
  if (deadLetter !== undefined && Number.isFinite(deadLetter)) {
    const pair = config.deadLetterRatio;
    health = worseHealth(health, levelAtOrAbove(deadLetter, pair.degraded, pair.failing));
  }
  const errors = metrics.errorRatio;
  if (errors !== undefined && Number.isFinite(errors)) {
    const pair = config.errorRatio;
    health = worseHealth(health, levelAtOrAbove(errors, pair.degraded, pair.failing));
  }
  const objective = objectiveFor(subject, config);
  const p99 = metrics.p99Ms;
  if (objective && p99 !== undefined && Number.isFinite(p99)) {
    const failingMs = objective.p99Ms * objective.failingFactor;
    health = worseHealth(health, levelAbove(p99, objective.p99Ms, failingMs));
  }
  return health;
}

/** Grades one node or edge and explains the grade. Allocates a small verdict object. */
export function assessHealth(
  subject: GraphNode | GraphEdge,
  config: HealthConfig = defaultHealthConfig,
): HealthVerdict {
  const metrics: GraphMetrics = subject.metrics;
  const findings: { health: Health; reason: string }[] = [];
  let health: Health = "unknown";

  const grade = (name: string, value: number | undefined, pair: ThresholdPair) => {
    if (value === undefined || !Number.isFinite(value)) return;
    const level = levelAtOrAbove(value, pair.degraded, pair.failing);
    health = worseHealth(health, level);
    if (level === "ok") return;
    findings.push({
      health: level,
      reason: `${name} ${formatPercent(value)} at or above ${formatPercent(pair[level])}`,
    });
  };
  grade("dead-letter ratio", metrics.deadLetterRatio, config.deadLetterRatio);
  grade("error ratio", metrics.errorRatio, config.errorRatio);

  const objective = objectiveFor(subject, config);
  const p99 = metrics.p99Ms;
  if (objective && p99 !== undefined && Number.isFinite(p99)) {
    const failingMs = objective.p99Ms * objective.failingFactor;
    // An objective is met at exactly its value, so only a p99 above it counts.
    const level = levelAbove(p99, objective.p99Ms, failingMs);
    health = worseHealth(health, level);
    if (level !== "ok") {
      const limit = level === "failing" ? failingMs : objective.p99Ms;
      findings.push({
        health: level,
        reason: `p99 ${formatMs(p99)} above ${formatMs(limit)}`,
      });
    }
  }

  findings.sort((a, b) => rank[b.health] - rank[a.health]);
  return { health, reasons: findings.map((finding) => finding.reason) };
}

function levelAtOrAbove(
  value: number,
  degraded: number,
  failing: number,
): MeasuredHealth {
  if (value >= failing) return "failing";
  if (value >= degraded) return "degraded";
  return "ok";
}

function levelAbove(value: number, degraded: number, failing: number): MeasuredHealth {
  if (value > failing) return "failing";
  if (value > degraded) return "degraded";
  return "ok";
}

function objectiveFor(
  subject: GraphNode | GraphEdge,
  config: HealthConfig,
): LatencyObjective | null {
  return (
    config.latencyById[subject.id] ?? config.latencyByKind[subject.kind] ?? config.latency
  );
}

function formatPercent(ratio: number): string {
  const percent = ratio * 100;
  return `${Number(percent.toPrecision(3))}%`;
}

function formatMs(ms: number): string {
  return `${Number(ms.toPrecision(4))} ms`;
}
