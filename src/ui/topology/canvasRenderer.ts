/**
 * Canvas renderer for graphs too large for SVG to redraw within a 50 ms
 * task. The static picture is drawn into an offscreen layer only when the
 * scene, highlight, zoom or size changes. Each frame copies that layer and,
 * while animated, adds the flow dots on top. Nodes under the pointer are
 * found with a quadtree.
 */
import { type Quadtree, quadtree } from "d3";
import { type CanvasView, drawFlow, drawScene } from "./drawCanvas.ts";
import type { Highlight } from "./highlight.ts";
import { type Palette, readPalette } from "./palette.ts";
import {
  moveSceneNode,
  type RendererHandlers,
  type TopologyRenderer,
  type ZoomState,
} from "./renderer.ts";
import { nodeHeight, nodeWidth, type Scene, type SceneNode } from "./scene.ts";

export class CanvasRenderer implements TopologyRenderer {
  readonly kind = "canvas";
  readonly element: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;
  private readonly layer: HTMLCanvasElement;
  private readonly layerContext: CanvasRenderingContext2D;
  private scene: Scene = { nodes: [], edges: [], maxRatePerSecond: 0, bounds: null };
  private highlightState: Highlight = {
    selectedId: null,
    matchIds: null,
    isAnimated: false,
  };
  private zoom: ZoomState = { x: 0, y: 0, k: 1 };
  private index: Quadtree<SceneNode> = quadtree<SceneNode>();
  private palette: Palette;
  private width = 0;
  private height = 0;
  private frame = 0;
  private isLayerStale = true;
  private readonly colorScheme = matchMedia("(prefers-color-scheme: dark)");

  constructor(
    private readonly container: HTMLElement,
    private readonly handlers: RendererHandlers,
  ) {
    this.element = document.createElement("canvas");
    this.element.className = "topology-canvas";
    this.element.dataset.testid = "topology-canvas";
    this.element.setAttribute("role", "img");
    this.element.setAttribute(
      "aria-label",
      "Topology graph; the node list below is navigable",
    );
    this.layer = document.createElement("canvas");
    const context = this.element.getContext("2d");
    const layerContext = this.layer.getContext("2d");
    if (!context || !layerContext) {
      throw new Error("Canvas 2D context is not available in this browser.");
    }
    this.context = context;
    this.layerContext = layerContext;
    container.append(this.element);
    this.palette = readPalette(container);
    this.colorScheme.addEventListener("change", this.onSchemeChange);
  }

  update(scene: Scene, highlight: Highlight) {
    this.scene = scene;
    this.highlightState = highlight;
    this.index = quadtree<SceneNode>()
      .x((node) => node.x)
      .y((node) => node.y)
      .addAll(scene.nodes);
    this.invalidate();
  }

  highlight(highlight: Highlight) {
    const isOnlyAnimationChanged =
      highlight.selectedId === this.highlightState.selectedId &&
      highlight.matchIds === this.highlightState.matchIds;
    this.highlightState = highlight;
    if (isOnlyAnimationChanged) this.schedule();
    else this.invalidate();
  }

  setZoom(zoom: ZoomState) {
    this.zoom = zoom;
    this.invalidate();
  }

  resize(width: number, height: number) {
    const ratio = window.devicePixelRatio || 1;
    this.width = width;
    this.height = height;
    for (const canvas of [this.element, this.layer]) {
      canvas.width = Math.max(1, Math.round(width * ratio));
      canvas.height = Math.max(1, Math.round(height * ratio));
    }
    this.element.style.width = `${width}px`;
    this.element.style.height = `${height}px`;
    this.invalidate();
  }

  findNodeAt(
    _target: EventTarget | null,
    clientX: number,
    clientY: number,
  ): string | null {
    const box = this.element.getBoundingClientRect();
    const x = (clientX - box.left - this.zoom.x) / this.zoom.k;
    const y = (clientY - box.top - this.zoom.y) / this.zoom.k;
    const node = this.index.find(x, y, nodeWidth);
    if (!node) return null;
    const isInside =
      Math.abs(node.x - x) <= nodeWidth / 2 && Math.abs(node.y - y) <= nodeHeight / 2;
    return isInside ? node.id : null;
  }

  previewMove(nodeId: string, x: number, y: number) {
    if (moveSceneNode(this.scene, nodeId, x, y))
      this.update(this.scene, this.highlightState);
  }

  destroy() {
    cancelAnimationFrame(this.frame);
    this.colorScheme.removeEventListener("change", this.onSchemeChange);
    this.element.remove();
  }

  private invalidate() {
    this.isLayerStale = true;
    this.schedule();
  }

  private schedule() {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(this.onFrame);
  }

  private readonly onFrame = (time: number) => {
    this.frame = 0;
    const startedAt = performance.now();
    const view: CanvasView = {
      width: this.width,
      height: this.height,
      ...this.zoom,
      pixelRatio: window.devicePixelRatio || 1,
    };
    const isFull = this.isLayerStale;
    if (isFull) {
      drawScene(this.layerContext, this.scene, this.highlightState, this.palette, view);
      this.isLayerStale = false;
    }
    this.context.setTransform(1, 0, 0, 1, 0, 0);
    this.context.drawImage(this.layer, 0, 0);
    if (this.highlightState.isAnimated) {
      drawFlow(this.context, this.scene, this.palette, view, time);
      this.schedule();
    }
    this.handlers.onPaint?.({
      kind: isFull ? "full" : "flow",
      durationMs: performance.now() - startedAt,
    });
  };

  private readonly onSchemeChange = () => {
    this.palette = readPalette(this.container);
    this.invalidate();
  };
}
