import { describe, expect, it } from "vitest";
import {
  extendFromNeighbors,
  type PlacementInput,
  placeNodes,
} from "../../../src/engine/topology/placement.ts";

const box = (id: string) => ({ id, width: 100, height: 20 });

function input(overrides: Partial<PlacementInput>): PlacementInput {
  return {
    nodes: [],
    edges: [],
    fixed: {},
    fresh: {},
    isAnchored: true,
    gap: 10,
    ...overrides,
  };
}

describe("placeNodes", () => {
  it("keeps fixed positions exactly", () => {
    const placed = placeNodes(
      input({
        nodes: [box("a"), box("b")],
        fixed: { a: { x: 10.25, y: -3.5 }, b: { x: 500, y: 40 } },
      }),
    );
    expect(placed).toEqual({ a: { x: 10.25, y: -3.5 }, b: { x: 500, y: 40 } });
  });

  it("puts a new node at its fresh offset from a neighbor", () => {
    const placed = placeNodes(
      input({
        nodes: [box("a"), box("b")],
        edges: [{ source: "a", target: "b" }],
        fixed: { a: { x: 1000, y: 1000 } },
        fresh: { a: { x: 0, y: 0 }, b: { x: 200, y: 30 } },
      }),
    );
    expect(placed.b).toEqual({ x: 1200, y: 1030 });
  });

  it("grows a chain of new nodes link by link", () => {
    const placed = placeNodes(
      input({
        nodes: [box("a"), box("b"), box("c")],
        edges: [
          { source: "a", target: "b" },
          { source: "b", target: "c" },
        ],
        fixed: { a: { x: 0, y: 500 } },
        fresh: { a: { x: 0, y: 0 }, b: { x: 200, y: 0 }, c: { x: 400, y: 0 } },
      }),
    );
    expect(placed.b).toEqual({ x: 200, y: 500 });
    expect(placed.c).toEqual({ x: 400, y: 500 });
  });

  it("moves a new node off an occupied slot", () => {
    const placed = placeNodes(
      input({
        nodes: [box("a"), box("taken"), box("b")],
        edges: [{ source: "a", target: "b" }],
        fixed: { a: { x: 0, y: 0 }, taken: { x: 200, y: 0 } },
        fresh: { a: { x: 0, y: 0 }, taken: { x: 0, y: 100 }, b: { x: 200, y: 0 } },
      }),
    );
    // One step is the node height plus the gap; the first try is below.
    expect(placed.b).toEqual({ x: 200, y: 30 });
  });

  it("places an unconnected new part below", () => {
    const placed = placeNodes(
      input({
        nodes: [box("a"), box("x"), box("y")],
        edges: [{ source: "x", target: "y" }],
        fixed: { a: { x: 50, y: 100 } },
        fresh: { a: { x: 0, y: 0 }, x: { x: 0, y: 40 }, y: { x: 200, y: 40 } },
      }),
    );
    expect(placed.x).toEqual({ x: 50, y: 160 });
    expect(placed.y).toEqual({ x: 250, y: 160 });
  });

  it("keeps fresh positions in a full re-layout", () => {
    const placed = placeNodes(
      input({
        nodes: [box("pinned"), box("b")],
        edges: [{ source: "pinned", target: "b" }],
        fixed: { pinned: { x: 900, y: 900 } },
        fresh: { pinned: { x: 0, y: 0 }, b: { x: 200, y: 0 } },
        isAnchored: false,
      }),
    );
    expect(placed.pinned).toEqual({ x: 900, y: 900 });
    expect(placed.b).toEqual({ x: 200, y: 0 });
  });

  it("names a node missing from the fresh layout", () => {
    expect(() => placeNodes(input({ nodes: [box("a")] }))).toThrow(
      'Fresh layout has no position for node "a".',
    );
  });
});

describe("extendFromNeighbors", () => {
  const nodes = [box("a"), box("b"), box("c"), box("d")];

  it("steps right of a feeder and left of a consumer", () => {
    const fresh = extendFromNeighbors(
      nodes,
      [
        { source: "a", target: "b" },
        { source: "c", target: "a" },
        { source: "b", target: "d" },
      ],
      { a: { x: 100, y: 50 } },
      200,
    );
    expect(fresh).toEqual({
      a: { x: 100, y: 50 },
      b: { x: 300, y: 50 },
      c: { x: -100, y: 50 },
      d: { x: 500, y: 50 },
    });
  });

  it("prefers the feeder over the consumer", () => {
    const fresh = extendFromNeighbors(
      [box("consumer"), box("feeder"), box("new")],
      [
        { source: "new", target: "consumer" },
        { source: "feeder", target: "new" },
      ],
      { consumer: { x: -5000, y: 0 }, feeder: { x: 0, y: 80 } },
      200,
    );
    expect(fresh?.new).toEqual({ x: 200, y: 80 });
  });

  it("gives up on a part with no placed node", () => {
    const fresh = extendFromNeighbors(
      nodes,
      [
        { source: "a", target: "b" },
        { source: "c", target: "d" },
      ],
      { a: { x: 0, y: 0 } },
      200,
    );
    expect(fresh).toBeNull();
  });
});
