/**
 * Main-thread side of the layout worker: sends requests and resolves each
 * with its result. Only the newest request counts, so results of replaced
 * requests are dropped.
 */
import type {
  LayoutRequest,
  LayoutResponse,
  LayoutResult,
} from "../../worker/layoutProtocol.ts";

export class LayoutCancelledError extends Error {
  constructor(requestId: number) {
    super(`Layout request ${requestId} was replaced by a newer one.`);
    this.name = "LayoutCancelledError";
  }
}

type Pending = {
  requestId: number;
  resolve: (result: LayoutResult) => void;
  reject: (error: Error) => void;
};

export class LayoutClient {
  private readonly worker: Worker;
  private nextId = 1;
  private pending: Pending | null = null;

  constructor() {
    this.worker = new Worker(new URL("../../worker/layout.worker.ts", import.meta.url), {
      type: "module",
      name: "topology-layout",
    });
    this.worker.onmessage = (event: MessageEvent<LayoutResponse>) =>
      this.settle(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.pending?.reject(
        new Error(`Layout worker failed: ${event.message || "script error"}.`),
      );
      this.pending = null;
    };
  }

  /** Sends a request; a request still pending is cancelled with LayoutCancelledError. */
  layOut(request: Omit<LayoutRequest, "type" | "requestId">): Promise<LayoutResult> {
    const requestId = this.nextId++;
    this.pending?.reject(new LayoutCancelledError(this.pending.requestId));
    return new Promise((resolve, reject) => {
      this.pending = { requestId, resolve, reject };
      this.worker.postMessage({
        type: "layout",
        requestId,
        ...request,
      } satisfies LayoutRequest);
    });
  }

  terminate() {
    this.pending?.reject(new LayoutCancelledError(this.pending.requestId));
    this.pending = null;
    this.worker.terminate();
  }

  private settle(response: LayoutResponse) {
    const pending = this.pending;
    if (!pending || pending.requestId !== response.requestId) return;
    this.pending = null;
    if (response.type === "layout") pending.resolve(response);
    else pending.reject(new Error(`Layout failed: ${response.message}`));
  }
}
