/**
 * Live topology view: the dependency graph drawn with D3 (SVG, or canvas for
 * large graphs), with search, focus, hide and pin, a legend, exports and a
 * side panel of dependency analysis. It only reads the graph it is given
 * and does not know which source produced it.
 */
import {
  forwardRef,
  useCallback,
  useDeferredValue,
  useEffect,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
} from "react";
import {
  analyzeGraph,
  type CriticalPath,
  neighborhoodOf,
} from "../../engine/topology/analysis.ts";
import { type HealthInput, resolveHealthConfig } from "../../engine/topology/health.ts";
import type { TopologyGraph } from "../../engine/topology/model.ts";
import type { Point } from "../../engine/topology/placement.ts";
import type { LayoutAlgorithm } from "../../worker/layoutProtocol.ts";
import { AnalysisPanel } from "./AnalysisPanel.tsx";
import { downloadBlob, graphToJson, sceneToPng, sceneToSvg } from "./exportGraph.ts";
import { type DrawInfo, GraphStage, type StageHandle } from "./GraphStage.tsx";
import type { Highlight } from "./highlight.ts";
import { Legend } from "./Legend.tsx";
import { NodeIndexList } from "./NodeIndexList.tsx";
import { readPalette } from "./palette.ts";
import { buildScene, type Scene, searchNodes } from "./scene.ts";
import { type ExportFormat, type RendererChoice, Toolbar } from "./Toolbar.tsx";
import { useGraphAnalysis } from "./useGraphAnalysis.ts";
import { useTopologyLayout } from "./useTopologyLayout.ts";
import "./topology.css";

/**
 * Nodes plus edges above which "auto" draws on canvas. NOTE: taken from the
 * SVG sweep of bench/topology.ts on a shared 2-core machine with software
 * rendering, where SVG kept every task under 50 ms at 400 items and not at
 * 800. Faster machines could keep SVG longer.
 */
export const defaultCanvasThreshold = 500;

export interface ExportedFile {
  format: ExportFormat;
  fileName: string;
  blob: Blob;
}

export interface TopologyViewProps {
  graph: TopologyGraph;
  /** The selected node id; null or undefined for none, and ids not in the graph count as none. */
  selectedNodeId?: string | null;
  onSelectNode: (nodeId: string | null) => void;
  /** Health thresholds and latency objectives; defaults apply to missing fields. */
  health?: HealthInput;
  /** Initial renderer choice; the user can change it in the toolbar. */
  renderer?: RendererChoice;
  /** Nodes plus edges above which "auto" picks canvas. */
  canvasThreshold?: number;
  layout?: LayoutAlgorithm;
  /** Whether flow animation starts on; defaults to off when the user prefers reduced motion. */
  isAnimated?: boolean;
  /** Receives exported files; without it, the browser downloads them. */
  onExport?: (file: ExportedFile) => void;
  /** Called after each drawing step with its main-thread time, ms. */
  onDrawn?: (info: DrawInfo) => void;
  /** Called when a layout lands or fails. */
  onLayout?: (info: {
    status: "idle" | "error";
    durationMs: number | null;
    error: string | null;
  }) => void;
}

export interface TopologyViewHandle {
  stage(): StageHandle | null;
}

export const TopologyView = forwardRef<TopologyViewHandle, TopologyViewProps>(
  function TopologyView(props, ref) {
    const { graph, selectedNodeId, onSelectNode, onExport, onDrawn, onLayout } = props;
    // Keyed by content, so an inline `health` object does not rebuild the scene on every render.
    const healthKey = JSON.stringify(props.health ?? {});
    const { healthConfig, healthError } = useMemo(() => {
      try {
        return {
          healthConfig: resolveHealthConfig(JSON.parse(healthKey)),
          healthError: null,
        };
      } catch (error) {
        // An invalid threshold must not blank the view, so it draws with the
        // defaults and shows the error.
        const message = error instanceof Error ? error.message : String(error);
        return { healthConfig: resolveHealthConfig(), healthError: message };
      }
    }, [healthKey]);
    const stageRef = useRef<StageHandle>(null);
    useImperativeHandle(ref, () => ({ stage: () => stageRef.current }), []);

    const [query, setQuery] = useState("");
    const [exportError, setExportError] = useState<string | null>(null);
    const [matchIndex, setMatchIndex] = useState(-1);
    const [isFocused, setFocused] = useState(false);
    const [hops, setHops] = useState(2);
    const [hiddenIds, setHiddenIds] = useState<ReadonlySet<string>>(new Set());
    const [pinnedIds, setPinnedIds] = useState<ReadonlySet<string>>(new Set());
    const [algorithm, setAlgorithm] = useState<LayoutAlgorithm>(
      props.layout ?? "layered",
    );
    const [rendererChoice, setRendererChoice] = useState<RendererChoice>(
      props.renderer ?? "auto",
    );
    const [isAnimated, setAnimated] = useState(
      () => props.isAnimated ?? !prefersReducedMotion(),
    );

    const layout = useTopologyLayout(graph, algorithm, pinnedIds);
    const { analysis, error: analysisError } = useGraphAnalysis(graph);
    const nodeIds = useMemo(() => new Set(graph.nodes.map((node) => node.id)), [graph]);
    const selected =
      selectedNodeId != null && nodeIds.has(selectedNodeId) ? selectedNodeId : null;

    // Report layout results to the owner.
    useEffect(() => {
      if (layout.status === "running") return;
      onLayout?.({
        status: layout.status,
        durationMs: layout.lastDurationMs,
        error: layout.error,
      });
    }, [layout.status, layout.lastDurationMs, layout.error, onLayout]);

    // Nodes to draw: the focus neighborhood, or everything, minus hidden nodes.
    const visibleIds = useMemo(() => {
      // Focus waits for an analysis that contains the selected node.
      if (isFocused && selected && analysis?.index.indexOf.has(selected)) {
        const around = neighborhoodOf(analysis.index, selected, hops, hops);
        return new Set(
          around.nodeIds.filter((id) => !hiddenIds.has(id) || id === selected),
        );
      }
      if (hiddenIds.size === 0) return null;
      return new Set(
        graph.nodes.map((node) => node.id).filter((id) => !hiddenIds.has(id)),
      );
    }, [isFocused, selected, hops, hiddenIds, graph, analysis]);

    const scene = useMemo(
      () =>
        buildScene({
          graph,
          positions: layout.positions,
          health: healthConfig,
          visibleIds,
          pinnedIds,
        }),
      [graph, layout.positions, healthConfig, visibleIds, pinnedIds],
    );

    const matches = useMemo(() => searchNodes(graph, query), [graph, query]);
    // A shown critical path highlights like a search; a search replaces it.
    const [shownPath, setShownPath] = useState<CriticalPath | null>(null);
    const matchSet = useMemo(() => {
      if (query.trim() !== "") return new Set(matches);
      if (shownPath) return new Set(shownPath.nodeIds);
      return null;
    }, [matches, query, shownPath]);
    const highlight = useMemo<Highlight>(
      () => ({ selectedId: selected, matchIds: matchSet, isAnimated }),
      [selected, matchSet, isAnimated],
    );

    const threshold = props.canvasThreshold ?? defaultCanvasThreshold;
    let renderer: "svg" | "canvas" = rendererChoice === "canvas" ? "canvas" : "svg";
    if (
      rendererChoice === "auto" &&
      graph.nodes.length + graph.edges.length > threshold
    ) {
      renderer = "canvas";
    }

    // Show the graph, readable, when a full layout lands and when focus changes what is shown.
    useEffect(() => {
      if (layout.layoutGeneration > 0) {
        stageRef.current?.showReadable(sceneBoundsRef.current);
      }
    }, [layout.layoutGeneration]);
    const sceneBoundsRef = useRef(scene.bounds);
    sceneBoundsRef.current = scene.bounds;
    const focusKey = isFocused && selected ? `${selected} ${hops}` : null;
    const previousFocusKey = useRef(focusKey);
    useEffect(() => {
      if (previousFocusKey.current === focusKey) return;
      previousFocusKey.current = focusKey;
      stageRef.current?.showReadable(sceneBoundsRef.current);
    }, [focusKey]);

    const onQueryChange = useCallback((next: string) => {
      setQuery(next);
      setMatchIndex(-1);
      setShownPath(null);
    }, []);

    const onSearchNext = useCallback(() => {
      if (matches.length === 0) return;
      const next = (matchIndex + 1) % matches.length;
      setMatchIndex(next);
      const id = matches[next];
      onSelectNode(id);
      const point = layout.positions.get(id);
      if (point) stageRef.current?.centerOn(point);
    }, [matches, matchIndex, onSelectNode, layout.positions]);

    const { moveNode } = layout;
    const onNodeMoved = useCallback(
      (nodeId: string, point: Point) => {
        moveNode(nodeId, point);
        setPinnedIds((current) => new Set(current).add(nodeId));
      },
      [moveNode],
    );

    const togglePin = useCallback(() => {
      if (!selected) return;
      setPinnedIds((current) => {
        const next = new Set(current);
        if (next.has(selected)) next.delete(selected);
        else next.add(selected);
        return next;
      });
    }, [selected]);

    const hideSelected = useCallback(() => {
      if (!selected) return;
      setHiddenIds((current) => new Set(current).add(selected));
      setFocused(false);
      onSelectNode(null);
    }, [selected, onSelectNode]);

    const containerRef = useRef<HTMLDivElement>(null);
    const exportAs = useCallback(
      async (format: ExportFormat) => {
        const palette = readPalette(containerRef.current ?? document.documentElement);
        const stamp = new Date();
        const fileName = `topology-${stamp.toISOString().replaceAll(":", "-")}.${format}`;
        let blob: Blob;
        if (format === "svg") {
          blob = new Blob([sceneToSvg(scene, palette)], { type: "image/svg+xml" });
        } else if (format === "png") {
          blob = await sceneToPng(scene, highlight, palette);
        } else {
          // Analysed afresh, because the panel's analysis can lag a refresh.
          const current = analyzeGraph(graph);
          blob = new Blob([graphToJson(graph, layout.positions, current, stamp)], {
            type: "application/json",
          });
        }
        if (onExport) onExport({ format, fileName, blob });
        else downloadBlob(blob, fileName);
      },
      [scene, highlight, graph, layout.positions, onExport],
    );

    const isWaiting = graph.nodes.length > 0 && scene.nodes.length === 0;
    const isPlaced = graph.nodes.every((node) => layout.positions.has(node.id));
    const isReady = graph.nodes.length > 0 && isPlaced && layout.status !== "running";
    return (
      <div
        ref={containerRef}
        className="topology-view"
        data-testid="topology-view"
        data-renderer={renderer}
        data-layout-status={layout.status}
        data-ready={isReady ? "true" : "false"}
        data-as-of={graph.asOfMs}
      >
        <Toolbar
          query={query}
          onQueryChange={onQueryChange}
          onSearchNext={onSearchNext}
          matchCount={matches.length}
          matchIndex={matchIndex}
          selectedNodeId={selected}
          isFocused={isFocused && selected !== null}
          onFocusChange={setFocused}
          hops={hops}
          onHopsChange={setHops}
          isSelectedPinned={selected !== null && pinnedIds.has(selected)}
          onTogglePin={togglePin}
          onHideSelected={hideSelected}
          hiddenCount={hiddenIds.size}
          onShowHidden={() => setHiddenIds(new Set())}
          algorithm={algorithm}
          onAlgorithmChange={setAlgorithm}
          onRelayout={layout.relayout}
          rendererChoice={rendererChoice}
          onRendererChange={setRendererChoice}
          isAnimated={isAnimated}
          onAnimatedChange={setAnimated}
          onFit={() => stageRef.current?.fitTo(scene.bounds)}
          onZoom={(factor) => stageRef.current?.zoomBy(factor)}
          onExport={(format) => {
            setExportError(null);
            exportAs(format).catch((error: Error) => {
              console.error(`[topology] ${format} export failed:`, error);
              setExportError(`${format.toUpperCase()} export failed: ${error.message}`);
            });
          }}
        />
        {exportError && (
          <p className="topology-error" role="alert" data-testid="topology-export-error">
            {exportError}
          </p>
        )}
        <div className="topology-body">
          <div className="topology-canvas-area">
            <GraphStage
              ref={stageRef}
              scene={scene}
              highlight={highlight}
              renderer={renderer}
              onSelect={onSelectNode}
              onNodeMoved={onNodeMoved}
              onDrawn={onDrawn}
            />
            {graph.nodes.length === 0 && (
              <p className="topology-message" data-testid="topology-empty">
                The graph has no nodes yet.
              </p>
            )}
            {isWaiting && layout.status !== "error" && (
              <p className="topology-message" data-testid="topology-laying-out">
                Laying out {graph.nodes.length} nodes…
              </p>
            )}
            {healthError && (
              <p
                className="topology-warning"
                role="alert"
                data-testid="topology-health-error"
              >
                Invalid health thresholds, using the defaults: {healthError}
              </p>
            )}
            {layout.status === "error" && (
              <p
                className="topology-message is-error"
                role="alert"
                data-testid="topology-layout-error"
              >
                Layout failed: {layout.error}
              </p>
            )}
            <Legend health={healthConfig} maxRatePerSecond={scene.maxRatePerSecond} />
            <p className="topology-status topology-muted" data-testid="topology-status">
              Showing {scene.nodes.length} of {graph.nodes.length} nodes,{" "}
              {scene.edges.length} of {graph.edges.length} edges
              {layout.status === "running" && scene.nodes.length > 0
                ? " · laying out…"
                : ""}
            </p>
          </div>
          <AnalysisPanel
            graph={graph}
            analysis={analysis}
            analysisError={analysisError}
            selectedNodeId={selected}
            health={healthConfig}
            shownPathId={shownPath?.startId ?? null}
            onShowPath={setShownPath}
            onSelect={onSelectNode}
          />
        </div>
        {renderer === "canvas" && (
          <DeferredNodeList scene={scene} selectedId={selected} onSelect={onSelectNode} />
        )}
      </div>
    );
  },
);

function prefersReducedMotion(): boolean {
  return (
    typeof matchMedia === "function" &&
    matchMedia("(prefers-reduced-motion: reduce)").matches
  );
}

function DeferredNodeList(props: {
  scene: Scene;
  selectedId: string | null;
  onSelect: (nodeId: string) => void;
}) {
  const scene = useDeferredValue(props.scene);
  return (
    <NodeIndexList
      scene={scene}
      selectedId={props.selectedId}
      onSelect={props.onSelect}
    />
  );
}
