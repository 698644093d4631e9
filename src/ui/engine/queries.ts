/**
 * TanStack Query reads of the engine worker. Every component reads engine
 * data through these hooks, so caching, polling and error states are alike.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { Snapshot, WindowName } from "../../engine/metrics/snapshot.ts";
import type { TopologyGraph } from "../../engine/topology/model.ts";
import type { ControlCommand } from "../../worker/protocol.ts";
import { config } from "../config.ts";
import { useEngine, useEngineStatus } from "./EngineProvider.tsx";

export const engineKeys = {
  scenarios: ["engine", "scenarios"] as const,
  scenario: (name: string, seed: number | undefined) =>
    ["engine", "scenario", name, seed ?? null] as const,
  snapshot: ["engine", "snapshot"] as const,
  graph: (window: WindowName) => ["engine", "graph", window] as const,
};

function useReady(): boolean {
  return useEngineStatus().data?.state === "ready";
}

export function useScenarioList() {
  const engine = useEngine();
  return useQuery({
    queryKey: engineKeys.scenarios,
    queryFn: () => engine.call("listScenarios"),
    enabled: useReady(),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Loads a built-in scenario into the engine; the result names its producers, topics and services. */
export function useLoadedScenario(
  name: string,
  seed: number | undefined,
  enabled = true,
) {
  const engine = useEngine();
  return useQuery({
    queryKey: engineKeys.scenario(name, seed),
    queryFn: () => engine.call("loadScenario", { builtin: name, seed }),
    // Scenarios opened from a file are put into the cache by the file button, never fetched.
    enabled: useReady() && enabled && !name.startsWith("file:"),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

/** Reads the latest metrics snapshot about once a second. */
export function useSnapshot(enabled = true) {
  const engine = useEngine();
  return useQuery({
    queryKey: engineKeys.snapshot,
    queryFn: () => engine.call("snapshot"),
    enabled: useReady() && enabled,
    refetchInterval: config.snapshotIntervalMs,
  });
}

/** Interval of graph reads until the first deliveries complete, ms. */
const EARLY_REFRESH_MS = 2_000;

function hasDeliveries(graph: TopologyGraph | null | undefined): boolean {
  return (
    graph?.nodes.some(
      (node) => node.kind === "service" && (node.metrics.count ?? 0) > 0,
    ) ?? false
  );
}

/** Reads the topology graph every `config.topologyRefreshMs`. */
export function useGraph(window: WindowName, enabled = true) {
  const engine = useEngine();
  return useQuery({
    queryKey: engineKeys.graph(window),
    queryFn: () => engine.call("graph", { window }),
    enabled: useReady() && enabled,
    // Read again soon while no delivery has completed yet (the run just began),
    // so a new run does not show an empty graph for a whole interval.
    refetchInterval: (query) =>
      hasDeliveries(query.state.data) ? config.topologyRefreshMs : EARLY_REFRESH_MS,
  });
}

/**
 * Key of the snapshot state that changes node health at once: the ids of
 * firing alerts and each service's faults. Empty without a snapshot.
 */
export function healthChangeKey(snapshot: Snapshot | null | undefined): string {
  if (!snapshot) return "";
  const firing = snapshot.alerts
    .filter((alert) => alert.state === "firing")
    .map((alert) => alert.id)
    .sort();
  const faults = snapshot.services
    .filter((service) => service.faults.length > 0)
    .map((service) => [service.name, service.faults]);
  return JSON.stringify([firing, faults]);
}

/**
 * Reads the graph again as soon as an alert fires or resolves or a fault is
 * injected or cleared, so the topology turns red with the charts instead of
 * up to one refresh interval later. The interval itself is unchanged.
 */
export function useGraphRefreshOnHealthChange(
  window: WindowName,
  snapshot: Snapshot | null | undefined,
): void {
  const client = useQueryClient();
  const key = healthChangeKey(snapshot);
  const previousKey = useRef(key);
  useEffect(() => {
    if (key === previousKey.current) return;
    // The first snapshot is not a change: the graph's own first read covers it.
    const isFirst = previousKey.current === "";
    previousKey.current = key;
    if (isFirst) return;
    void client.invalidateQueries({ queryKey: engineKeys.graph(window) });
  }, [client, key, window]);
}

/** Sends a runtime control (start, pause, speed, rate, fault) and shows its effect at once. */
export function useControl() {
  const engine = useEngine();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (command: ControlCommand) => engine.call("control", command),
    onSuccess: (snapshot) => {
      if (snapshot) client.setQueryData(engineKeys.snapshot, snapshot);
    },
  });
}
