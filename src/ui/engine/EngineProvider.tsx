import { useQuery } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import type { EngineStatus } from "../../worker/protocol.ts";
import { EngineClient } from "./client.ts";

const EngineContext = createContext<EngineClient | null>(null);

/** Starts one engine worker for the page and stops it on unmount. */
export function EngineProvider({ children }: { children: ReactNode }) {
  const [client] = useState(() => new EngineClient());
  useEffect(() => () => client.terminate(), [client]);
  return <EngineContext.Provider value={client}>{children}</EngineContext.Provider>;
}

export function useEngine(): EngineClient {
  const client = useContext(EngineContext);
  if (!client) throw new Error("useEngine must be called inside <EngineProvider>.");
  return client;
}

/** The engine worker's status; the first read hands it the shared region. */
export function useEngineStatus() {
  const client = useEngine();
  const query = useQuery<EngineStatus>({
    queryKey: ["engine", "status"],
    queryFn: () => client.init(),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  const { refetch } = query;
  useEffect(() => client.onStatus(() => void refetch()), [client, refetch]);
  return query;
}
