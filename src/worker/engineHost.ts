/**
 * The engine side of the control protocol, kept apart from the Worker entry
 * so that it runs under Node too. One host serves one page.
 */
import {
  type EngineError,
  type EngineMethod,
  type EngineMethods,
  type EngineRequest,
  type EngineResponse,
  type EngineStatus,
  STATUS_REGION,
} from "./protocol.ts";

export interface EngineHostOptions {
  crossOriginIsolated: boolean;
  /** Sends a status notice to the page. */
  notify: (status: EngineStatus) => void;
}

type Handlers = {
  [M in EngineMethod]: (
    params: EngineMethods[M]["params"],
  ) => EngineMethods[M]["result"] | Promise<EngineMethods[M]["result"]>;
};

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
  let statusRegion: Int32Array | undefined;
  let heartbeatTimer: ReturnType<typeof setInterval> | undefined;

  function startHeartbeat(region: Int32Array): void {
    Atomics.store(region, STATUS_REGION.state, 1);
    heartbeatTimer ??= setInterval(() => {
      Atomics.add(region, STATUS_REGION.heartbeat, 1);
    }, 100);
  }

  const handlers: Handlers = {
    init({ shared }) {
      if (!(shared instanceof SharedArrayBuffer)) {
        throw new EngineRequestError(
          "not-shared",
          "init expects a SharedArrayBuffer; the page is probably not cross-origin isolated.",
        );
      }
      statusRegion = new Int32Array(shared, 0, STATUS_REGION.slots);
      startHeartbeat(statusRegion);
      status = { ...status, state: "ready", sharedBytes: shared.byteLength };
      options.notify(status);
      return status;
    },
    status: () => status,
    listScenarios: () => [],
    loadScenario() {
      throw new EngineRequestError(
        "not-available",
        "The simulation is not built into this engine yet.",
      );
    },
    control: () => null,
    snapshot: () => null,
    graph: () => null,
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
  }

  return {
    handle,
    stop,
    get status() {
      return status;
    },
    get statusRegion() {
      return statusRegion;
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
  const message = error instanceof Error ? error.message : String(error);
  return { code: "internal", message };
}
