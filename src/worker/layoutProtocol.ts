/**
 * Messages between the topology view and the layout worker. Plain data, so
 * they cross `postMessage` by structured clone. Positions are node centers in
 * layout units (CSS pixels at zoom 1).
 */
import type { LayoutAlgorithm, LayoutInput } from "../engine/topology/layout.ts";
import type { Point } from "../engine/topology/placement.ts";

export type { LayoutAlgorithm, LayoutInput } from "../engine/topology/layout.ts";
export type { Point } from "../engine/topology/placement.ts";

export interface LayoutRequest extends LayoutInput {
  type: "layout";
  /** Echoed in the response, so the caller can drop results of requests it has replaced. */
  requestId: number;
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
