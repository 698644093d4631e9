/**
 * Draws a scene on a 2D canvas: the canvas renderer and the PNG export both
 * use it. Edges are batched into one path per color and width, and items
 * outside the view are skipped, which keeps a 1,000-node frame short. Flow
 * animation is a separate layer of moving dots, so an animated frame only
 * copies the static picture and adds the dots.
 */
import type { Health } from "../../engine/topology/health.ts";
import { type Highlight, isDimmed } from "./highlight.ts";
import type { Palette } from "./palette.ts";
import {
  type EdgeGeometry,
  kindAbbreviation,
  nodeHeight,
  nodeWidth,
  type Scene,
  truncateLabel,
} from "./scene.ts";

export interface CanvasView {
  /** Size of the drawing area in CSS pixels. */
  width: number;
  height: number;
  /** Zoom transform from layout units to CSS pixels. */
  x: number;
  y: number;
  k: number;
  /** Device pixels per CSS pixel. */
  pixelRatio: number;
}

/** Zoom level below which labels and arrowheads are left out: they would be unreadable. */
const detailZoom = 0.45;

/**
 * Most labels drawn in one frame. Text is the slowest thing a software
 * canvas draws, so a view showing more nodes than this draws boxes only.
 */
const maxLabels = 300;

export function drawScene(
  context: CanvasRenderingContext2D,
  scene: Scene,
  highlight: Highlight,
  palette: Palette,
  view: CanvasView,
) {
  const { pixelRatio: ratio, k } = view;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.fillStyle = palette.background;
  context.fillRect(0, 0, view.width, view.height);
  context.setTransform(ratio * k, 0, 0, ratio * k, ratio * view.x, ratio * view.y);

  // Visible area in layout units, with a margin for curves and labels.
  const margin = nodeWidth;
  const left = -view.x / k - margin;
  const top = -view.y / k - margin;
  const right = (view.width - view.x) / k + margin;
  const bottom = (view.height - view.y) / k + margin;
  const isVisible = (x: number, y: number) =>
    x >= left && x <= right && y >= top && y <= bottom;

  drawEdges(context, scene, highlight, palette, view, isVisible);
  drawNodes(context, scene, highlight, palette, k, isVisible);
}

function drawEdges(
  context: CanvasRenderingContext2D,
  scene: Scene,
  highlight: Highlight,
  palette: Palette,
  view: CanvasView,
  isVisible: (x: number, y: number) => boolean,
) {
  // Group edges by stroke, so each group is one path and one stroke call.
  const groups = new Map<
    string,
    { color: string; width: number; alpha: number; items: EdgeGeometry[] }
  >();
  for (const edge of scene.edges) {
    const g = edge.geometry;
    if (!isVisible(g.x1, g.y1) && !isVisible(g.x2, g.y2) && !isVisible(g.c1x, g.c1y))
      continue;
    const isFaded = isDimmed(highlight, edge.source) && isDimmed(highlight, edge.target);
    const isAdjacent =
      highlight.selectedId !== null &&
      (edge.source === highlight.selectedId || edge.target === highlight.selectedId);
    const width = Math.round(edge.width * 2) / 2;
    const color = isAdjacent ? palette.accent : healthColor(palette, edge.health);
    const alpha = isFaded ? 0.15 : 0.8;
    const key = `${color}|${width}|${alpha}`;
    let group = groups.get(key);
    if (!group) {
      group = { color, width, alpha, items: [] };
      groups.set(key, group);
    }
    group.items.push(g);
  }

  context.lineCap = "butt";
  const isDetailed = view.k >= detailZoom;
  for (const group of groups.values()) {
    context.globalAlpha = group.alpha;
    context.strokeStyle = group.color;
    context.lineWidth = group.width;
    context.beginPath();
    for (const g of group.items) {
      context.moveTo(g.x1, g.y1);
      context.bezierCurveTo(g.c1x, g.c1y, g.c2x, g.c2y, g.x2, g.y2);
    }
    context.stroke();
    if (isDetailed) drawArrowheads(context, group.items, group.color);
  }
  context.globalAlpha = 1;
}

function drawArrowheads(
  context: CanvasRenderingContext2D,
  items: EdgeGeometry[],
  color: string,
) {
  context.fillStyle = color;
  context.beginPath();
  for (const g of items) {
    const angle = Math.atan2(g.y2 - g.c2y, g.x2 - g.c2x);
    const size = 7;
    context.moveTo(g.x2, g.y2);
    context.lineTo(
      g.x2 - size * Math.cos(angle - 0.4),
      g.y2 - size * Math.sin(angle - 0.4),
    );
    context.lineTo(
      g.x2 - size * Math.cos(angle + 0.4),
      g.y2 - size * Math.sin(angle + 0.4),
    );
    context.closePath();
  }
  context.fill();
}

function drawNodes(
  context: CanvasRenderingContext2D,
  scene: Scene,
  highlight: Highlight,
  palette: Palette,
  k: number,
  isVisible: (x: number, y: number) => boolean,
) {
  const visible = scene.nodes.filter((node) => isVisible(node.x, node.y));
  const isDetailed = k >= detailZoom && visible.length <= maxLabels;
  context.font = "12px system-ui, sans-serif";
  context.textBaseline = "middle";
  for (const node of visible) {
    const x = node.x - nodeWidth / 2;
    const y = node.y - nodeHeight / 2;
    const isSelected = node.id === highlight.selectedId;
    context.globalAlpha = isDimmed(highlight, node.id) ? 0.25 : 1;

    context.fillStyle = palette.kind[node.kind];
    context.fillRect(x, y, nodeWidth, nodeHeight);
    context.strokeStyle = isSelected ? palette.accent : healthColor(palette, node.health);
    context.lineWidth = isSelected ? 4 : 2;
    context.strokeRect(x, y, nodeWidth, nodeHeight);
    if (node.isPinned) {
      context.fillStyle = palette.accent;
      context.fillRect(x + nodeWidth - 8, y + 2, 6, 6);
    }
    if (!isDetailed) continue;
    context.fillStyle = palette.foreground;
    context.fillText(kindAbbreviation[node.kind], x + 6, node.y);
    context.fillText(truncateLabel(node.name, 18), x + 32, node.y);
  }
  context.globalAlpha = 1;
}

export function healthColor(palette: Palette, health: Health): string {
  return palette.health[health];
}

/** Dot travel speed along each edge while animated, edge lengths per second. */
const flowSpeed = 0.4;

/**
 * Draws one moving dot per visible edge, at a point along its curve set by
 * `timeMs`. Expects the context to carry the same transform as `drawScene`
 * left, and draws all dots in one fill.
 */
export function drawFlow(
  context: CanvasRenderingContext2D,
  scene: Scene,
  palette: Palette,
  view: CanvasView,
  timeMs: number,
) {
  const { k, pixelRatio: ratio } = view;
  context.setTransform(ratio * k, 0, 0, ratio * k, ratio * view.x, ratio * view.y);
  const left = -view.x / k;
  const top = -view.y / k;
  const right = (view.width - view.x) / k;
  const bottom = (view.height - view.y) / k;
  const size = Math.max(3, 2 / k);
  const phase = (timeMs / 1000) * flowSpeed;

  context.fillStyle = palette.foreground;
  context.globalAlpha = 0.7;
  context.beginPath();
  scene.edges.forEach((edge, index) => {
    if (!edge.ratePerSecond) return;
    // Spread the dots so edges do not pulse in step.
    const t = (phase + index * 0.618) % 1;
    const point = pointOnCurve(edge.geometry, t);
    if (point.x < left || point.x > right || point.y < top || point.y > bottom) return;
    context.rect(point.x - size / 2, point.y - size / 2, size, size);
  });
  context.fill();
  context.globalAlpha = 1;
}

/** Evaluates the cubic Bézier of an edge at t in [0, 1]. */
export function pointOnCurve(g: EdgeGeometry, t: number): { x: number; y: number } {
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return {
    x: a * g.x1 + b * g.c1x + c * g.c2x + d * g.x2,
    y: a * g.y1 + b * g.c1y + c * g.c2y + d * g.y2,
  };
}
