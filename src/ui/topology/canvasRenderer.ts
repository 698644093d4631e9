/**
 * Canvas renderer for graphs too large for SVG to redraw within a 50 ms
 * task. Draws at most once per animation frame, finds nodes under the
 * pointer with a quadtree, and keeps dashes moving while animation is on.
 */
import { type Quadtree, quadtree } from "d3";
import { type CanvasView, drawScene } from "./drawCanvas.ts";
import type { Highlight } from "./highlight.ts";
import { type Palette, readPalette } from "./palette.ts";
import {
  moveSceneNode,
  type RendererHandlers,
  type TopologyRenderer,
  type ZoomState,
} from "./renderer.ts";
import { nodeHeight, nodeWidth, type Scene, type SceneNode } from "./scene.ts";

/** Dash travel speed while animated, layout units per second. */
const dashSpeed = 30;

export class CanvasRenderer implements TopologyRenderer {
  readonly kind = "canvas";
  readonly element: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;
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
  private startedAt = performance.now();
  private readonly colorScheme = matchMedia("(prefers-color-scheme: dark)");

  constructor(
    private readonly container: HTMLElement,
    // Keyboard selection goes through the hidden node list, not the canvas.
    _handlers: RendererHandlers,
  ) {
    this.element = document.createElement("canvas");
    this.element.className = "topology-canvas";
    this.element.dataset.testid = "topology-canvas";
    this.element.setAttribute("role", "img");
    this.element.setAttribute(
      "aria-label",
      "Topology graph; the node list below is navigable",
    );
    const context = this.element.getContext("2d");
    if (!context) throw new Error("Canvas 2D context is not available in this browser.");
    this.context = context;
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
    this.schedule();
  }

  highlight(highlight: Highlight) {
    this.highlightState = highlight;
    this.schedule();
  }

  setZoom(zoom: ZoomState) {
    this.zoom = zoom;
    this.schedule();
  }

  resize(width: number, height: number) {
    const ratio = window.devicePixelRatio || 1;
    this.width = width;
    this.height = height;
    this.element.width = Math.max(1, Math.round(width * ratio));
    this.element.height = Math.max(1, Math.round(height * ratio));
    this.element.style.width = `${width}px`;
    this.element.style.height = `${height}px`;
    this.schedule();
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

  /** Draws now; exposed so a benchmark can time one full frame. */
  drawNow() {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.draw(performance.now());
  }

  private schedule() {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(this.onFrame);
  }

  private readonly onFrame = (time: number) => {
    this.frame = 0;
    this.draw(time);
    if (this.highlightState.isAnimated) this.schedule();
  };

  private draw(time: number) {
    const view: CanvasView = {
      width: this.width,
      height: this.height,
      ...this.zoom,
      pixelRatio: window.devicePixelRatio || 1,
      dashOffset: (((time - this.startedAt) / 1000) * dashSpeed) % 14,
    };
    drawScene(this.context, this.scene, this.highlightState, this.palette, view);
  }

  private readonly onSchemeChange = () => {
    this.palette = readPalette(this.container);
    this.schedule();
  };
}
