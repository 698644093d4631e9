import { describe, expect, it } from "vitest";
import { TraceImportError } from "../../../src/engine/traces/errors.ts";
import {
  type ImportProgress,
  importTraces,
} from "../../../src/engine/traces/importTraces.ts";

const encoder = new TextEncoder();
const zipkin = (id: string) =>
  encoder.encode(
    JSON.stringify([
      {
        traceId: "aa",
        id,
        timestamp: 1,
        duration: 2,
        localEndpoint: { serviceName: "s" },
      },
    ]),
  );

async function rejection(promise: Promise<unknown>): Promise<TraceImportError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TraceImportError) return error;
    throw error;
  }
  throw new Error("expected the import to fail");
}

describe("importTraces", () => {
  it("reads several sources as one set of spans", async () => {
    const result = await importTraces([
      { name: "a.json", chunks: [zipkin("01")] },
      { name: "b.json", chunks: [zipkin("02")] },
    ]);
    expect(result.report.spanCount).toBe(2);
    expect(result.report.traceCount).toBe(1);
    expect(result.formats).toEqual(["zipkin"]);
  });

  it("rejects a known size over the limit before reading", async () => {
    let isRead = false;
    const chunks = (function* () {
      isRead = true;
      yield zipkin("01");
    })();
    const error = await rejection(
      importTraces([{ name: "big.json", size: 2048, chunks }], { maxBytes: 1024 }),
    );
    expect(error.code).toBe("tooLarge");
    expect(error.message).toBe(
      "the file has 2048 bytes, more than the import limit of 1024 bytes; split the input or raise the limit",
    );
    expect(isRead).toBe(false);
  });

  it("rejects a stream that grows over the limit", async () => {
    const chunks = [zipkin("01"), zipkin("02")];
    const limit = chunks[0].length + 10;
    const error = await rejection(
      importTraces([{ name: "s.json", chunks }], { maxBytes: limit }),
    );
    expect(error.code).toBe("tooLarge");
    expect(error.message).toContain(
      `the file has at least ${2 * chunks[0].length} bytes`,
    );
  });

  it("names the file in errors", async () => {
    const error = await rejection(
      importTraces([{ name: "broken.json", chunks: [encoder.encode("[{")] }]),
    );
    expect(error.toData().message).toMatch(/^broken\.json: Invalid JSON at byte 2/);
    expect(error.toData().fileName).toBe("broken.json");
  });

  it("reports progress per chunk and before analysis", async () => {
    const bytes = zipkin("01");
    const progress: ImportProgress[] = [];
    await importTraces(
      [
        {
          name: "p.json",
          size: bytes.length,
          chunks: [bytes.subarray(0, 10), bytes.subarray(10)],
        },
      ],
      { onProgress: (update) => progress.push(update) },
    );
    expect(progress).toEqual([
      { phase: "reading", bytesRead: 10, totalBytes: bytes.length, spansRead: 0 },
      {
        phase: "reading",
        bytesRead: bytes.length,
        totalBytes: bytes.length,
        spansRead: 1,
      },
      {
        phase: "analyzing",
        bytesRead: bytes.length,
        totalBytes: bytes.length,
        spansRead: 1,
      },
    ]);
  });

  it("stops when cancelled", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(
      importTraces([{ name: "c.json", chunks: [zipkin("01")] }], {
        signal: controller.signal,
      }),
    );
    expect(error.code).toBe("cancelled");
  });
});
