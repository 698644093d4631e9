import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createEngineHost } from "../../src/worker/engineHost.ts";
import type {
  EngineMethod,
  EngineMethods,
  EngineResponse,
  EngineStatus,
} from "../../src/worker/protocol.ts";

const defaultYaml = readFileSync(
  new URL("../../scenarios/default.yaml", import.meta.url),
  "utf8",
);

const hosts: ReturnType<typeof createEngineHost>[] = [];

function startHost() {
  const notices: EngineStatus[] = [];
  const host = createEngineHost({
    crossOriginIsolated: true,
    notify: (status) => notices.push(status),
    builtinScenarios: { default: defaultYaml },
  });
  hosts.push(host);
  let nextId = 1;
  async function call<M extends EngineMethod>(
    method: M,
    params: EngineMethods[M]["params"],
  ): Promise<EngineResponse> {
    return host.handle({ kind: "request", id: nextId++, method, params });
  }
  return { host, notices, call };
}

function resultOf<T>(response: EngineResponse): T {
  if (!response.ok) throw new Error(`request failed: ${response.error.message}`);
  return response.result as T;
}

afterEach(() => {
  for (const host of hosts.splice(0)) host.stop();
});

describe("engine host", () => {
  it("reports ready after init", async () => {
    const { call, notices } = startHost();
    const status = resultOf<EngineStatus>(
      await call("init", { shared: new SharedArrayBuffer(64) }),
    );
    expect(status.state).toBe("ready");
    expect(status.sharedBytes).toBe(64);
    expect(notices).toHaveLength(1);
  });

  it("rejects a plain ArrayBuffer at init", async () => {
    const { call } = startHost();
    const response = await call("init", {
      shared: new ArrayBuffer(64) as unknown as SharedArrayBuffer,
    });
    expect(response.ok).toBe(false);
    if (!response.ok) expect(response.error.code).toBe("not-shared");
  });

  it("loads the default scenario", async () => {
    const { call } = startHost();
    const summary = resultOf<{
      name: string;
      producers: string[];
      services: string[];
      traceSampleRate: number;
    }>(await call("loadScenario", { builtin: "default", autoStart: false }));
    expect(summary.name).toBe("order-flow");
    expect(summary.producers).toContain("storefront");
    expect(summary.services).toContain("inventory");
    expect(summary.traceSampleRate).toBe(0.01);
  });

  it("names the line of an invalid scenario", async () => {
    const { call } = startHost();
    const yaml = "seed: 1\nproducers:\n  - name: p\n    emits: E\n    rate: -5/s\n";
    const response = await call("loadScenario", { yaml, fileName: "bad.yaml" });
    expect(response.ok).toBe(false);
    if (response.ok) return;
    expect(response.error.code).toBe("invalid-scenario");
    expect(response.error.message).toContain("bad.yaml:");
    expect(response.error.where).toMatch(/^bad\.yaml:\d+:\d+$/);
  });

  it("keeps the running scenario after a bad one", async () => {
    const { call } = startHost();
    await call("loadScenario", { builtin: "default", autoStart: false });
    const bad = await call("loadScenario", {
      yaml: "producers: [",
      fileName: "broken.yaml",
    });
    expect(bad.ok).toBe(false);
    const snapshot = resultOf<{ scenarioName: string } | null>(
      await call("snapshot", undefined),
    );
    expect(snapshot?.scenarioName).toBe("order-flow");
  });

  it("rejects an unknown built-in scenario", async () => {
    const { call } = startHost();
    const response = await call("loadScenario", { builtin: "nope" });
    expect(response.ok).toBe(false);
    if (!response.ok) expect(response.error.message).toContain("Choose one of: default.");
  });

  it("returns control errors as data", async () => {
    const { call } = startHost();
    await call("loadScenario", { builtin: "default", autoStart: false });
    const response = await call("control", { action: "speed", speed: -1 });
    expect(response.ok).toBe(false);
    if (!response.ok) expect(response.error.message).toContain("speed -1 is invalid");
  });

  it("requires a scenario for dead letters", async () => {
    const { call } = startHost();
    const response = await call("deadLetters", {});
    expect(response.ok).toBe(false);
    if (!response.ok) expect(response.error.code).toBe("no-scenario");
  });

  it("answers unknown methods with an error", async () => {
    const { host } = startHost();
    const response = await host.handle({
      kind: "request",
      id: 9,
      method: "explode" as EngineMethod,
      params: undefined,
    });
    expect(response).toEqual({
      kind: "response",
      id: 9,
      ok: false,
      error: { code: "unknown-method", message: 'The engine has no method "explode".' },
    });
  });
});
