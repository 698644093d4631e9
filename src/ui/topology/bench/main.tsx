/**
 * Harness page for the topology view (topology-bench.html): a seeded
 * synthetic graph behind a TanStack Query, as the app reads the engine.
 * Query parameters: `nodes`, `edges`, `seed`, `grow` (nodes added per
 * refresh), `renderer` (auto, svg or canvas), `refresh` (seconds),
 * `animate` (1 or 0) and `objective` (p99 objective in ms, 0 for none).
 */
import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { StrictMode, useCallback, useMemo, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import type { TopologyGraph } from "../../../engine/topology/model.ts";
import "../../shell/app.css";
import type { DrawInfo } from "../GraphStage.tsx";
import { RefreshControl } from "../RefreshControl.tsx";
import type { RendererChoice } from "../Toolbar.tsx";
import { TopologyView, type TopologyViewHandle } from "../TopologyView.tsx";
import type { GraphRequest, GraphResponse } from "./graph.worker.ts";
import { type BenchProbe, createProbe, recordFrames } from "./probe.ts";

const params = new URLSearchParams(location.search);
const readNumber = (name: string, fallback: number) => {
  const value = Number(params.get(name));
  return params.has(name) && Number.isFinite(value) ? value : fallback;
};
const options = {
  nodeCount: readNumber("nodes", 1000),
  edgeCount: readNumber("edges", 3000),
  seed: readNumber("seed", 1),
  growBy: readNumber("grow", 0),
  renderer: (params.get("renderer") ?? "auto") as RendererChoice,
  refreshMs: readNumber("refresh", 30) * 1000,
  isAnimated: params.get("animate") === "1",
};

const probe = createProbe();
const objectiveMs = readNumber("objective", 250);
const healthInput = objectiveMs > 0 ? { latency: { p99Ms: objectiveMs } } : {};

/** Fault applied to the next graph reads: edges touching this node are given a dead-letter ratio. */
let faultNodeId: string | null = null;
let revision = 0;

const generator = new Worker(new URL("./graph.worker.ts", import.meta.url), {
  type: "module",
});
const waiting = new Map<number, (graph: TopologyGraph) => void>();
generator.onmessage = (event: MessageEvent<GraphResponse>) => {
  waiting.get(event.data.requestId)?.(event.data.graph);
  waiting.delete(event.data.requestId);
};

function readGraph(): Promise<TopologyGraph> {
  const requestId = revision++;
  return new Promise((resolve) => {
    waiting.set(requestId, resolve);
    const request: GraphRequest = {
      requestId,
      options: { ...options, revision: requestId },
      faultNodeId,
    };
    generator.postMessage(request);
  });
}

declare global {
  interface Window {
    topologyBench: BenchProbe & {
      setPhase(phase: string): void;
      startFrames(): void;
      stopFrames(): void;
      injectFault(nodeId: string | null): void;
      view(): TopologyViewHandle | null;
      revision(): number;
    };
  }
}

function Harness() {
  const [selected, setSelected] = useState<string | null>(null);
  const viewRef = useRef<TopologyViewHandle>(null);
  const query = useQuery({
    queryKey: ["bench-graph"],
    queryFn: readGraph,
    refetchInterval: options.refreshMs,
  });

  useMemo(() => {
    let stopFrames: (() => void) | null = null;
    window.topologyBench = Object.assign(probe, {
      setPhase: (phase: string) => {
        probe.phase = phase;
      },
      startFrames: () => {
        stopFrames?.();
        stopFrames = recordFrames(probe);
      },
      stopFrames: () => {
        stopFrames?.();
        stopFrames = null;
      },
      injectFault: (nodeId: string | null) => {
        faultNodeId = nodeId;
      },
      view: () => viewRef.current,
      revision: () => revision,
    });
  }, []);

  const onDrawn = useCallback((info: DrawInfo) => {
    probe.drawTimesMs.push({ phase: probe.phase, ...info });
  }, []);
  const onLayout = useCallback((info: { durationMs: number | null }) => {
    if (info.durationMs !== null) probe.layoutTimesMs.push(info.durationMs);
  }, []);

  if (query.isPending) return <p>Generating graph…</p>;
  if (query.isError)
    return <p role="alert">Graph generation failed: {query.error.message}</p>;
  return (
    <main
      style={{
        display: "flex",
        flexDirection: "column",
        height: "100vh",
        padding: 8,
        gap: 6,
      }}
    >
      <RefreshControl
        dataUpdatedAt={query.dataUpdatedAt}
        intervalMs={options.refreshMs}
        refetch={() => void query.refetch()}
        isFetching={query.isFetching}
      />
      <div style={{ flex: 1, minHeight: 0 }}>
        <TopologyView
          ref={viewRef}
          graph={query.data}
          selectedNodeId={selected}
          onSelectNode={setSelected}
          renderer={options.renderer}
          isAnimated={options.isAnimated}
          onDrawn={onDrawn}
          onLayout={onLayout}
          health={healthInput}
        />
      </div>
    </main>
  );
}

const client = new QueryClient({
  defaultOptions: { queries: { refetchOnWindowFocus: false } },
});
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <Harness />
    </QueryClientProvider>
  </StrictMode>,
);
