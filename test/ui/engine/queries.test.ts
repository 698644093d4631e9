import { describe, expect, it } from "vitest";
import type { Snapshot } from "../../../src/engine/metrics/snapshot.ts";
import { healthChangeKey } from "../../../src/ui/engine/queries.ts";
import { alert, snapshot } from "../charts/fixtures.ts";

type ServiceState = Snapshot["services"][number];

function service(name: string, faults: ServiceState["faults"] = []): ServiceState {
  return { name, queueLength: 3, inFlight: 1, lag: 4, concurrency: 2, faults };
}

describe("healthChangeKey", () => {
  it("is empty without a snapshot", () => {
    expect(healthChangeKey(undefined)).toBe("");
    expect(healthChangeKey(null)).toBe("");
  });

  it("ignores figures that change every snapshot", () => {
    const before = snapshot(1, 1_000, [], { services: [service("billing")] });
    const after = snapshot(2, 2_000, [], {
      services: [{ ...service("billing"), queueLength: 40, lag: 90 }],
      totals: { published: 9, delivered: 8, deadLettered: 1, retries: 2 },
    });
    expect(healthChangeKey(after)).toBe(healthChangeKey(before));
  });

  it("changes when an alert fires or resolves", () => {
    const quiet = snapshot(1, 1_000, [], { alerts: [alert({ state: "resolved" })] });
    const firing = snapshot(2, 2_000, [], { alerts: [alert({ state: "firing" })] });
    expect(healthChangeKey(quiet)).toBe(JSON.stringify([[], []]));
    expect(healthChangeKey(firing)).toBe(JSON.stringify([["dlq:all"], []]));
  });

  it("changes when a fault is injected or cleared", () => {
    const fault = {
      service: "billing",
      kind: "errors" as const,
      value: 1,
      startedAtMs: 500,
    };
    const faulted = snapshot(1, 1_000, [], { services: [service("billing", [fault])] });
    const cleared = snapshot(2, 2_000, [], { services: [service("billing")] });
    expect(healthChangeKey(faulted)).toBe(JSON.stringify([[], [["billing", [fault]]]]));
    expect(healthChangeKey(cleared)).toBe(JSON.stringify([[], []]));
  });
});
