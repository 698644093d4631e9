import { describe, expect, it } from "vitest";
import {
  analyzeGraph,
  analyzeGraphInSteps,
  analyzeNode,
  downstreamOf,
  neighborhoodOf,
  upstreamOf,
} from "../../../src/engine/topology/analysis.ts";
import {
  chainGraph,
  cycleGraph,
  diamondGraph,
  disconnectedGraph,
  selfLoopGraph,
} from "./graphs.ts";

describe("cycle graph", () => {
  const analysis = analyzeGraph(cycleGraph);

  it("finds the one cycle", () => {
    expect(analysis.componentCount).toBe(3);
    expect(analysis.cycles).toEqual([
      {
        nodeIds: ["service:s1", "service:s2", "topic:t", "topic:u"],
        isSelfLoop: false,
      },
    ]);
  });

  it("charges the cycle once on the critical path", () => {
    expect(analysis.criticalPaths).toEqual([
      {
        startId: "producer:p",
        totalP99Ms: 31,
        nodeIds: ["producer:p", "topic:t", "service:s2", "service:x"],
        edgeIds: ["producer:p->topic:t", "service:s2->service:x"],
        unmeasuredCount: 2,
        isThroughCycle: true,
      },
    ]);
  });

  it("ranks the chain of dominators", () => {
    expect(analysis.entryIds).toEqual(["producer:p"]);
    expect(analysis.singlePointsOfFailure).toEqual([
      { nodeId: "producer:p", dominatedCount: 5 },
      { nodeId: "topic:t", dominatedCount: 4 },
      { nodeId: "service:s1", dominatedCount: 3 },
      { nodeId: "topic:u", dominatedCount: 2 },
      { nodeId: "service:s2", dominatedCount: 1 },
    ]);
  });

  it("reaches around the loop both ways", () => {
    const index = analysis.index;
    expect(upstreamOf(index, "service:s1")).toEqual([
      "producer:p",
      "service:s2",
      "topic:t",
      "topic:u",
    ]);
    expect(downstreamOf(index, "service:s1")).toEqual([
      "service:s2",
      "service:x",
      "topic:t",
      "topic:u",
    ]);
  });

  it("analyses a node on the cycle", () => {
    const node = analyzeNode(analysis, "topic:u");
    expect(node.fanIn).toBe(1);
    expect(node.fanOut).toBe(1);
    expect(node.cycleIds).toEqual(["service:s1", "service:s2", "topic:t", "topic:u"]);
    expect(node.blastRadius.affectedIds).toEqual([
      "service:s1",
      "service:s2",
      "service:x",
      "topic:t",
    ]);
    expect(node.blastRadius.isolatedIds).toEqual(["service:s2", "service:x"]);
    expect(node.immediateDominatorId).toBe("service:s1");
    expect(node.onCriticalPathOf).toEqual([]);
  });

  it("counts both inputs of the topic on the loop", () => {
    const node = analyzeNode(analysis, "topic:t");
    expect(node.fanIn).toBe(2);
    expect(node.onCriticalPathOf).toEqual(["producer:p"]);
    expect(node.immediateDominatorId).toBe("producer:p");
  });
});

describe("diamond graph", () => {
  const analysis = analyzeGraph(diamondGraph);

  it("has no cycles", () => {
    expect(analysis.cycles).toEqual([]);
    expect(analysis.componentCount).toBe(5);
  });

  it("takes the slower branch", () => {
    expect(analysis.criticalPaths).toEqual([
      {
        startId: "producer:a",
        totalP99Ms: 37.5,
        nodeIds: ["producer:a", "topic:t", "service:r", "service:j"],
        edgeIds: ["producer:a->topic:t", "topic:t->service:r", "service:r->service:j"],
        unmeasuredCount: 2,
        isThroughCycle: false,
      },
    ]);
  });

  it("does not flag either branch", () => {
    expect(analysis.singlePointsOfFailure).toEqual([
      { nodeId: "producer:a", dominatedCount: 4 },
      { nodeId: "topic:t", dominatedCount: 3 },
    ]);
  });

  it("gives the join a dominator above the split", () => {
    const join = analyzeNode(analysis, "service:j");
    expect(join.fanIn).toBe(2);
    expect(join.fanOut).toBe(0);
    expect(join.immediateDominatorId).toBe("topic:t");
    expect(join.upstreamIds).toEqual(["producer:a", "service:l", "service:r", "topic:t"]);
  });

  it("separates affected from isolated", () => {
    const split = analyzeNode(analysis, "topic:t");
    expect(split.fanOut).toBe(2);
    expect(split.blastRadius.affectedIds).toEqual([
      "service:j",
      "service:l",
      "service:r",
    ]);
    expect(split.blastRadius.isolatedIds).toEqual([
      "service:j",
      "service:l",
      "service:r",
    ]);

    const branch = analyzeNode(analysis, "service:l");
    expect(branch.blastRadius.affectedIds).toEqual(["service:j"]);
    expect(branch.blastRadius.isolatedIds).toEqual([]);
    expect(branch.onCriticalPathOf).toEqual([]);
  });

  it("limits the neighborhood by hops", () => {
    const one = neighborhoodOf(analysis.index, "service:l", 1, 1);
    expect(one.nodeIds).toEqual(["service:j", "service:l", "topic:t"]);
    expect(one.edgeIds).toEqual(["topic:t->service:l", "service:l->service:j"]);
    expect([...one.upstream]).toEqual([["topic:t", 1]]);
    expect([...one.downstream]).toEqual([["service:j", 1]]);

    const two = neighborhoodOf(analysis.index, "service:l", 2, 0);
    expect(two.nodeIds).toEqual(["producer:a", "service:l", "topic:t"]);
    expect(two.edgeIds).toEqual(["producer:a->topic:t", "topic:t->service:l"]);
    expect([...two.downstream]).toEqual([]);
  });

  it("rejects negative hop limits", () => {
    expect(() => neighborhoodOf(analysis.index, "service:l", -1, 1)).toThrow(
      "Hop limits must be 0 or more, got up -1 and down 1.",
    );
  });
});

describe("disconnected graph", () => {
  const analysis = analyzeGraph(disconnectedGraph);

  it("lists the dangling edge and skips it", () => {
    expect(analysis.danglingEdgeIds).toEqual(["service:s1->topic:ghost"]);
    expect(analysis.edgeCount).toBe(3);
    expect(analysis.nodeCount).toBe(6);
  });

  it("treats each source part as an entry", () => {
    expect(analysis.componentCount).toBe(6);
    expect(analysis.entryIds).toEqual(["producer:p1", "service:lonely", "service:q"]);
    expect(analysis.singlePointsOfFailure).toEqual([
      { nodeId: "producer:p1", dominatedCount: 2 },
      { nodeId: "service:q", dominatedCount: 1 },
      { nodeId: "topic:t1", dominatedCount: 1 },
    ]);
  });

  it("starts critical paths at producers only", () => {
    expect(analysis.criticalPaths).toEqual([
      {
        startId: "producer:p1",
        totalP99Ms: 6,
        nodeIds: ["producer:p1", "topic:t1", "service:s1"],
        edgeIds: ["producer:p1->topic:t1", "topic:t1->service:s1"],
        unmeasuredCount: 2,
        isThroughCycle: false,
      },
    ]);
  });

  it("keeps the parts apart", () => {
    expect(downstreamOf(analysis.index, "producer:p1")).toEqual([
      "service:s1",
      "topic:t1",
    ]);
    expect(upstreamOf(analysis.index, "service:w")).toEqual(["service:q"]);
    const lonely = analyzeNode(analysis, "service:lonely");
    expect(lonely.upstreamIds).toEqual([]);
    expect(lonely.downstreamIds).toEqual([]);
    expect(lonely.fanIn).toBe(0);
    expect(lonely.fanOut).toBe(0);
    expect(lonely.immediateDominatorId).toBeNull();
  });

  it("throws on an unknown node", () => {
    expect(() => analyzeNode(analysis, "topic:ghost")).toThrow(
      'Node "topic:ghost" not found in the topology graph.',
    );
  });
});

describe("self-loop graph", () => {
  const analysis = analyzeGraph(selfLoopGraph);

  it("reports the self-loop as a cycle", () => {
    expect(analysis.cycles).toEqual([{ nodeIds: ["service:s"], isSelfLoop: true }]);
    expect(analysis.componentCount).toBe(4);
  });

  it("counts the loop edge but not the node as its own neighbor", () => {
    const node = analyzeNode(analysis, "service:s");
    expect(node.fanIn).toBe(1);
    expect(node.fanOut).toBe(1);
    expect(node.inEdgeCount).toBe(2);
    expect(node.outEdgeCount).toBe(2);
    expect(node.upstreamIds).toEqual(["producer:p", "topic:t"]);
    expect(node.downstreamIds).toEqual(["deadLetterQueue:dlq"]);
    expect(node.cycleIds).toEqual(["service:s"]);
  });

  it("ignores the loop edge on the critical path", () => {
    expect(analysis.criticalPaths).toEqual([
      {
        startId: "producer:p",
        totalP99Ms: 11,
        nodeIds: ["producer:p", "topic:t", "service:s", "deadLetterQueue:dlq"],
        edgeIds: [
          "producer:p->topic:t",
          "topic:t->service:s",
          "service:s->deadLetterQueue:dlq",
        ],
        unmeasuredCount: 4,
        isThroughCycle: true,
      },
    ]);
  });

  it("keeps the loop node in its own neighborhood once", () => {
    const around = neighborhoodOf(analysis.index, "service:s", 1, 1);
    expect(around.nodeIds).toEqual(["deadLetterQueue:dlq", "service:s", "topic:t"]);
    expect(around.edgeIds).toEqual([
      "topic:t->service:s",
      "service:s->service:s",
      "service:s->deadLetterQueue:dlq",
    ]);
  });
});

describe("deep graphs", () => {
  it("walks a long chain without recursion", () => {
    const analysis = analyzeGraph(chainGraph(100_000, false));
    expect(analysis.componentCount).toBe(100_000);
    expect(analysis.criticalPaths[0].totalP99Ms).toBe(100_000 + 99_999);
    expect(analysis.criticalPaths[0].nodeIds.length).toBe(100_000);
    expect(analysis.singlePointsOfFailure[0]).toEqual({
      nodeId: "producer:n0",
      dominatedCount: 99_999,
    });
  });

  it("collapses a long loop into one component", () => {
    const analysis = analyzeGraph(chainGraph(100_000, true));
    expect(analysis.componentCount).toBe(2);
    expect(analysis.cycles[0].nodeIds.length).toBe(99_999);
    expect(analysis.criticalPaths[0].totalP99Ms).toBe(1 + 1 + 1);
  });
});

describe("analyzeGraphInSteps", () => {
  it("matches the one-step analysis", async () => {
    let yields = 0;
    const stepped = await analyzeGraphInSteps(diamondGraph, async () => {
      yields++;
    });
    const direct = analyzeGraph(diamondGraph);
    expect(yields).toBe(4);
    expect(stepped.criticalPaths).toEqual(direct.criticalPaths);
    expect(stepped.singlePointsOfFailure).toEqual(direct.singlePointsOfFailure);
    expect(stepped.fans).toEqual(direct.fans);
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    const run = analyzeGraphInSteps(
      cycleGraph,
      async () => controller.abort(),
      controller.signal,
    );
    await expect(run).rejects.toThrow("Graph analysis was aborted for a newer graph.");
  });
});
