import { describe, expect, it } from "vitest";
import { deriveSeed, hashUnit, mix32, Random } from "../../../src/engine/sim/random.ts";

describe("Random", () => {
  it("repeats a stream for a seed", () => {
    const a = new Random(42);
    const b = new Random(42);
    const first = Array.from({ length: 100 }, () => a.nextUint32());
    expect(Array.from({ length: 100 }, () => b.nextUint32())).toEqual(first);
    expect(
      first.every((value) => Number.isInteger(value) && value >= 0 && value < 2 ** 32),
    ).toBe(true);
  });

  it("gives unrelated streams for nearby seeds", () => {
    const a = new Random(42);
    const b = new Random(43);
    let equal = 0;
    for (let i = 0; i < 1000; i++) if (a.nextUint32() === b.nextUint32()) equal++;
    expect(equal).toBe(0);
    expect(deriveSeed(42, 0, 1)).not.toBe(deriveSeed(42, 1, 1));
    expect(deriveSeed(42, 0, 1)).not.toBe(deriveSeed(42, 0, 2));
  });

  it("draws uniform, exponential and normal variates with the right moments", () => {
    const random = new Random(9);
    const n = 200_000;
    let uniformSum = 0;
    let exponentialSum = 0;
    let normalSum = 0;
    let normalSquares = 0;
    let smallest = 1;
    let largest = 0;
    for (let i = 0; i < n; i++) {
      const u = random.next();
      smallest = Math.min(smallest, u);
      largest = Math.max(largest, u);
      uniformSum += u;
      exponentialSum += random.exponential(3);
      const z = random.normal();
      normalSum += z;
      normalSquares += z * z;
    }
    expect(smallest).toBeGreaterThanOrEqual(0);
    expect(largest).toBeLessThan(1);
    // Bounds of about five standard errors.
    expect(Math.abs(uniformSum / n - 0.5)).toBeLessThan(0.0033);
    expect(Math.abs(exponentialSum / n - 3)).toBeLessThan(0.034);
    expect(Math.abs(normalSum / n)).toBeLessThan(0.012);
    expect(Math.abs(normalSquares / n - 1)).toBeLessThan(0.016);
  });

  it("hashes to the unit interval", () => {
    expect(mix32(0)).not.toBe(mix32(1));
    const values = Array.from({ length: 1000 }, (_, i) => hashUnit(7, i));
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(new Set(values).size).toBe(1000);
  });
});
