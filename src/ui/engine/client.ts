/**
 * Main-thread handle on the engine worker: starts it, hands it the shared
 * status region, and turns the request/response protocol into promises.
 */
import {
  type EngineError,
  type EngineMessage,
  type EngineMethod,
  type EngineMethods,
  type EngineRequest,
  type EngineStatus,
  STATUS_REGION,
  STATUS_REGION_BYTES,
} from "../../worker/protocol.ts";

/** A failed engine request: the worker's error, as data, rethrown on this side. */
export class EngineCallError extends Error {
  readonly code: string;
  readonly where?: string;

  constructor(method: string, error: EngineError) {
    super(error.message);
    this.name = "EngineCallError";
    this.code = error.code;
    this.where = error.where;
    this.method = method;
  }

  readonly method: string;
}

type Pending = {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  method: string;
};

export class EngineClient {
  readonly shared: SharedArrayBuffer;
  readonly statusRegion: Int32Array;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private readonly statusListeners = new Set<(status: EngineStatus) => void>();
  private nextId = 1;

  /** Starts the worker; needs a cross-origin isolated page for SharedArrayBuffer. */
  constructor() {
    this.shared = new SharedArrayBuffer(STATUS_REGION_BYTES);
    this.statusRegion = new Int32Array(this.shared, 0, STATUS_REGION.slots);
    this.worker = new Worker(new URL("../../worker/engine.worker.ts", import.meta.url), {
      type: "module",
      name: "eventscope-engine",
    });
    this.worker.addEventListener("message", (event: MessageEvent<EngineMessage>) =>
      this.receive(event.data),
    );
    this.worker.addEventListener("error", (event) => {
      const error = new Error(
        `The engine worker failed to load: ${event.message || "unknown error"}`,
      );
      for (const entry of this.pending.values()) entry.reject(error);
      this.pending.clear();
    });
  }

  /** Sends one request and resolves with the worker's result. */
  call<M extends EngineMethod>(
    method: M,
    ...args: EngineMethods[M]["params"] extends undefined
      ? []
      : [EngineMethods[M]["params"]]
  ): Promise<EngineMethods[M]["result"]> {
    const id = this.nextId++;
    const request: EngineRequest<M> = {
      kind: "request",
      id,
      method,
      params: args[0] as EngineMethods[M]["params"],
    };
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (value: unknown) => void,
        reject,
        method,
      });
      this.worker.postMessage(request);
    });
  }

  /** Starts the engine on the shared region; resolves once the worker reports ready. */
  init(): Promise<EngineStatus> {
    return this.call("init", { shared: this.shared });
  }

  /** Beats the worker has written into the shared region since it started. */
  heartbeat(): number {
    return Atomics.load(this.statusRegion, STATUS_REGION.heartbeat);
  }

  onStatus(listener: (status: EngineStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  terminate(): void {
    this.worker.terminate();
  }

  private receive(message: EngineMessage): void {
    if (message.kind === "notice") {
      for (const listener of this.statusListeners) listener(message.status);
      return;
    }
    const entry = this.pending.get(message.id);
    if (!entry) return;
    this.pending.delete(message.id);
    if (message.ok) entry.resolve(message.result);
    else entry.reject(new EngineCallError(entry.method, message.error));
  }
}
