/** The renderer interface, which makes SVG and canvas interchangeable. */
import type { Highlight } from "./highlight.ts";
import { edgeGeometry, type Scene } from "./scene.ts";

/** d3-zoom transform: screen = layout * k + (x, y). */
export interface ZoomState {
  x: number;
  y: number;
  k: number;
}

export interface RendererHandlers {
  onSelect(nodeId: string): void;
  /** Canvas only: called after each painted frame with its main-thread time. */
  onPaint?(info: { kind: "full" | "flow"; durationMs: number }): void;
}

export interface TopologyRenderer {
  readonly kind: "svg" | "canvas";
  /** The element that receives pointer events and carries the zoom behavior. */
  readonly element: Element;
  /** Draws a new scene; items are joined by id. */
  update(scene: Scene, highlight: Highlight): void;
  /** Restyles without moving anything, for selection and search changes. */
  highlight(highlight: Highlight): void;
  setZoom(zoom: ZoomState): void;
  /** Adapts to a new container size, in CSS pixels. */
  resize(width: number, height: number): void;
  /** Returns the id of the node under a pointer event, or null. */
  findNodeAt(target: EventTarget | null, clientX: number, clientY: number): string | null;
  /** Moves one node while it is dragged, without a full update. */
  previewMove(nodeId: string, x: number, y: number): void;
  destroy(): void;
}

/** Moves a scene node and reroutes its edges in place; returns false when the node is not drawn. */
export function moveSceneNode(
  scene: Scene,
  nodeId: string,
  x: number,
  y: number,
): boolean {
  const node = scene.nodes.find((item) => item.id === nodeId);
  if (!node) return false;
  node.x = x;
  node.y = y;
  const byId = new Map(scene.nodes.map((item) => [item.id, item]));
  for (const edge of scene.edges) {
    if (edge.source !== nodeId && edge.target !== nodeId) continue;
    edge.geometry = edgeGeometry(byId.get(edge.source)!, byId.get(edge.target)!);
  }
  return true;
}
