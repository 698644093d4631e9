import { describe, expect, it } from "vitest";
import {
  computeLayout,
  type LayoutInput,
  layerGap,
} from "../../../src/engine/topology/layout.ts";
import { diamondGraph } from "./graphs.ts";

const width = 150;
const height = 30;

function inputFor(overrides: Partial<LayoutInput> = {}): LayoutInput {
  return {
    algorithm: "layered",
    nodes: diamondGraph.nodes.map((node) => ({ id: node.id, width, height })),
    edges: diamondGraph.edges.map(({ id, source, target }) => ({ id, source, target })),
    fixed: {},
    isAnchored: true,
    ...overrides,
  };
}

describe("layered layout", () => {
  it("runs left to right by layer", async () => {
    const positions = await computeLayout(inputFor());
    const x = (id: string) => positions[id].x;
    expect(x("topic:t") - x("producer:a")).toBe(width + layerGap);
    expect(x("service:l")).toBe(x("service:r"));
    expect(x("service:l") - x("topic:t")).toBe(width + layerGap);
    expect(x("service:j") - x("service:l")).toBe(width + layerGap);
    expect(positions["service:l"].y).not.toBe(positions["service:r"].y);
  });

  it("gives the same positions twice", async () => {
    expect(await computeLayout(inputFor())).toEqual(await computeLayout(inputFor()));
  });

  it("keeps fixed nodes and extends from them", async () => {
    const fixed = {
      "producer:a": { x: 0, y: 0 },
      "topic:t": { x: 500, y: 0 },
      "service:l": { x: 1000, y: -100 },
      "service:r": { x: 1000, y: 100 },
    };
    const positions = await computeLayout(inputFor({ fixed }));
    for (const [id, point] of Object.entries(fixed)) expect(positions[id]).toEqual(point);
    // The join goes one layer right of its first feeder, service:l.
    expect(positions["service:j"]).toEqual({ x: 1000 + width + layerGap, y: -100 });
  });
});

describe("force layout", () => {
  it("keeps fixed nodes and places the rest nearby", async () => {
    const fixed = { "producer:a": { x: 0, y: 0 }, "topic:t": { x: 200, y: 0 } };
    const positions = await computeLayout(inputFor({ algorithm: "force", fixed }));
    expect(positions["producer:a"]).toEqual({ x: 0, y: 0 });
    expect(positions["topic:t"]).toEqual({ x: 200, y: 0 });
    for (const id of ["service:l", "service:r", "service:j"]) {
      const { x, y } = positions[id];
      expect(Number.isFinite(x)).toBe(true);
      expect(Number.isFinite(y)).toBe(true);
      expect(Math.hypot(x - 200, y)).toBeLessThan(1000);
    }
  });

  it("is deterministic", async () => {
    const input = inputFor({ algorithm: "force", isAnchored: false });
    expect(await computeLayout(input)).toEqual(await computeLayout(input));
  });
});
