/** Side panel: dependency analysis of the whole graph and of the selected node. */
import { memo, type ReactNode, useMemo } from "react";
import {
  analyzeNode,
  type CriticalPath,
  type GraphAnalysis,
} from "../../engine/topology/analysis.ts";
import type { HealthConfig } from "../../engine/topology/health.ts";
import { assessHealth } from "../../engine/topology/health.ts";
import type { GraphMetrics, TopologyGraph } from "../../engine/topology/model.ts";
import { formatMs, formatPercent, formatRate } from "./format.ts";
import { healthLabel, kindLabel } from "./scene.ts";

interface Props {
  graph: TopologyGraph;
  /** Null until the first analysis finishes. */
  analysis: GraphAnalysis | null;
  analysisError: string | null;
  selectedNodeId: string | null;
  health: HealthConfig;
  /** Start id of the critical path highlighted on the graph, or null. */
  shownPathId: string | null;
  onShowPath: (path: CriticalPath | null) => void;
  onSelect: (nodeId: string) => void;
}

/** Maximum list length shown before "and N more". */
const listLimit = 12;

/** Memoized: it re-renders only when the graph, analysis or selection changes. */
export const AnalysisPanel = memo(AnalysisPanelContent);

function AnalysisPanelContent({
  graph,
  analysis,
  analysisError,
  selectedNodeId,
  health,
  onSelect,
  shownPathId,
  onShowPath,
}: Props) {
  const nameOf = useMemo(() => {
    const names = new Map(graph.nodes.map((node) => [node.id, node.name]));
    return (id: string) => names.get(id) ?? id;
  }, [graph]);

  let nodePart: ReactNode;
  if (selectedNodeId === null) {
    nodePart = (
      <p className="topology-muted" data-testid="topology-no-selection">
        Select a node to see its upstream, downstream and blast radius.
      </p>
    );
  } else if (analysis?.index.indexOf.has(selectedNodeId)) {
    nodePart = (
      <NodeSection
        nodeId={selectedNodeId}
        analysis={analysis}
        health={health}
        nameOf={nameOf}
        onSelect={onSelect}
      />
    );
  } else {
    nodePart = <p className="topology-muted">Analysing the graph…</p>;
  }

  return (
    <aside
      className="topology-panel"
      aria-label="Dependency analysis"
      data-testid="topology-analysis"
    >
      {analysisError && (
        <p role="alert" className="topology-error">
          Analysis failed: {analysisError}
        </p>
      )}
      {nodePart}
      {analysis ? (
        <MemoGraphSection
          analysis={analysis}
          nameOf={nameOf}
          onSelect={onSelect}
          shownPathId={shownPathId}
          onShowPath={onShowPath}
        />
      ) : (
        <p className="topology-muted" data-testid="topology-analysing">
          Analysing the graph…
        </p>
      )}
    </aside>
  );
}

const MemoGraphSection = memo(GraphSection);

function GraphSection({
  analysis,
  nameOf,
  onSelect,
  shownPathId,
  onShowPath,
}: {
  analysis: GraphAnalysis;
  nameOf: (id: string) => string;
  onSelect: (nodeId: string) => void;
  shownPathId: string | null;
  onShowPath: (path: CriticalPath | null) => void;
}) {
  const topFanIn = [...analysis.fans].sort((a, b) => b.fanIn - a.fanIn).slice(0, 5);
  const topFanOut = [...analysis.fans].sort((a, b) => b.fanOut - a.fanOut).slice(0, 5);
  return (
    <section data-testid="topology-graph-analysis">
      <h3>Whole graph</h3>
      <dl className="topology-facts">
        <dt>Nodes</dt>
        <dd data-testid="topology-node-count">{analysis.nodeCount}</dd>
        <dt>Edges</dt>
        <dd data-testid="topology-edge-count">{analysis.edgeCount}</dd>
        <dt>Cycles</dt>
        <dd data-testid="topology-cycle-count">{analysis.cycles.length}</dd>
        {analysis.danglingEdgeIds.length > 0 && (
          <>
            <dt>Edges to unknown nodes</dt>
            <dd>{analysis.danglingEdgeIds.length}</dd>
          </>
        )}
      </dl>

      <h4>Critical paths by p99</h4>
      {analysis.criticalPaths.length === 0 ? (
        <p className="topology-muted">No producers.</p>
      ) : (
        <ol className="topology-paths" data-testid="topology-critical-paths">
          {analysis.criticalPaths.slice(0, listLimit).map((path) => (
            <li key={path.startId}>
              <button
                type="button"
                className="topology-link"
                aria-pressed={shownPathId === path.startId}
                aria-label={`Show the critical path from ${nameOf(path.startId)} on the graph`}
                data-testid="topology-show-path"
                onClick={() => onShowPath(shownPathId === path.startId ? null : path)}
              >
                {shownPathId === path.startId ? "Hide" : "Show"}
              </button>{" "}
              <strong>{formatMs(path.totalP99Ms)}</strong>{" "}
              {summarizePath(path.nodeIds, nameOf)}
              {path.isThroughCycle ? " (through a cycle)" : ""}
              {path.unmeasuredCount > 0
                ? `, ${path.unmeasuredCount} nodes and edges without p99`
                : ""}
            </li>
          ))}
        </ol>
      )}

      <h4>Single points of failure</h4>
      <p className="topology-muted">
        Nodes every path from the producers to some other node passes through.
      </p>
      <NodeList
        ids={analysis.singlePointsOfFailure.map((item) => item.nodeId)}
        suffix={(id) => {
          const item = analysis.singlePointsOfFailure.find(
            (entry) => entry.nodeId === id,
          );
          return item ? ` cuts off ${item.dominatedCount}` : "";
        }}
        nameOf={nameOf}
        onSelect={onSelect}
        testId="topology-spof"
      />

      <h4>Cycles</h4>
      {analysis.cycles.length === 0 ? (
        <p className="topology-muted">None.</p>
      ) : (
        <ul className="topology-list" data-testid="topology-cycles">
          {analysis.cycles.slice(0, listLimit).map((cycle) => (
            <li key={cycle.nodeIds[0]}>
              {cycle.isSelfLoop ? "Self-loop: " : `${cycle.nodeIds.length} nodes: `}
              {cycle.nodeIds.slice(0, 6).map(nameOf).join(", ")}
              {cycle.nodeIds.length > 6 ? ", …" : ""}
            </li>
          ))}
        </ul>
      )}

      <h4>Largest fan-in and fan-out</h4>
      <NodeList
        ids={topFanIn.map((fan) => fan.nodeId)}
        suffix={(id) => ` in ${topFanIn.find((fan) => fan.nodeId === id)?.fanIn}`}
        nameOf={nameOf}
        onSelect={onSelect}
        testId="topology-fan-in"
      />
      <NodeList
        ids={topFanOut.map((fan) => fan.nodeId)}
        suffix={(id) => ` out ${topFanOut.find((fan) => fan.nodeId === id)?.fanOut}`}
        nameOf={nameOf}
        onSelect={onSelect}
        testId="topology-fan-out"
      />
    </section>
  );
}

function NodeSection({
  nodeId,
  analysis,
  health,
  nameOf,
  onSelect,
}: {
  nodeId: string;
  analysis: GraphAnalysis;
  health: HealthConfig;
  nameOf: (id: string) => string;
  onSelect: (nodeId: string) => void;
}) {
  const result = useMemo(() => analyzeNode(analysis, nodeId), [analysis, nodeId]);
  const { index } = analysis;
  const position = index.indexOf.get(nodeId)!;
  const node = index.nodes[position];
  const verdict = assessHealth(node, health);
  const edges = [...index.inEdges[position], ...index.outEdges[position]].map(
    (e) => index.edges[e],
  );

  return (
    <section data-testid="topology-node-analysis" data-node-id={nodeId}>
      <h3>
        {kindLabel[node.kind]} {node.name}
      </h3>
      <p data-testid="topology-node-health" data-health={verdict.health}>
        {healthLabel[verdict.health]}
        {verdict.reasons.length > 0 ? `: ${verdict.reasons.join("; ")}` : ""}
      </p>
      <Metrics metrics={node.metrics} />
      <dl className="topology-facts">
        <dt>Fan-in</dt>
        <dd data-testid="topology-fan-in-value">{result.fanIn}</dd>
        <dt>Fan-out</dt>
        <dd data-testid="topology-fan-out-value">{result.fanOut}</dd>
        <dt>Upstream</dt>
        <dd data-testid="topology-upstream-count">{result.upstreamIds.length}</dd>
        <dt>Downstream</dt>
        <dd data-testid="topology-downstream-count">{result.downstreamIds.length}</dd>
        <dt>Must stay up for it</dt>
        <dd>
          {result.immediateDominatorId ? nameOf(result.immediateDominatorId) : "none"}
        </dd>
      </dl>

      <h4>Blast radius</h4>
      <p className="topology-muted">
        If it fails, {result.blastRadius.affectedIds.length} nodes downstream are affected
        and {result.blastRadius.isolatedIds.length} receive nothing at all.
      </p>
      <NodeList
        ids={result.blastRadius.isolatedIds}
        nameOf={nameOf}
        onSelect={onSelect}
        testId="topology-isolated"
      />
      {result.cycleIds.length > 0 && (
        <p data-testid="topology-node-cycle">
          On a cycle of {result.cycleIds.length} nodes.
        </p>
      )}
      {result.onCriticalPathOf.length > 0 && (
        <p>On the critical path of {result.onCriticalPathOf.map(nameOf).join(", ")}.</p>
      )}

      <h4>Upstream</h4>
      <NodeList
        ids={result.upstreamIds}
        nameOf={nameOf}
        onSelect={onSelect}
        testId="topology-upstream"
      />
      <h4>Downstream</h4>
      <NodeList
        ids={result.downstreamIds}
        nameOf={nameOf}
        onSelect={onSelect}
        testId="topology-downstream"
      />

      <h4>Edges</h4>
      <ul className="topology-list" data-testid="topology-node-edges">
        {edges.slice(0, listLimit * 2).map((edge) => {
          const edgeVerdict = assessHealth(edge, health);
          return (
            <li key={edge.id} data-health={edgeVerdict.health}>
              <span
                className={`topology-dot health-${edgeVerdict.health}`}
                aria-hidden="true"
              />
              {edge.kind} {nameOf(edge.source)} → {nameOf(edge.target)}
              {edge.metrics.ratePerSecond !== undefined
                ? `, ${formatRate(edge.metrics.ratePerSecond)}/s`
                : ""}
              {edge.metrics.p99Ms !== undefined
                ? `, p99 ${formatMs(edge.metrics.p99Ms)}`
                : ""}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Metrics({ metrics }: { metrics: GraphMetrics }) {
  const rows: [string, string][] = [];
  if (metrics.ratePerSecond !== undefined)
    rows.push(["Rate", `${formatRate(metrics.ratePerSecond)}/s`]);
  if (metrics.p50Ms !== undefined) rows.push(["p50", formatMs(metrics.p50Ms)]);
  if (metrics.p99Ms !== undefined) rows.push(["p99", formatMs(metrics.p99Ms)]);
  if (metrics.errorRatio !== undefined)
    rows.push(["Errors", formatPercent(metrics.errorRatio)]);
  if (metrics.deadLetterRatio !== undefined) {
    rows.push(["Dead letters", formatPercent(metrics.deadLetterRatio)]);
  }
  if (metrics.queueLength !== undefined)
    rows.push(["Queue", String(metrics.queueLength)]);
  if (metrics.lag !== undefined) rows.push(["Lag", String(metrics.lag)]);
  if (rows.length === 0) return <p className="topology-muted">No metrics reported.</p>;
  return (
    <dl className="topology-facts" data-testid="topology-node-metrics">
      {rows.map(([label, value]) => (
        <div key={label} className="topology-fact">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function NodeList({
  ids,
  nameOf,
  onSelect,
  testId,
  suffix,
}: {
  ids: readonly string[];
  nameOf: (id: string) => string;
  onSelect: (nodeId: string) => void;
  testId: string;
  suffix?: (id: string) => string;
}) {
  if (ids.length === 0) return <p className="topology-muted">None.</p>;
  return (
    <ul className="topology-list" data-testid={testId}>
      {ids.slice(0, listLimit).map((id) => (
        <li key={id}>
          <button
            type="button"
            className="topology-link"
            data-testid={`${testId}-item`}
            aria-label={`Select ${nameOf(id)}`}
            onClick={() => onSelect(id)}
          >
            {nameOf(id)}
          </button>
          {suffix?.(id)}
        </li>
      ))}
      {ids.length > listLimit && (
        <li className="topology-muted">and {ids.length - listLimit} more</li>
      )}
    </ul>
  );
}

/** Longest path shown in full; longer ones show both ends and a count. */
const maxPathNodes = 7;

function summarizePath(
  nodeIds: readonly string[],
  nameOf: (id: string) => string,
): string {
  if (nodeIds.length <= maxPathNodes) return nodeIds.map(nameOf).join(" → ");
  const head = nodeIds.slice(0, 3).map(nameOf);
  const tail = nodeIds.slice(-3).map(nameOf);
  const skipped = nodeIds.length - 6;
  return `${head.join(" → ")} → (${skipped} more) → ${tail.join(" → ")}`;
}
