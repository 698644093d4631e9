/** Hand-built scenarios for the simulation tests. */
import {
  DEFAULT_ALERTS,
  DEFAULT_HEATMAP_BOUNDS_MS,
  DEFAULT_RETRY,
  type Distribution,
  type RetryPolicy,
  type Scenario,
} from "../../../src/engine/sim/scenario.ts";

export interface SingleServiceOptions {
  seed?: number;
  ratePerSecond: number;
  arrival?: "poisson" | "constant";
  concurrency: number;
  serviceTime: Distribution;
  failure?: number;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  durationMs: number;
  significantDigits?: 2 | 3;
  sampleRate?: number;
}

/** Builds one producer, one topic `jobs` and one service `worker`: the route `jobs->worker`. */
export function singleService(options: SingleServiceOptions): Scenario {
  return {
    name: "single-service",
    seed: options.seed ?? 7,
    durationMs: options.durationMs,
    speed: Number.POSITIVE_INFINITY,
    producers: [
      {
        name: "source",
        emits: "Job",
        ratePerSecond: options.ratePerSecond,
        arrival: { kind: options.arrival ?? "poisson" },
        keys: { field: "jobId", count: 1000, distribution: "uniform", zipfExponent: 1 },
        fields: {},
      },
    ],
    topics: [{ name: "jobs", carries: ["Job"], partitions: 1 }],
    services: [
      {
        name: "worker",
        consumes: ["jobs"],
        concurrency: options.concurrency,
        serviceTime: options.serviceTime,
        failure: options.failure ?? 0,
        timeoutMs: options.timeoutMs,
        retry: { ...DEFAULT_RETRY, ...options.retry },
        deadLetter: "jobs.dlq",
        emits: [],
      },
    ],
    alerts: { ...DEFAULT_ALERTS },
    tracing: { sampleRate: options.sampleRate ?? 0, capacity: 1000 },
    metrics: {
      significantDigits: options.significantDigits ?? 2,
      heatmapBoundsMs: DEFAULT_HEATMAP_BOUNDS_MS,
    },
    deadLetterCapacity: 100_000,
  };
}
