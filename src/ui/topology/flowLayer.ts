/**
 * Canvas overlay that draws the flow animation above the SVG drawing.
 * Animating dashes on thousands of SVG paths repaints the whole picture every
 * frame, while dots on a canvas cost under a millisecond per frame.
 */
import { drawFlow } from "./drawCanvas.ts";
import { type Palette, readPalette } from "./palette.ts";
import type { ZoomState } from "./renderer.ts";
import type { Scene } from "./scene.ts";

export class FlowLayer {
  private readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;
  private readonly palette: Palette;
  private scene: Scene | null = null;
  private zoom: ZoomState = { x: 0, y: 0, k: 1 };
  private width = 0;
  private height = 0;
  private frame = 0;
  private isAnimated = false;

  constructor(container: HTMLElement) {
    this.canvas = document.createElement("canvas");
    this.canvas.className = "topology-flow-layer";
    this.canvas.setAttribute("aria-hidden", "true");
    const context = this.canvas.getContext("2d");
    if (!context) throw new Error("Canvas 2D context is not available in this browser.");
    this.context = context;
    container.append(this.canvas);
    this.palette = readPalette(container);
  }

  setScene(scene: Scene) {
    this.scene = scene;
  }

  setZoom(zoom: ZoomState) {
    this.zoom = zoom;
  }

  resize(width: number, height: number) {
    const ratio = window.devicePixelRatio || 1;
    this.width = width;
    this.height = height;
    this.canvas.width = Math.max(1, Math.round(width * ratio));
    this.canvas.height = Math.max(1, Math.round(height * ratio));
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
  }

  setAnimated(isAnimated: boolean) {
    if (isAnimated === this.isAnimated) return;
    this.isAnimated = isAnimated;
    if (isAnimated) {
      this.frame = requestAnimationFrame(this.onFrame);
      return;
    }
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.context.setTransform(1, 0, 0, 1, 0, 0);
    this.context.clearRect(0, 0, this.canvas.width, this.canvas.height);
  }

  destroy() {
    cancelAnimationFrame(this.frame);
    this.canvas.remove();
  }

  private readonly onFrame = (time: number) => {
    this.frame = requestAnimationFrame(this.onFrame);
    if (!this.scene) return;
    this.context.setTransform(1, 0, 0, 1, 0, 0);
    this.context.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const view = {
      width: this.width,
      height: this.height,
      ...this.zoom,
      pixelRatio: window.devicePixelRatio || 1,
    };
    drawFlow(this.context, this.scene, this.palette, view, time);
  };
}
