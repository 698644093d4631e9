/**
 * Main-thread handle on the trace import worker: one import at a time, with
 * progress callbacks, cancellation and waterfall reads of the last import.
 */
import type { TraceImportErrorData } from "../../engine/traces/errors.ts";
import type { TraceWaterfall } from "../../engine/traces/waterfall.ts";
import type {
  ImportProgress,
  ImportResultMessage,
  ImportSource,
  ImportWorkerRequest,
  ImportWorkerResponse,
} from "../../worker/importProtocol.ts";

/** A failed import, with the worker's error data (code, byte offset, JSON path, file). */
export class TraceImportFailure extends Error {
  readonly data: TraceImportErrorData;

  constructor(data: TraceImportErrorData) {
    super(describeImportError(data));
    this.name = "TraceImportFailure";
    this.data = data;
  }
}

/**
 * Formats an import error with its place: file, JSON path and byte offset
 * when known, leaving out each part the message already contains.
 */
export function describeImportError(data: TraceImportErrorData): string {
  const place = [
    data.fileName,
    data.jsonPath,
    data.byteOffset === undefined ? undefined : `byte ${data.byteOffset}`,
  ].filter(
    (part): part is string =>
      part !== undefined && part !== "" && !data.message.includes(part),
  );
  return place.length > 0 ? `${data.message} (${place.join(", ")})` : data.message;
}

type Pending = {
  resolve: (value: never) => void;
  reject: (error: Error) => void;
  onProgress?: (progress: ImportProgress) => void;
};

export class ImportClient {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private activeImport?: number;

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("../../worker/import.worker.ts", import.meta.url), {
      type: "module",
      name: "eventscope-import",
    });
    worker.addEventListener("message", (event: MessageEvent<ImportWorkerResponse>) =>
      this.receive(event.data),
    );
    worker.addEventListener("error", (event) => {
      const error = new Error(
        `The import worker failed: ${event.message || "unknown error"}`,
      );
      for (const entry of this.pending.values()) entry.reject(error);
      this.pending.clear();
    });
    this.worker = worker;
    return worker;
  }

  /** Reads and analyzes the sources as one set of spans; a newer import cancels an older one. */
  import(
    sources: ImportSource[],
    onProgress?: (progress: ImportProgress) => void,
  ): Promise<ImportResultMessage> {
    if (this.activeImport !== undefined) this.cancel();
    const requestId = this.nextId++;
    this.activeImport = requestId;
    return this.send({ type: "import", requestId, sources }, onProgress);
  }

  cancel(): void {
    if (this.activeImport === undefined) return;
    this.ensureWorker().postMessage({ type: "cancel", requestId: this.activeImport });
  }

  /** Builds the waterfall of one trace of the last successful import. */
  waterfall(traceId: string): Promise<TraceWaterfall | undefined> {
    return this.send({ type: "waterfall", requestId: this.nextId++, traceId });
  }

  terminate(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }

  private send<T>(
    request: ImportWorkerRequest,
    onProgress?: (progress: ImportProgress) => void,
  ): Promise<T> {
    const worker = this.ensureWorker();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(request.requestId, {
        resolve: resolve as (value: never) => void,
        reject,
        onProgress,
      });
      worker.postMessage(request);
    });
  }

  private receive(message: ImportWorkerResponse): void {
    const entry = this.pending.get(message.requestId);
    if (!entry) return;
    if (message.type === "progress") {
      entry.onProgress?.(message.progress);
      return;
    }
    this.pending.delete(message.requestId);
    if (message.requestId === this.activeImport) this.activeImport = undefined;
    if (message.type === "error") entry.reject(new TraceImportFailure(message.error));
    else if (message.type === "result") entry.resolve(message as never);
    else entry.resolve(message.waterfall as never);
  }
}

/**
 * Resolves `?import=URL` against the page; only same-origin URLs are allowed,
 * because the page is cross-origin isolated and must not read other sites.
 */
export function resolveImportUrl(value: string, pageUrl: string): URL {
  let url: URL;
  try {
    url = new URL(value, pageUrl);
  } catch {
    throw new Error(
      `import=${value} is not a valid URL; give a path such as /traces/checkout.json.`,
    );
  }
  const page = new URL(pageUrl);
  if (url.origin !== page.origin) {
    throw new Error(
      `import=${value} is on ${url.origin}, not on this page's origin ${page.origin}; serve the file from this origin or open it with the file picker.`,
    );
  }
  return url;
}
