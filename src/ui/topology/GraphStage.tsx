/**
 * The drawing area: creates the SVG or canvas renderer, applies d3-zoom for
 * zoom and pan, and turns pointer input into selection and node drags.
 * React only renders the container; the renderer owns what is inside it.
 */
import { select, type ZoomBehavior, zoom, zoomIdentity } from "d3";
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef } from "react";
import type { Point } from "../../engine/topology/placement.ts";
import { CanvasRenderer } from "./canvasRenderer.ts";
import type { Highlight } from "./highlight.ts";
import type { TopologyRenderer, ZoomState } from "./renderer.ts";
import type { Bounds, Scene } from "./scene.ts";
import { SvgRenderer } from "./svgRenderer.ts";

/**
 * One drawing step. "update" is the renderer's update or restyle call, which
 * is all the script work an SVG drawing does. "full" and "flow" are canvas
 * frames that redrew the static picture or only the animated dots.
 */
export interface DrawInfo {
  renderer: "svg" | "canvas";
  kind: "update" | "full" | "flow";
  durationMs: number;
}

export interface StageHandle {
  /** Zooms so that `bounds` fills the view, never past 1.5x. */
  fitTo(bounds: Bounds | null): void;
  /**
   * Fits `bounds` like `fitTo` unless labels would be too small to read. In
   * that case it shows the graph's left end (its sources) at the smallest
   * readable zoom.
   */
  showReadable(bounds: Bounds | null): void;
  /** Pans so that a layout point sits in the middle, at zoom 1 or more. */
  centerOn(point: Point): void;
  zoomBy(factor: number): void;
  /** Current renderer, for benchmarks. */
  renderer(): TopologyRenderer | null;
}

interface Props {
  scene: Scene;
  highlight: Highlight;
  renderer: "svg" | "canvas";
  onSelect: (nodeId: string | null) => void;
  /** Called when a node drag ends, with the node's new center. */
  onNodeMoved: (nodeId: string, point: Point) => void;
  /** Called after each drawing step with its main-thread time; see DrawInfo. */
  onDrawn?: (info: DrawInfo) => void;
}

/** "whole" fits the graph at any zoom; "readable" keeps labels readable. */
type FitMode = "whole" | "readable";

/** Pointer travel, in CSS pixels, below which a press counts as a click and not a drag. */
const clickTolerance = 3;

export const GraphStage = forwardRef<StageHandle, Props>(function GraphStage(props, ref) {
  const {
    scene,
    highlight,
    renderer: rendererKind,
    onSelect,
    onNodeMoved,
    onDrawn,
  } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const rendererRef = useRef<TopologyRenderer | null>(null);
  const zoomRef = useRef<ZoomBehavior<HTMLDivElement, unknown> | null>(null);
  const zoomStateRef = useRef<ZoomState>({ x: 0, y: 0, k: 1 });
  const hasUserZoomRef = useRef(false);
  const fitModeRef = useRef<FitMode>("readable");

  const fitView = useCallback((bounds: Bounds | null, mode: FitMode) => {
    const container = containerRef.current;
    const behavior = zoomRef.current;
    if (!container || !behavior || !bounds) return;
    const transform = mode === "whole" ? fitTransform : readableTransform;
    const { x, y, k } = transform(bounds, container.clientWidth, container.clientHeight);
    hasUserZoomRef.current = false;
    fitModeRef.current = mode;
    select(container).call(behavior.transform, zoomIdentity.translate(x, y).scale(k));
  }, []);
  const callbacks = useRef({ onSelect, onNodeMoved, onDrawn });
  callbacks.current = { onSelect, onNodeMoved, onDrawn };
  const sceneRef = useRef(scene);
  sceneRef.current = scene;
  const highlightRef = useRef(highlight);
  highlightRef.current = highlight;

  // Renderer and zoom behavior, rebuilt when the renderer kind changes.
  useEffect(() => {
    const container = containerRef.current!;
    const handlers = {
      onSelect: (id: string) => callbacks.current.onSelect(id),
      onPaint: (info: { kind: "full" | "flow"; durationMs: number }) =>
        callbacks.current.onDrawn?.({ renderer: "canvas", ...info }),
    };
    const renderer: TopologyRenderer =
      rendererKind === "svg"
        ? new SvgRenderer(container, handlers)
        : new CanvasRenderer(container, handlers);
    rendererRef.current = renderer;
    renderer.resize(container.clientWidth, container.clientHeight);
    renderer.setZoom(zoomStateRef.current);
    renderer.update(sceneRef.current, highlightRef.current);

    const behavior = zoom<HTMLDivElement, unknown>()
      .scaleExtent([0.02, 4])
      .filter((event: Event) => {
        if (event.type === "wheel") return true;
        const mouse = event as MouseEvent;
        if (mouse.ctrlKey || (mouse.button ?? 0) !== 0) return false;
        // Presses on a node start a drag, not a pan.
        if (event.type === "mousedown" || event.type === "touchstart") {
          return !renderer.findNodeAt(mouse.target, mouse.clientX, mouse.clientY);
        }
        return true;
      })
      .on("zoom", (event: { transform: ZoomState; sourceEvent: Event | null }) => {
        if (event.sourceEvent) hasUserZoomRef.current = true;
        const { x, y, k } = event.transform;
        zoomStateRef.current = { x, y, k };
        renderer.setZoom(zoomStateRef.current);
        container.dataset.zoom = k.toFixed(3);
      });
    zoomRef.current = behavior;
    const selection = select(container);
    selection.call(behavior).on("dblclick.zoom", null);
    const { x, y, k } = zoomStateRef.current;
    selection.call(behavior.transform, zoomIdentity.translate(x, y).scale(k));

    // Until the user zooms or pans, a resized view (an expanded panel) fits again.
    const observer = new ResizeObserver(() => {
      renderer.resize(container.clientWidth, container.clientHeight);
      if (!hasUserZoomRef.current) fitView(sceneRef.current.bounds, fitModeRef.current);
    });
    observer.observe(container);
    const centerOf = (nodeId: string) =>
      sceneRef.current.nodes.find((node) => node.id === nodeId) ?? null;
    const detachPointer = attachPointer(
      container,
      renderer,
      zoomStateRef,
      callbacks,
      centerOf,
    );

    return () => {
      detachPointer();
      observer.disconnect();
      selection.on(".zoom", null);
      renderer.destroy();
      rendererRef.current = null;
    };
  }, [rendererKind, fitView]);

  // Full update when the scene changes; restyle only when the highlight changes.
  const drawnSceneRef = useRef<Scene | null>(null);
  useEffect(() => {
    const renderer = rendererRef.current;
    if (!renderer) return;
    const startedAt = performance.now();
    if (drawnSceneRef.current === scene) {
      renderer.highlight(highlight);
    } else {
      renderer.update(scene, highlight);
      drawnSceneRef.current = scene;
    }
    callbacks.current.onDrawn?.({
      renderer: renderer.kind,
      kind: "update",
      durationMs: performance.now() - startedAt,
    });
  }, [scene, highlight]);

  useImperativeHandle(
    ref,
    () => ({
      fitTo: (bounds) => fitView(bounds, "whole"),
      showReadable: (bounds) => fitView(bounds, "readable"),
      centerOn(point) {
        const container = containerRef.current;
        const behavior = zoomRef.current;
        if (!container || !behavior) return;
        hasUserZoomRef.current = true;
        const k = Math.max(zoomStateRef.current.k, 1);
        const x = container.clientWidth / 2 - point.x * k;
        const y = container.clientHeight / 2 - point.y * k;
        select(container).call(behavior.transform, zoomIdentity.translate(x, y).scale(k));
      },
      zoomBy(factor) {
        const container = containerRef.current;
        const behavior = zoomRef.current;
        if (!container || !behavior) return;
        hasUserZoomRef.current = true;
        select(container).call(behavior.scaleBy, factor);
      },
      renderer: () => rendererRef.current,
    }),
    [fitView],
  );

  return (
    <div
      ref={containerRef}
      className={`topology-stage renderer-${rendererKind}`}
      data-testid="topology-stage"
      data-renderer={rendererKind}
    />
  );
});

type Callbacks = {
  current: {
    onSelect: (nodeId: string | null) => void;
    onNodeMoved: (nodeId: string, point: Point) => void;
  };
};

// Click selects, a press on empty space clears the selection, and dragging a
// node moves it. d3-zoom handles presses on empty space for panning.
function attachPointer(
  container: HTMLElement,
  renderer: TopologyRenderer,
  zoomState: { current: ZoomState },
  callbacks: Callbacks,
  centerOf: (nodeId: string) => Point | null,
): () => void {
  // The grab offset keeps the node under the same spot of the pointer.
  let drag: {
    nodeId: string | null;
    startX: number;
    startY: number;
    offset: Point;
    isMoved: boolean;
  } | null = null;

  const toLayout = (event: PointerEvent): Point => {
    const box = container.getBoundingClientRect();
    const { x, y, k } = zoomState.current;
    return {
      x: (event.clientX - box.left - x) / k,
      y: (event.clientY - box.top - y) / k,
    };
  };

  const onDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    const nodeId = renderer.findNodeAt(event.target, event.clientX, event.clientY);
    const center = nodeId ? centerOf(nodeId) : null;
    const pointer = toLayout(event);
    const offset = center
      ? { x: center.x - pointer.x, y: center.y - pointer.y }
      : { x: 0, y: 0 };
    drag = {
      nodeId,
      startX: event.clientX,
      startY: event.clientY,
      offset,
      isMoved: false,
    };
    if (nodeId) container.setPointerCapture(event.pointerId);
  };
  const onMove = (event: PointerEvent) => {
    if (!drag) return;
    const distance = Math.hypot(event.clientX - drag.startX, event.clientY - drag.startY);
    if (distance > clickTolerance) drag.isMoved = true;
    if (drag.nodeId && drag.isMoved) {
      const point = toLayout(event);
      renderer.previewMove(drag.nodeId, point.x + drag.offset.x, point.y + drag.offset.y);
    }
  };
  const onUp = (event: PointerEvent) => {
    const ended = drag;
    drag = null;
    if (!ended) return;
    if (ended.nodeId && container.hasPointerCapture(event.pointerId)) {
      container.releasePointerCapture(event.pointerId);
    }
    if (!ended.isMoved) {
      callbacks.current.onSelect(ended.nodeId);
      return;
    }
    if (!ended.nodeId) return;
    const point = toLayout(event);
    callbacks.current.onNodeMoved(ended.nodeId, {
      x: point.x + ended.offset.x,
      y: point.y + ended.offset.y,
    });
  };

  container.addEventListener("pointerdown", onDown);
  container.addEventListener("pointermove", onMove);
  container.addEventListener("pointerup", onUp);
  container.addEventListener("pointercancel", onUp);
  return () => {
    container.removeEventListener("pointerdown", onDown);
    container.removeEventListener("pointermove", onMove);
    container.removeEventListener("pointerup", onUp);
    container.removeEventListener("pointercancel", onUp);
  };
}

/** Share of the view a fitted graph fills, leaving a margin on each side. */
const fitShare = 0.92;

/** Largest zoom a fit may choose, so a tiny graph is not blown up. */
const maxFitZoom = 1.5;

/** Returns the zoom transform that centers `bounds` in a view of the given size. */
export function fitTransform(bounds: Bounds, width: number, height: number): ZoomState {
  const spanX = Math.max(bounds.maxX - bounds.minX, 1);
  const spanY = Math.max(bounds.maxY - bounds.minY, 1);
  const k = Math.min(
    maxFitZoom,
    (Math.max(width, 1) * fitShare) / spanX,
    (Math.max(height, 1) * fitShare) / spanY,
  );
  return {
    x: width / 2 - ((bounds.minX + bounds.maxX) / 2) * k,
    y: height / 2 - ((bounds.minY + bounds.maxY) / 2) * k,
    k,
  };
}

/** Font size of node labels in layout units, as `topology.css` and the canvas renderer set it. */
const labelFontPx = 12;

/** Smallest on-screen label height, px, that stays readable. */
const minLabelPx = 10.5;

/** Smallest zoom at which node labels are `minLabelPx` high: 0.875. */
export const minReadableZoom = minLabelPx / labelFontPx;

/**
 * Returns `fitTransform` when it keeps labels readable. Otherwise it zooms to
 * `minReadableZoom` and puts the graph's left edge at the fit margin, where a
 * left-to-right layout has its producers, so the rest is reached by panning.
 * A graph taller than the view starts at its top, a shorter one is centered.
 */
export function readableTransform(
  bounds: Bounds,
  width: number,
  height: number,
): ZoomState {
  const fit = fitTransform(bounds, width, height);
  if (fit.k >= minReadableZoom) return fit;
  const k = minReadableZoom;
  const marginX = (width * (1 - fitShare)) / 2;
  const marginY = (height * (1 - fitShare)) / 2;
  const spanY = (bounds.maxY - bounds.minY) * k;
  const y =
    spanY <= height - 2 * marginY
      ? height / 2 - ((bounds.minY + bounds.maxY) / 2) * k
      : marginY - bounds.minY * k;
  return { x: marginX - bounds.minX * k, y, k };
}
