/**
 * The trace import as TanStack Query state: the import is a mutation whose
 * result goes into the query cache only on success, so a failed import
 * leaves the previous one on screen.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type {
  ImportProgress,
  ImportResultMessage,
  ImportSource,
} from "../../worker/importProtocol.ts";
import { ImportClient } from "./importClient.ts";

let client: ImportClient | undefined;

/** The page's one import worker, started on first use. */
export function getImportClient(): ImportClient {
  client ??= new ImportClient();
  return client;
}

const resultKey = ["import", "result"] as const;

export function useImportResult() {
  return useQuery<ImportResultMessage | null>({
    queryKey: resultKey,
    queryFn: () => null,
    enabled: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useTraceImport() {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<ImportProgress>();
  const mutation = useMutation({
    mutationFn: (sources: ImportSource[]) => {
      setProgress(undefined);
      return getImportClient().import(sources, setProgress);
    },
    onSuccess: (result) => {
      queryClient.setQueryData(resultKey, result);
      queryClient.removeQueries({ queryKey: ["import", "waterfall"] });
    },
  });
  return { ...mutation, progress, cancel: () => getImportClient().cancel() };
}

export function useImportedWaterfall(traceId: string | undefined, importedAt: number) {
  return useQuery({
    queryKey: ["import", "waterfall", importedAt, traceId],
    queryFn: () => getImportClient().waterfall(traceId ?? ""),
    enabled: traceId !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
