/**
 * Positions for the topology view, kept across refreshes. A refresh that
 * brings no new node sends nothing to the worker, so every drawn node stays
 * exactly where it was. New nodes are placed next to their neighbors by the
 * layout worker; a re-layout keeps only pinned nodes.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { TopologyGraph } from "../../engine/topology/model.ts";
import type { Point } from "../../engine/topology/placement.ts";
import type { LayoutAlgorithm, LayoutRequest } from "../../worker/layoutProtocol.ts";
import { LayoutCancelledError, LayoutClient } from "./layoutClient.ts";
import { nodeHeight, nodeWidth } from "./scene.ts";

export interface LayoutState {
  positions: ReadonlyMap<string, Point>;
  status: "idle" | "running" | "error";
  error: string | null;
  /** Worker time of the last layout, ms. */
  lastDurationMs: number | null;
  /** Increases whenever a full layout (first one or re-layout) lands, so the view can fit to it. */
  layoutGeneration: number;
  relayout: () => void;
  moveNode: (nodeId: string, point: Point) => void;
}

export function useTopologyLayout(
  graph: TopologyGraph,
  algorithm: LayoutAlgorithm,
  pinnedIds: ReadonlySet<string>,
): LayoutState {
  const clientRef = useRef<LayoutClient | null>(null);
  const positionsRef = useRef(new Map<string, Point>());
  const [positions, setPositions] = useState<ReadonlyMap<string, Point>>(
    positionsRef.current,
  );
  const [status, setStatus] = useState<LayoutState["status"]>("idle");
  const [error, setError] = useState<string | null>(null);
  const [lastDurationMs, setLastDurationMs] = useState<number | null>(null);
  const [layoutGeneration, setLayoutGeneration] = useState(0);
  const graphRef = useRef(graph);
  graphRef.current = graph;
  const pinnedRef = useRef(pinnedIds);
  pinnedRef.current = pinnedIds;

  useEffect(() => {
    let client: LayoutClient;
    try {
      client = new LayoutClient();
    } catch (reason) {
      // A page whose content security policy forbids workers ends up here.
      const message = reason instanceof Error ? reason.message : String(reason);
      console.error("[topology] layout worker could not start:", reason);
      setStatus("error");
      setError(`the layout worker could not start (${message})`);
      return;
    }
    clientRef.current = client;
    return () => {
      client.terminate();
      clientRef.current = null;
    };
  }, []);

  const run = useCallback(
    (isFull: boolean) => {
      const client = clientRef.current;
      const current = graphRef.current;
      if (!client || current.nodes.length === 0) return;
      const known = positionsRef.current;
      const fixed: Record<string, Point> = {};
      for (const node of current.nodes) {
        const point = known.get(node.id);
        if (point && (!isFull || pinnedRef.current.has(node.id))) fixed[node.id] = point;
      }
      const request: Omit<LayoutRequest, "type" | "requestId"> = {
        algorithm,
        nodes: current.nodes.map((node) => ({
          id: node.id,
          width: nodeWidth,
          height: nodeHeight,
        })),
        edges: current.edges.map((edge) => ({
          id: edge.id,
          source: edge.source,
          target: edge.target,
        })),
        fixed,
        isAnchored: !isFull,
      };
      // A graph that shares no node with what is drawn (a new scenario or
      // source) is fitted to the view like the first one.
      const isFirst = !current.nodes.some((node) => known.has(node.id));

      setStatus("running");
      client.layOut(request).then(
        (result) => {
          const next = new Map(positionsRef.current);
          for (const [id, point] of Object.entries(result.positions)) next.set(id, point);
          positionsRef.current = next;
          setPositions(next);
          setStatus("idle");
          setError(null);
          setLastDurationMs(result.durationMs);
          if (isFull || isFirst) setLayoutGeneration((value) => value + 1);
        },
        (reason: Error) => {
          if (reason instanceof LayoutCancelledError) return;
          console.error("[topology] layout failed:", reason);
          setStatus("error");
          setError(reason.message);
        },
      );
    },
    [algorithm],
  );

  // A refresh lays out only when some node has no position yet.
  useEffect(() => {
    const known = positionsRef.current;
    if (graph.nodes.some((node) => !known.has(node.id))) run(false);
  }, [graph, run]);

  // A change of algorithm lays out everything again, keeping pinned nodes.
  const algorithmRef = useRef(algorithm);
  useEffect(() => {
    if (algorithmRef.current === algorithm) return;
    algorithmRef.current = algorithm;
    run(true);
  }, [algorithm, run]);

  const relayout = useCallback(() => run(true), [run]);
  const moveNode = useCallback((nodeId: string, point: Point) => {
    const next = new Map(positionsRef.current);
    next.set(nodeId, point);
    positionsRef.current = next;
    setPositions(next);
  }, []);

  return {
    positions,
    status,
    error,
    lastDurationMs,
    layoutGeneration,
    relayout,
    moveNode,
  };
}
