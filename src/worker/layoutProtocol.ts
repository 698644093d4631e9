/**
 * Messages between the topology view and the layout worker. Plain data, so
 * they cross `postMessage` by structured clone. Positions are node centers in
 * layout units (CSS pixels at zoom 1).
 */
import type { Point } from "../engine/topology/placement.ts";

export type { Point } from "../engine/topology/placement.ts";

export type LayoutAlgorithm = "layered" | "force";

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
}

export interface LayoutRequest {
  type: "layout";
  /** Echoed in the response, so the caller can drop results of requests it has replaced. */
  requestId: number;
  algorithm: LayoutAlgorithm;
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  /** Positions that must not change: nodes already drawn and pinned nodes. */
  fixed: Record<string, Point>;
  /**
   * True to put each node that is not fixed next to a fixed neighbor (a
   * refresh). False for a full re-layout, where only `fixed` nodes stay.
   */
  isAnchored: boolean;
}

export interface LayoutResult {
  type: "layout";
  requestId: number;
  algorithm: LayoutAlgorithm;
  /** One position per requested node. */
  positions: Record<string, Point>;
  /** Ids of nodes that were not in `fixed`, in request order. */
  placedIds: string[];
  /** Time spent in the worker, ms. */
  durationMs: number;
}

export interface LayoutFailure {
  type: "error";
  requestId: number;
  message: string;
}

export type LayoutResponse = LayoutResult | LayoutFailure;

/** Minimum free space between node boxes, in layout units. */
export const nodeGap = 16;

/** Space between the layers of the layered layout, in layout units. */
export const layerGap = 64;
