/**
 * The typed control protocol between the main thread and the engine worker.
 * Requests carry an id and get exactly one response with the same id; errors
 * cross the boundary as data (`EngineError`), never as thrown objects. The
 * data plane (events) never goes through these messages: they carry
 * commands and small snapshots only.
 */
import type { Snapshot, WindowName } from "../engine/metrics/snapshot.ts";
import type {
  DeadLetterFilter,
  DeadLetterPage,
  EventTrace,
  RedriveSelection,
  TraceFilter,
} from "../engine/sim/index.ts";
import type { TopologyGraph } from "../engine/topology/model.ts";

/** Layout of the status region the main thread allocates and the worker writes. */
export const STATUS_REGION = {
  /** Int32 slots; each is written with Atomics by the worker only. */
  slots: 16,
  /** Incremented by the worker about ten times a second while it runs. */
  heartbeat: 0,
  /** 0 = starting, 1 = ready, 2 = failed. */
  state: 1,
} as const;

export const STATUS_REGION_BYTES = STATUS_REGION.slots * Int32Array.BYTES_PER_ELEMENT;

export interface EngineStatus {
  state: "starting" | "ready" | "failed";
  /** Bytes of the SharedArrayBuffer the worker received at init. */
  sharedBytes: number;
  /** Whether the worker itself runs cross-origin isolated. */
  crossOriginIsolated: boolean;
  /** Scenario loaded now, if any. */
  scenario?: string;
  message?: string;
}

export interface EngineError {
  /** Short machine-readable code, e.g. "invalid-scenario". */
  code: string;
  message: string;
  /** Place of the problem: a file line, a field path or a byte offset. */
  where?: string;
}

export interface ScenarioSummary {
  name: string;
  seed: number;
  producers: string[];
  topics: string[];
  services: string[];
  /** Fraction of event chains whose traces are recorded, 0..1 (`tracing.sampleRate`). */
  traceSampleRate: number;
  /** Origin of the scenario: a built-in name or a file name. */
  source: string;
}

export type ControlCommand =
  | { action: "start" }
  | { action: "pause" }
  | { action: "reset" }
  | { action: "speed"; speed: number }
  | { action: "rate"; producer: string; ratePerSecond: number }
  | {
      action: "fault";
      service: string;
      kind: "slow" | "errors" | "pause" | "crash";
      value?: number;
      durationMs?: number;
    }
  | { action: "clearFaults"; service?: string };

/** Methods of the engine worker: parameters and result of each. */
export interface EngineMethods {
  init: { params: { shared: SharedArrayBuffer }; result: EngineStatus };
  status: { params: undefined; result: EngineStatus };
  listScenarios: { params: undefined; result: string[] };
  /**
   * Replaces the running simulation with a built-in scenario (`builtin`) or
   * scenario YAML (`yaml`, named `fileName` in error messages), and starts it.
   * An invalid scenario leaves the running one untouched.
   */
  loadScenario: {
    params: {
      builtin?: string;
      yaml?: string;
      fileName?: string;
      seed?: number;
      autoStart?: boolean;
    };
    result: ScenarioSummary;
  };
  control: { params: ControlCommand; result: Snapshot | null };
  snapshot: { params: undefined; result: Snapshot | null };
  graph: { params: { window: WindowName }; result: TopologyGraph | null };
  deadLetters: {
    params: { filter?: DeadLetterFilter; offset?: number; limit?: number };
    result: DeadLetterPage;
  };
  redrive: { params: RedriveSelection; result: { redriven: number } };
  /** Sampled event traces: one event by id, or those matching a filter. */
  traces: { params: { eventId?: number } & TraceFilter; result: EventTrace[] };
}

export type EngineMethod = keyof EngineMethods;

export interface EngineRequest<M extends EngineMethod = EngineMethod> {
  kind: "request";
  id: number;
  method: M;
  params: EngineMethods[M]["params"];
}

export type EngineResponse =
  | { kind: "response"; id: number; ok: true; result: unknown }
  | { kind: "response"; id: number; ok: false; error: EngineError };

/** Messages the worker sends on its own, without a request. */
export type EngineNotice = { kind: "notice"; status: EngineStatus };

export type EngineMessage = EngineResponse | EngineNotice;
