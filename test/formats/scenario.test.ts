import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { createSimulation } from "../../src/engine/sim/controller.ts";
import {
  formatScenarioIssue,
  loadScenario,
  MAX_SCENARIO_CHARS,
  parseDuration,
  parseScenario,
  type ScenarioIssue,
} from "../../src/formats/scenario.ts";

/** The example scenario the README shows; it must load as written. */
const EXAMPLE = readFileSync(
  resolve(import.meta.dirname, "../../scenarios/example.yaml"),
  "utf8",
);

/** Returns the issues of an invalid scenario; fails the test when it parses. */
function issuesOf(text: string): ScenarioIssue[] {
  const result = parseScenario(text);
  if (result.ok) throw new Error("expected the scenario to be rejected");
  return result.issues;
}

describe("parseScenario", () => {
  it("loads the documented example as written", () => {
    const scenario = loadScenario(EXAMPLE);

    expect(scenario.seed).toBe(42);
    expect(scenario.producers[0]).toEqual({
      name: "storefront",
      emits: "OrderCreated",
      ratePerSecond: 2000,
      arrival: { kind: "poisson" },
      keys: {
        field: "deviceId",
        count: 50_000,
        distribution: "uniform",
        zipfExponent: 1,
      },
      fields: {
        amount: {
          kind: "number",
          distribution: { kind: "lognormal", median: 80, sigma: 1.2 },
        },
      },
    });
    expect(scenario.services[0]).toEqual({
      name: "inventory",
      consumes: ["orders"],
      concurrency: 8,
      serviceTime: { kind: "exponential", mean: 3 },
      failure: 0.0005,
      timeoutMs: undefined,
      retry: {
        maxAttempts: 3,
        initialBackoffMs: 50,
        multiplier: 2,
        jitter: 0.2,
        maxBackoffMs: 60_000,
      },
      deadLetter: "orders.dlq",
      emits: [{ event: "InventoryReserved", probability: 1 }],
      maxQueue: undefined,
      ordered: false,
    });
    expect(scenario.services[1]).toMatchObject({
      name: "payment",
      serviceTime: { kind: "lognormal", median: 12, sigma: 0.6 },
      retry: { maxAttempts: 1 },
      deadLetter: "payment.dlq",
    });
    expect(scenario.alerts).toEqual({
      threshold: 0.001,
      recovery: 0.0005,
      minVolume: 200,
      window: "1m",
      evaluateEveryMs: 1000,
    });
    expect(scenario.tracing).toEqual({ sampleRate: 1, capacity: 20_000 });
    expect(scenario.durationMs).toBe(900_000);
  });

  it("accepts an emit that no topic carries", () => {
    const scenario = loadScenario(EXAMPLE);
    expect(scenario.topics.map((topic) => topic.carries)).toEqual([["OrderCreated"]]);
    expect(scenario.services[0].emits).toEqual([
      { event: "InventoryReserved", probability: 1 },
    ]);
  });

  it("loads the built-in default scenario", () => {
    const text = readFileSync(
      resolve(import.meta.dirname, "../../scenarios/default.yaml"),
      "utf8",
    );
    const scenario = loadScenario(text, "default.yaml");
    expect(scenario.name).toBe("order-flow");
    expect(scenario.producers).toHaveLength(4);
    expect(scenario.services.map((service) => service.name)).toEqual([
      "inventory",
      "fraud-check",
      "analytics",
      "payment",
      "fulfillment",
      "shipping",
      "notifier",
      "tracking",
      "stock-ledger",
    ]);
    expect(scenario.producers[2].arrival).toEqual({
      kind: "bursts",
      everyMs: 120_000,
      durationMs: 15_000,
      factor: 4,
    });
  });

  it("resolves units, percentages and speeds", () => {
    const text = `
speed: 60x
duration: 1.5h
producers: [{ name: p, emits: E, rate: 90/m, arrival: { daily: { period: 1h, peakAt: 10m } } }]
topics: [{ name: t, carries: E, partitions: 3 }]
services:
  - name: s
    consumes: t
    serviceTime: 250us
    failure: 0.1%
    timeout: 2s
alerts: { threshold: 1%, recovery: 0.5% }
`;
    const scenario = loadScenario(text);
    expect(scenario.speed).toBe(60);
    expect(scenario.durationMs).toBe(5_400_000);
    expect(scenario.producers[0].ratePerSecond).toBe(1.5);
    expect(scenario.producers[0].arrival).toEqual({
      kind: "daily",
      periodMs: 3_600_000,
      peakAtMs: 600_000,
      trough: 0.3,
    });
    expect(scenario.services[0].serviceTime).toEqual({ kind: "constant", value: 0.25 });
    expect(scenario.services[0].failure).toBe(0.001);
    expect(scenario.services[0].timeoutMs).toBe(2000);
    expect(scenario.alerts.threshold).toBe(0.01);
    expect(loadScenario(text.replace("60x", "max")).speed).toBe(Number.POSITIVE_INFINITY);
  });

  it("adds topic subscribers to services", () => {
    const text = `
producers: [{ name: p, emits: E, rate: 1/s }]
topics:
  - { name: a, carries: E }
  - { name: b, carries: E, subscribers: [s] }
services: [{ name: s, consumes: a, serviceTime: 1ms }]
`;
    expect(loadScenario(text).services[0].consumes).toEqual(["a", "b"]);
  });
});

describe("invalid scenarios", () => {
  const base = `producers:
  - name: p
    emits: E
    rate: 10/s
topics:
  - name: t
    carries: [E]
services:
  - name: s
    consumes: t
    serviceTime: { exponential: { mean: 3ms } }
`;

  it("name a subscriber that does not exist", () => {
    const text = base.replace(
      "carries: [E]",
      "carries: [E]\n    subscribers: [s, billing]",
    );
    expect(issuesOf(text)).toEqual([
      {
        line: 8,
        column: 22,
        path: "topics[0].subscribers[1]",
        message:
          'service "billing" does not exist; define it under services (defined: s)',
      },
    ]);
  });

  it("name a topic that does not exist", () => {
    const [issue] = issuesOf(base.replace("consumes: t", "consumes: orders"));
    expect(issue).toMatchObject({ line: 10, column: 15, path: "services[0].consumes" });
    expect(issue.message).toBe(
      'topic "orders" does not exist; define it under topics (defined: t)',
    );
  });

  it("name a negative rate", () => {
    const [issue] = issuesOf(base.replace("rate: 10/s", "rate: -5/s"));
    expect(issue).toEqual({
      line: 4,
      column: 11,
      path: "producers[0].rate",
      message: "rate -5/s must be 0 or more events per second",
    });
  });

  it("reject a rate above the maximum", () => {
    const [issue] = issuesOf(base.replace("rate: 10/s", "rate: 1e12/s"));
    expect(issue).toEqual({
      line: 4,
      column: 11,
      path: "producers[0].rate",
      message:
        "rate 1e12/s is over the maximum of 10000000 events per second; lower it or split the load across producers",
    });
  });

  it("reject a burst above the maximum rate", () => {
    const [issue] = issuesOf(
      base.replace(
        "rate: 10/s",
        "rate: 10/s\n    arrival: { bursts: { every: 1s, duration: 1ms, factor: 1e12 } }",
      ),
    );
    expect(issue).toEqual({
      line: 5,
      column: 60,
      path: "producers[0].arrival.bursts.factor",
      message:
        "a burst of 10/s times 1000000000000 is over the maximum of 10000000 events per second; lower the factor or the rate",
    });
  });

  it("accept a rate at the maximum", () => {
    const scenario = loadScenario(base.replace("rate: 10/s", "rate: 10000000/s"));
    expect(scenario.producers[0].ratePerSecond).toBe(10_000_000);
  });

  it("name an out-of-range seed once", () => {
    expect(issuesOf(`seed: 1e300\n${base}`)).toEqual([
      {
        line: 1,
        column: 7,
        path: "seed",
        message:
          "seed 1e+300 is not a whole number from 0 to 4294967295; pick one in that range",
      },
    ]);
  });

  it("name a missing field", () => {
    const [issue] = issuesOf(
      base.replace("    serviceTime: { exponential: { mean: 3ms } }\n", ""),
    );
    expect(issue.path).toBe("services[0].serviceTime");
    expect(issue.line).toBe(9);
    expect(formatScenarioIssue("s.yaml", issue)).toMatch(
      /^s\.yaml:9:5: services\[0\]\.serviceTime: /,
    );
  });

  it("name a unit that is not a time", () => {
    expect(issuesOf(base.replace("mean: 3ms", "mean: 3kg"))).toEqual([
      {
        line: 11,
        column: 41,
        path: "services[0].serviceTime.exponential.mean",
        message: 'unit "kg" in "3kg" is not a time; use us, ms, s, m or h',
      },
    ]);
    const [bare] = issuesOf(base.replace("mean: 3ms", "mean: 3"));
    expect(bare.message).toBe("3 has no unit; write a time such as 3ms or 3s");
  });

  it("name an emit cycle without a bound", () => {
    const cyclic = `producers: [{ name: p, emits: A, rate: 1/s }]
topics:
  - { name: ta, carries: [A] }
  - { name: tb, carries: [B] }
services:
  - { name: first, consumes: ta, serviceTime: 1ms, emits: B }
  - { name: second, consumes: tb, serviceTime: 1ms, emits: [A] }
`;
    const [issue] = issuesOf(cyclic);
    expect(issue).toMatchObject({ line: 7, path: "services[1].emits[0]" });
    expect(issue.message).toBe(
      "emit cycle without a bound: first -> second -> first; set maxHops on one of its emits",
    );
    const bounded = cyclic.replace("emits: [A]", "emits: [{ event: A, maxHops: 5 }]");
    expect(parseScenario(bounded).ok).toBe(true);
  });

  it("reject a 50 MB file before parsing it", () => {
    const huge = `${base}# ${"x".repeat(50 * 1024 * 1024)}\n`;
    const started = performance.now();
    const issues = issuesOf(huge);
    expect(issues).toEqual([
      {
        line: 0,
        column: 0,
        path: "",
        message: `scenario is ${huge.length} characters, over the limit of ${MAX_SCENARIO_CHARS}; split it or remove generated content`,
      },
    ]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("reject alias expansion beyond the limit", () => {
    const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 6; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(", ")}]`,
      );
    const [issue] = issuesOf(`${lines.join("\n")}\n`);
    expect(issue.path).toBe("");
    expect(issue.message).toMatch(/use fewer YAML aliases$/);
  });

  it("name YAML syntax errors by line", () => {
    const [issue] = issuesOf("producers:\n  - name: p\n   emits: [E\n");
    expect(issue.line).toBeGreaterThan(1);
    expect(issue.path).toBe("");
  });

  it("name unknown fields", () => {
    const [issue] = issuesOf(
      base
        .replace("concurrency", "x")
        .replace("consumes: t", "consumes: t\n    workers: 4"),
    );
    expect(issue).toMatchObject({ line: 9, path: "services[0]" });
    expect(issue.message).toMatch(/workers/);
  });

  it("name a service without topics", () => {
    const [issue] = issuesOf(base.replace("    consumes: t\n", ""));
    expect(issue).toMatchObject({ line: 9, path: "services[0]" });
    expect(issue.message).toBe(
      'service "s" consumes no topic; set consumes, or list it in a topic\'s subscribers',
    );
  });

  it("name duplicate names", () => {
    const text = base.replace(
      "services:\n",
      "services:\n  - { name: s, consumes: t, serviceTime: 1ms }\n",
    );
    const [issue] = issuesOf(text);
    expect(issue).toMatchObject({
      line: 10,
      path: "services[1].name",
      message: 'duplicate name "s" in services',
    });
  });
});

describe("example scenarios", () => {
  const folder = resolve(import.meta.dirname, "../../scenarios");
  const files = readdirSync(folder).filter((file) => file.endsWith(".yaml"));

  it("include the default", () => {
    expect(files).toContain("default.yaml");
  });

  for (const file of files) {
    it(`${file} loads and runs`, () => {
      const scenario = loadScenario(readFileSync(resolve(folder, file), "utf8"), file);
      const sim = createSimulation(scenario, { durationMs: 10_000 });
      sim.runToEnd();
      const snapshot = sim.snapshot();
      sim.close();
      expect(snapshot.totals.delivered).toBeGreaterThan(1000);
      expect(snapshot.state).toBe("finished");
    });
  }
});

describe("run duration limit", () => {
  it("accepts exactly 24 hours", () => {
    expect(parseDuration("24h")).toEqual({ ok: true, ms: 86_400_000 });
  });

  it("rejects longer runs with the limit", () => {
    expect(parseDuration("25h")).toEqual({
      ok: false,
      message:
        "duration 25h is over the limit of 24h of virtual time; simulate at most 24h per run",
    });
  });

  it("rejects an absurd duration in a file", () => {
    const text = EXAMPLE.replace("seed: 42", "seed: 42\nduration: 1e300h");
    const [issue] = issuesOf(text);
    expect(issue.path).toBe("duration");
    expect(issue.message).toBe(
      "duration 1e+300h is over the limit of 24h of virtual time; simulate at most 24h per run",
    );
  });
});
