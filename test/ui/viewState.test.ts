import { describe, expect, it } from "vitest";
import { DEFAULT_VIEW, formatViewState, parseViewState } from "../../src/ui/viewState.ts";

describe("parseViewState", () => {
  it("reads every field", () => {
    expect(
      parseViewState("?panel=alerts&window=15m&source=import&scenario=orders-2&seed=99"),
    ).toEqual({
      panel: "alerts",
      window: "15m",
      source: "import",
      scenario: "orders-2",
      seed: 99,
    });
  });

  it("falls back on unknown values", () => {
    const view = parseViewState(
      "?panel=nope&window=2m&source=x&scenario=%3Cscript%3E&seed=-1",
    );
    expect(view).toEqual({ ...DEFAULT_VIEW, seed: undefined });
  });

  it("rejects seeds above 32 bits", () => {
    expect(parseViewState("?seed=4294967296").seed).toBeUndefined();
    expect(parseViewState("?seed=4294967295").seed).toBe(4294967295);
  });
});

describe("formatViewState", () => {
  it("omits defaults", () => {
    expect(formatViewState(DEFAULT_VIEW)).toBe("");
  });

  it("keeps unrelated parameters", () => {
    const search = formatViewState(
      { ...DEFAULT_VIEW, window: "5m", seed: 7 },
      "?import=%2Ft.json",
    );
    expect(search).toBe("?import=%2Ft.json&window=5m&seed=7");
  });

  it("round-trips through parse", () => {
    const view = {
      panel: "latency",
      window: "5m",
      source: "simulation",
      scenario: "x",
      seed: 3,
    } as const;
    expect(parseViewState(formatViewState(view))).toEqual(view);
  });
});
