/**
 * Whole-graph analysis for the side panel, run in steps between which the
 * main thread is free. The previous result stays until the new one is ready.
 */
import { useEffect, useState } from "react";
import {
  analyzeGraphInSteps,
  type GraphAnalysis,
} from "../../engine/topology/analysis.ts";
import type { TopologyGraph } from "../../engine/topology/model.ts";

export interface AnalysisState {
  analysis: GraphAnalysis | null;
  error: string | null;
}

// A macrotask, so input events and rendering run between steps.
const yieldToHost = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function useGraphAnalysis(graph: TopologyGraph): AnalysisState {
  const [state, setState] = useState<AnalysisState>({ analysis: null, error: null });

  useEffect(() => {
    const controller = new AbortController();
    analyzeGraphInSteps(graph, yieldToHost, controller.signal).then(
      (analysis) => setState({ analysis, error: null }),
      (error: Error) => {
        if (error.name === "AbortError") return;
        console.error("[topology] analysis failed:", error);
        setState((current) => ({ analysis: current.analysis, error: error.message }));
      },
    );
    return () => controller.abort();
  }, [graph]);

  return state;
}
