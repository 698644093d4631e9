/**
 * Reads of the simulation's dead letters and event traces, through TanStack
 * Query like every other engine read.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { EventTrace } from "../../engine/sim/index.ts";
import { config } from "../config.ts";
import {
  type DeadLetterFilter,
  type DeadLetterQuery,
  EMPTY_FILTER,
  type RedriveTarget,
  toDeadLetterRow,
  toRedriveMatchingSelection,
  toRedriveSelection,
  toStoreQuery,
} from "../deadletters/index.ts";
import { useEngine } from "../engine/EngineProvider.tsx";
import { engineKeys } from "../engine/queries.ts";
import type { TraceQuery } from "../traces/types.ts";
import { selectChain } from "./adapters.ts";

const DEFAULT_QUERY: DeadLetterQuery = { filter: EMPTY_FILTER, offset: 0, limit: 50 };

/** Reads one page of dead letters matching the browser's filter every two seconds. */
export function useDeadLetterPage(query: DeadLetterQuery | undefined, enabled: boolean) {
  const engine = useEngine();
  return useQuery({
    queryKey: ["engine", "deadLetters", query],
    queryFn: async () => {
      const page = await engine.call("deadLetters", toStoreQuery(query ?? DEFAULT_QUERY));
      return { total: page.total, rows: page.entries.map(toDeadLetterRow) };
    },
    enabled,
    refetchInterval: 2_000,
    placeholderData: (previous) => previous,
  });
}

export function useRedrive() {
  const engine = useEngine();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (target: RedriveTarget | { matching: DeadLetterFilter }) => {
      const selection =
        typeof target === "object" && "matching" in target
          ? toRedriveMatchingSelection(target.matching)
          : toRedriveSelection(target);
      return (await engine.call("redrive", selection)).redriven;
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ["engine", "deadLetters"] });
      void client.invalidateQueries({ queryKey: engineKeys.snapshot });
    },
  });
}

/** Sampled events matching a search by event id or key. */
export function useTraceSearch(query: TraceQuery | undefined) {
  const engine = useEngine();
  return useQuery({
    queryKey: ["engine", "traceSearch", query?.by, query?.value],
    queryFn: async (): Promise<EventTrace[]> => {
      if (!query) return [];
      if (query.by === "key")
        return engine.call("traces", { key: query.value, limit: 200 });
      const eventId = Number(query.value);
      if (!Number.isSafeInteger(eventId) || eventId < 0) {
        throw new Error(
          `"${query.value}" is not an event id; event ids are whole numbers such as 1042.`,
        );
      }
      return engine.call("traces", { eventId });
    },
    enabled: query !== undefined && query.value.trim() !== "",
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

/**
 * Reads the newest sampled events with at least one failed attempt, `limit`
 * of them, again at every snapshot interval.
 */
export function useFailedTraces(limit: number, enabled: boolean) {
  const engine = useEngine();
  return useQuery({
    queryKey: ["engine", "failedTraces", limit],
    queryFn: (): Promise<EventTrace[]> =>
      engine.call("traces", { hasFailures: true, limit }),
    enabled,
    refetchInterval: config.snapshotIntervalMs,
    placeholderData: (previous) => previous,
  });
}

/** Reads the chain of the selected event: its root event and every event it led to. */
export function useTraceChain(eventId: number | undefined) {
  const engine = useEngine();
  return useQuery({
    queryKey: ["engine", "traceChain", eventId],
    queryFn: async (): Promise<EventTrace[]> => {
      if (eventId === undefined) return [];
      const [trace] = await engine.call("traces", { eventId });
      if (!trace) return [];
      const sameKey = await engine.call("traces", { key: trace.key, limit: 1000 });
      const all = sameKey.some((other) => other.eventId === trace.eventId)
        ? sameKey
        : [...sameKey, trace];
      return selectChain(all, eventId);
    },
    enabled: eventId !== undefined,
    refetchInterval: 2_000,
  });
}
