import { describe, expect, it } from "vitest";
import { EventQueue } from "../../../src/engine/sim/event-queue.ts";
import { Random } from "../../../src/engine/sim/random.ts";

describe("EventQueue", () => {
  it("pops in time order across growth", () => {
    const queue = new EventQueue(4);
    const random = new Random(1);
    const times = Array.from({ length: 5000 }, () => Math.floor(random.next() * 1000));
    for (const [i, time] of times.entries()) queue.push(time, 1, i, 0);
    const popped: number[] = [];
    while (queue.size > 0) popped.push(queue.pop());

    expect(popped).toEqual([...times].sort((a, b) => a - b));
  });

  it("keeps insertion order for equal times", () => {
    const queue = new EventQueue(2);
    for (let ref = 0; ref < 50; ref++)
      queue.push(ref % 2 === 0 ? 10 : 5, 2, ref, ref * 3);
    const refs: number[] = [];
    while (queue.size > 0) {
      queue.pop();
      refs.push(queue.poppedRef);
      expect(queue.poppedTag).toBe(queue.poppedRef * 3);
      expect(queue.poppedKind).toBe(2);
    }
    const odd = refs.slice(0, 25);
    const even = refs.slice(25);
    expect(odd).toEqual(Array.from({ length: 25 }, (_, i) => 2 * i + 1));
    expect(even).toEqual(Array.from({ length: 25 }, (_, i) => 2 * i));
  });

  it("reports Infinity when empty", () => {
    expect(new EventQueue().peekTime()).toBe(Number.POSITIVE_INFINITY);
  });
});
