/**
 * The engine side of the control protocol, kept apart from the Worker entry
 * so that it runs under Node too. One host serves one page.
 */
import { formatScenarioIssue, parseScenario } from "../formats/scenario.ts";
import {
  type EngineError,
  type EngineMethod,
  type EngineMethods,
  type EngineRequest,
  type EngineResponse,
  type EngineStatus,
  STATUS_REGION,
} from "./protocol.ts";
import { SimulationDriver } from "./simulationDriver.ts";

export interface EngineHostOptions {
  crossOriginIsolated: boolean;
  /** Sends a status notice to the page. */
  notify: (status: EngineStatus) => void;
  /** Built-in scenarios: name to YAML text. */
  builtinScenarios: Record<string, string>;
}

type Handlers = {
  [M in EngineMethod]: (
    params: EngineMethods[M]["params"],
  ) => EngineMethods[M]["result"] | Promise<EngineMethods[M]["result"]>;
};

/** Most dead letters one request may read; the browser pages through the rest. */
const MAX_DEAD_LETTER_PAGE = 1000;

/** An error a handler throws on purpose; its fields reach the page as data. */
export class EngineRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly where?: string,
  ) {
    super(message);
  }
}

export function createEngineHost(options: EngineHostOptions) {
  let status: EngineStatus = {
    state: "starting",
    sharedBytes: 0,
    crossOriginIsolated: options.crossOriginIsolated,
  };
  let heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  const driver = new SimulationDriver();

  function startHeartbeat(region: Int32Array): void {
    Atomics.store(region, STATUS_REGION.state, 1);
    heartbeatTimer ??= setInterval(() => {
      Atomics.add(region, STATUS_REGION.heartbeat, 1);
    }, 100);
  }

  function requireSimulation() {
    const sim = driver.current;
    if (!sim) {
      throw new EngineRequestError(
        "no-scenario",
        "No scenario is loaded; load one first.",
      );
    }
    return sim;
  }

  const handlers: Handlers = {
    init({ shared }) {
      if (!(shared instanceof SharedArrayBuffer)) {
        throw new EngineRequestError(
          "not-shared",
          "init expects a SharedArrayBuffer; the page is probably not cross-origin isolated.",
        );
      }
      startHeartbeat(new Int32Array(shared, 0, STATUS_REGION.slots));
      status = { ...status, state: "ready", sharedBytes: shared.byteLength };
      options.notify(status);
      return status;
    },

    status: () => status,

    listScenarios: () => Object.keys(options.builtinScenarios).sort(),

    loadScenario({ builtin, yaml, fileName, seed, autoStart = true }) {
      const source = builtin ?? fileName ?? "scenario.yaml";
      const text = builtin === undefined ? yaml : options.builtinScenarios[builtin];
      if (text === undefined) {
        const known = Object.keys(options.builtinScenarios).sort().join(", ");
        throw new EngineRequestError(
          "unknown-scenario",
          `No built-in scenario is named "${builtin}". Choose one of: ${known}.`,
        );
      }

      // Parse fully before touching the running simulation, so a bad file loses nothing.
      const parsed = parseScenario(text);
      if (!parsed.ok) {
        const first = parsed.issues[0];
        throw new EngineRequestError(
          "invalid-scenario",
          parsed.issues.map((issue) => formatScenarioIssue(source, issue)).join("\n"),
          first && first.line > 0 ? `${source}:${first.line}:${first.column}` : source,
        );
      }
      const scenario =
        seed === undefined ? parsed.scenario : { ...parsed.scenario, seed };
      const summary = driver.load(scenario, source, autoStart);
      status = { ...status, scenario: summary.name };
      return summary;
    },

    control: (command) => driver.control(command),

    snapshot: () => driver.current?.snapshot() ?? null,

    graph: ({ window }) => driver.current?.topology(window) ?? null,

    deadLetters: ({ filter, offset, limit }) =>
      requireSimulation().deadLetters(
        filter,
        offset,
        Math.min(limit ?? 100, MAX_DEAD_LETTER_PAGE),
      ),

    redrive: (selection) => ({ redriven: requireSimulation().redrive(selection) }),

    traces({ eventId, ...filter }) {
      const sim = requireSimulation();
      if (eventId === undefined) return sim.findTraces(filter);
      const trace = sim.trace(eventId);
      return trace ? [trace] : [];
    },
  };

  async function handle(request: EngineRequest): Promise<EngineResponse> {
    const handler = handlers[request.method] as (params: unknown) => unknown;
    if (!handler) {
      return reply(request.id, {
        code: "unknown-method",
        message: `The engine has no method "${String(request.method)}".`,
      });
    }
    try {
      const result = await handler(request.params);
      return { kind: "response", id: request.id, ok: true, result };
    } catch (error) {
      return reply(request.id, toEngineError(error));
    }
  }

  function stop(): void {
    if (heartbeatTimer !== undefined) clearInterval(heartbeatTimer);
    heartbeatTimer = undefined;
    driver.close();
  }

  return {
    handle,
    stop,
    get status() {
      return status;
    },
  };
}

function reply(id: number, error: EngineError): EngineResponse {
  return { kind: "response", id, ok: false, error };
}

function toEngineError(error: unknown): EngineError {
  if (error instanceof EngineRequestError) {
    return { code: error.code, message: error.message, where: error.where };
  }
  // Engine APIs throw plain Errors for invalid arguments (an unknown producer,
  // a negative rate) with messages that name the value and the fix.
  const message = error instanceof Error ? error.message : String(error);
  return { code: "rejected", message };
}
