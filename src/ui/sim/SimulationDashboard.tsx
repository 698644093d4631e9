import { useMemo, useState } from "react";
import { AlertCountBadge, AlertsPanel, useAlertLog } from "../alerts/index.ts";
import {
  DeadLetterChart,
  LatencyChart,
  LatencyHeatmap,
  ScopeSelect,
  ThroughputChart,
  useSnapshotHistory,
  WindowTable,
} from "../charts/index.ts";
import { config } from "../config.ts";
import { DeadLetterBrowser, type DeadLetterQuery } from "../deadletters/index.ts";
import {
  useGraph,
  useGraphRefreshOnHealthChange,
  useLoadedScenario,
  useSnapshot,
} from "../engine/queries.ts";
import { Panel, PanelMessage } from "../shell/Panel.tsx";
import { usePanels } from "../shell/usePanels.ts";
import { useUiStore } from "../store.ts";
import { RefreshControl, TopologyView } from "../topology/index.ts";
import {
  EventTraceSearch,
  eventTracesToSpans,
  type TraceQuery,
  Waterfall,
} from "../traces/index.ts";
import { toTraceMatch } from "./adapters.ts";
import { ServiceTable } from "./ServiceTable.tsx";
import { SimulationBar } from "./SimulationBar.tsx";
import {
  useDeadLetterPage,
  useFailedTraces,
  useRedrive,
  useTraceChain,
  useTraceSearch,
} from "./useSimulationData.ts";

/** Node of the topology an alert or chart scope points at: a route's or a service's subscriber. */
function nodeForScope(
  scopeId: string,
  kind: "all" | "route" | "service",
): string | undefined {
  if (kind === "service") return `service:${scopeId}`;
  if (kind === "route") {
    const arrow = scopeId.indexOf("->");
    return arrow >= 0 ? `service:${scopeId.slice(arrow + 2)}` : undefined;
  }
  return undefined;
}

/** Failed traced events listed when the traces panel opens without a search. */
const RECENT_FAILURES_LIMIT = 10;

/** Renders the dashboard on the embedded engine's simulation. */
export function SimulationDashboard() {
  const scenarioName = useUiStore((state) => state.scenario);
  const seed = useUiStore((state) => state.seed);
  const window = useUiStore((state) => state.window);
  const setWindow = useUiStore((state) => state.setWindow);
  const scope = useUiStore((state) => state.scope);
  const setScope = useUiStore((state) => state.setScope);
  const selectedNodeId = useUiStore((state) => state.selectedNodeId);
  const selectNode = useUiStore((state) => state.selectNode);
  const setPanel = useUiStore((state) => state.setPanel);
  const { frame, isVisible, dashboardClass } = usePanels();

  const scenario = useLoadedScenario(scenarioName, seed);
  const isLoaded = scenario.isSuccess;
  const snapshot = useSnapshot(isLoaded);
  const graph = useGraph(window, isLoaded);
  useGraphRefreshOnHealthChange(window, snapshot.data);
  const history = useSnapshotHistory(snapshot.data);
  const alertEpisodes = useAlertLog(snapshot.data);
  const [deadLetterQuery, setDeadLetterQuery] = useState<DeadLetterQuery>();
  const deadLetters = useDeadLetterPage(
    deadLetterQuery,
    isLoaded && isVisible("deadletters"),
  );
  const redrive = useRedrive();

  const [traceQuery, setTraceQuery] = useState<TraceQuery>();
  const [selectedEventId, setSelectedEventId] = useState<number>();
  const traceSearch = useTraceSearch(traceQuery);
  const chain = useTraceChain(selectedEventId);
  const failedTraces = useFailedTraces(
    RECENT_FAILURES_LIMIT,
    isLoaded && isVisible("traces") && traceQuery === undefined,
  );
  const recentFailures = useMemo(
    () => failedTraces.data?.map(toTraceMatch),
    [failedTraces.data],
  );
  const spans = useMemo(() => eventTracesToSpans(chain.data ?? []), [chain.data]);

  function focusScope(scopeId: string, kind: "all" | "route" | "service"): void {
    setScope({ id: scopeId, kind });
    const node = nodeForScope(scopeId, kind);
    if (node) selectNode(node);
    setPanel("topology");
  }

  function showTrace(eventId: string): void {
    setTraceQuery({ by: "eventId", value: eventId });
    setSelectedEventId(Number(eventId));
    setPanel("traces");
  }

  if (scenario.isError) {
    return (
      <main className="dashboard">
        <PanelMessage testId="scenario-error">
          <div role="alert">
            <strong>The scenario could not be loaded.</strong>
            <pre className="error-text">{scenario.error.message}</pre>
          </div>
        </PanelMessage>
      </main>
    );
  }

  const latest = snapshot.data ?? undefined;
  // A search for the selected event that found nothing shows its own message.
  const isSearchEmpty =
    traceQuery?.by === "eventId" &&
    Number(traceQuery.value) === selectedEventId &&
    traceSearch.data?.length === 0;
  const waiting = <PanelMessage>Loading the scenario…</PanelMessage>;

  return (
    <>
      {scenario.data && (
        <SimulationBar scenario={scenario.data} snapshot={snapshot.data} />
      )}
      <main className={dashboardClass}>
        <Panel
          title="Topology"
          {...frame("topology", "1")}
          actions={
            <RefreshControl
              dataUpdatedAt={graph.dataUpdatedAt}
              intervalMs={config.topologyRefreshMs}
              refetch={() => void graph.refetch()}
              isFetching={graph.isFetching}
            />
          }
        >
          {graph.data ? (
            <TopologyView
              graph={graph.data}
              selectedNodeId={selectedNodeId ?? null}
              onSelectNode={(id) => selectNode(id ?? undefined)}
              health={config.health}
            />
          ) : graph.isError ? (
            <PanelMessage>Reading the graph failed: {graph.error.message}</PanelMessage>
          ) : (
            waiting
          )}
        </Panel>

        <Panel
          title="Delivery latency"
          {...frame("latency", "2")}
          actions={
            <ScopeSelect
              snapshot={latest}
              scopeId={scope.id}
              onScopeChange={(id, kind) => setScope({ id, kind })}
            />
          }
        >
          {latest ? (
            <div className="chart-stack">
              <LatencyChart
                history={history}
                scopeId={scope.id}
                window={window}
                onWindowChange={setWindow}
              />
              <WindowTable snapshot={latest} scopeId={scope.id} selectedWindow={window} />
              <ServiceTable
                snapshot={latest}
                window={window}
                onSelectService={(name) => setScope({ id: name, kind: "service" })}
              />
              <ThroughputChart history={history} scopeId={scope.id} window={window} />
              <LatencyHeatmap history={history} scopeId={scope.id} />
            </div>
          ) : (
            waiting
          )}
        </Panel>

        <Panel title="Dead letters" {...frame("deadletters", "3")}>
          {latest ? (
            <div className="chart-stack">
              <DeadLetterChart history={history} scopeId={scope.id} window={window} />
              <DeadLetterBrowser
                rows={deadLetters.data?.rows}
                total={deadLetters.data?.total}
                onQueryChange={setDeadLetterQuery}
                services={scenario.data?.services}
                error={deadLetters.error?.message}
                redrive={(target) => redrive.mutateAsync(target)}
                redriveMatching={(filter) => redrive.mutateAsync({ matching: filter })}
                queues={latest.deadLetterQueues}
                onShowTrace={showTrace}
                traceSampleRate={scenario.data?.traceSampleRate}
              />
            </div>
          ) : (
            waiting
          )}
        </Panel>

        <Panel
          title="Alerts"
          {...frame("alerts", "4")}
          actions={<AlertCountBadge alerts={latest?.alerts ?? []} />}
        >
          <AlertsPanel
            alerts={alertEpisodes}
            nowMs={latest?.nowMs}
            onFocusScope={focusScope}
            focusedScopeId={scope.id}
          />
        </Panel>

        <Panel title="Event traces" {...frame("traces", "5")}>
          <EventTraceSearch
            onSearch={(query) => {
              setTraceQuery(query);
              setSelectedEventId(undefined);
            }}
            status={
              traceSearch.isError
                ? "error"
                : traceSearch.isFetching
                  ? "loading"
                  : traceSearch.data
                    ? "done"
                    : "idle"
            }
            error={traceSearch.error?.message}
            matches={traceSearch.data?.map(toTraceMatch)}
            selectedEventId={
              selectedEventId === undefined ? undefined : String(selectedEventId)
            }
            onSelectMatch={(id) => setSelectedEventId(Number(id))}
            query={traceQuery}
            samplingRate={scenario.data?.traceSampleRate}
            recentFailures={recentFailures}
          />
          {selectedEventId !== undefined &&
            (spans.length > 0 ? (
              <Waterfall
                spans={spans}
                title={`Chain of event ${selectedEventId}, from its first event`}
              />
            ) : chain.isFetching ? (
              <PanelMessage>Loading the trace…</PanelMessage>
            ) : !isSearchEmpty ? (
              // The event was listed, so its trace has since been dropped for newer ones.
              <PanelMessage>
                The trace of event {selectedEventId} is no longer stored.
              </PanelMessage>
            ) : null)}
        </Panel>
      </main>
    </>
  );
}
