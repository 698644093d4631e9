import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, loadConfig } from "../../src/ui/config.ts";

describe("loadConfig", () => {
  it("uses defaults without overrides", () => {
    expect(loadConfig("")).toEqual(DEFAULT_CONFIG);
    expect(loadConfig("").topologyRefreshMs).toBe(30_000);
  });

  it("reads the refresh interval in seconds", () => {
    expect(loadConfig("?refresh=5").topologyRefreshMs).toBe(5_000);
  });

  it("ignores out-of-range refresh values", () => {
    for (const value of ["0", "-3", "abc", "3601", ""]) {
      expect(loadConfig(`?refresh=${value}`).topologyRefreshMs).toBe(30_000);
    }
  });
});
