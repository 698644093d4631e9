/**
 * The import worker's message handling, run in this thread with a stand-in
 * for the worker global scope. The Blob reading and the messages are real.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type {
  ImportWorkerRequest,
  ImportWorkerResponse,
} from "../../../src/worker/importProtocol.ts";
import { tracesDir } from "./realFiles.ts";

const sent: ImportWorkerResponse[] = [];
const waiting: ((message: ImportWorkerResponse) => void)[] = [];
const scope = {
  location: { href: "http://127.0.0.1:5173/app/", origin: "http://127.0.0.1:5173" },
  onmessage: undefined as undefined | ((event: { data: ImportWorkerRequest }) => void),
  postMessage(message: ImportWorkerResponse) {
    sent.push(message);
    for (const resolve of waiting.splice(0)) resolve(message);
  },
};

/** Sends a request and resolves with its final response (anything but progress). */
function request(message: ImportWorkerRequest): Promise<ImportWorkerResponse> {
  return new Promise((resolve) => {
    const check = (response: ImportWorkerResponse) => {
      if (response.requestId === message.requestId && response.type !== "progress")
        resolve(response);
      else waiting.push(check);
    };
    waiting.push(check);
    scope.onmessage!({ data: message });
  });
}

function waterfallRows(response: ImportWorkerResponse) {
  expect(response.type).toBe("waterfall");
  if (response.type !== "waterfall" || !response.waterfall)
    throw new Error("no waterfall in the response");
  return response.waterfall.rows;
}

function errorData(response: ImportWorkerResponse) {
  expect(response.type).toBe("error");
  if (response.type !== "error") throw new Error("expected an error response");
  return response.error;
}

function sampleBlob(relativePath: string): Blob {
  return new Blob([readFileSync(path.join(tracesDir, relativePath))]);
}

beforeAll(async () => {
  (globalThis as { self?: unknown }).self = scope;
  await import("../../../src/worker/import.worker.ts");
});

describe("import worker", () => {
  it("streams a file in chunks and answers waterfall requests", async () => {
    const blob = sampleBlob("zipkin/yelp.json");
    const response = await request({
      type: "import",
      requestId: 1,
      sources: [{ kind: "blob", name: "yelp.json", blob }],
      chunkBytes: 1024,
    });
    expect(response.type).toBe("result");
    if (response.type !== "result") return;
    expect(response.formatLabel).toBe("Zipkin v2 JSON");
    expect(response.report.spanCount).toBe(16);
    const progress = sent.filter(
      (message) => message.type === "progress" && message.requestId === 1,
    );
    expect(progress.at(-1)).toEqual({
      type: "progress",
      requestId: 1,
      progress: {
        phase: "analyzing",
        bytesRead: blob.size,
        totalBytes: blob.size,
        spansRead: 16,
      },
    });

    const waterfall = await request({
      type: "waterfall",
      requestId: 2,
      traceId: "a03ee8fff1dcd9b9",
    });
    const rows = waterfallRows(waterfall);
    expect(rows.length).toBe(16);
    expect(rows[0].service).toBe("routing");
  });

  it("sends errors as data and keeps the last import", async () => {
    const blob = new Blob([
      '{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "xyz"}]}]}]}',
    ]);
    const response = await request({
      type: "import",
      requestId: 3,
      sources: [{ kind: "blob", name: "bad.json", blob }],
    });
    expect(response).toEqual({
      type: "error",
      requestId: 3,
      error: {
        code: "invalidId",
        message:
          'bad.json: "traceId" is "xyz", not an id of 1 to 32 hex digits at $.resourceSpans[0].scopeSpans[0].spans[0].traceId (byte 46)',
        byteOffset: 46,
        jsonPath: "$.resourceSpans[0].scopeSpans[0].spans[0].traceId",
        fileName: "bad.json",
      },
    });
    const waterfall = await request({
      type: "waterfall",
      requestId: 4,
      traceId: "a03ee8fff1dcd9b9",
    });
    expect(waterfallRows(waterfall).length).toBe(16);
  });

  it("rejects URLs on another origin", async () => {
    const response = await request({
      type: "import",
      requestId: 5,
      sources: [{ kind: "url", url: "http://example.invalid/trace.json" }],
    });
    expect(errorData(response).message).toContain(
      "is on another origin; only same-origin URLs can be imported",
    );
  });

  it("stops an import on cancel", async () => {
    const pending = request({
      type: "import",
      requestId: 7,
      sources: [
        {
          kind: "blob",
          name: "kafka.json",
          blob: sampleBlob("zipkin/messaging-kafka.json"),
        },
      ],
    });
    scope.onmessage!({ data: { type: "cancel", requestId: 7 } });
    const response = await pending;
    expect(errorData(response).code).toBe("cancelled");
  });

  it("answers an unknown trace id with no waterfall", async () => {
    const response = await request({ type: "waterfall", requestId: 6, traceId: "ffff" });
    expect(response).toEqual({ type: "waterfall", requestId: 6, waterfall: undefined });
  });
});
