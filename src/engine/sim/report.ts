/**
 * Read-side views of a running simulation: the UI snapshot, the topology
 * graph with current figures, and the deterministic export the command line
 * prints. All three are plain data.
 */
import type { RecorderTotals } from "../metrics/recorder.ts";
import type {
  ScopeStats,
  Snapshot,
  WindowName,
  WindowStats,
} from "../metrics/snapshot.ts";
import {
  edgeId,
  type GraphEdge,
  type GraphMetrics,
  type GraphNode,
  nodeId,
  type TopologyGraph,
} from "../topology/model.ts";
import type { Simulation } from "./controller.ts";

const WINDOWS: WindowName[] = ["1m", "5m", "15m"];

export function buildSnapshot(sim: Simulation, seq: number): Snapshot {
  const { core, pipeline } = sim;
  const recorder = pipeline.recorder;
  const nowMs = core.nowMs;
  return {
    seq,
    nowMs,
    state: sim.state,
    speed: sim.speed,
    scenarioName: sim.scenario.name,
    seed: sim.scenario.seed,
    heatmapBoundsMs: [...sim.scenario.metrics.heatmapBoundsMs],
    scopes: recorder.scopeStats(nowMs, { takeHeatmap: true }),
    services: core.services.map((service) => ({
      name: service.spec.name,
      queueLength: core.queueLengthOf(service),
      inFlight: service.inFlightCount,
      lag: service.lag,
      concurrency: service.spec.concurrency,
      faults: service.faults.map(({ id: _, ...fault }) => fault),
    })),
    alerts: recorder.alertStates(),
    alertLog: recorder.alertHistory().transitions,
    deadLetterQueues: core.deadLetters.queueStates(),
    totals: { ...recorder.totals },
    engineLatency: pipeline.engineLatency?.(),
    durationMs: sim.durationMs,
  };
}

/**
 * Builds the topology graph: producers, topics, services and dead-letter
 * queues as nodes; publish, subscribe, emit and deadLetter edges, each with
 * its figures over `window`.
 */
export function buildTopologyGraph(sim: Simulation, window: WindowName): TopologyGraph {
  const { core, pipeline } = sim;
  const recorder = pipeline.recorder;
  const nowMs = core.nowMs;
  recorder.advanceTo(nowMs);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const edgeIds = new Set<string>();
  const addEdge = (
    source: string,
    target: string,
    kind: GraphEdge["kind"],
    metrics: GraphMetrics,
  ) => {
    let id = edgeId(source, target);
    if (edgeIds.has(id)) id = `${id}#${kind}`;
    edgeIds.add(id);
    edges.push({ id, source, target, kind, metrics });
  };

  // Flows feed producer and topic rates and the publish and emit edges.
  const topicRates = new Map<string, { count: number; ratePerSecond: number }>();
  const producerRates = new Map<string, { count: number; ratePerSecond: number }>();
  core.layout.flows.forEach((flow, f) => {
    const rate = recorder.flowRate(f, window, nowMs);
    const topic = topicRates.get(flow.topic) ?? { count: 0, ratePerSecond: 0 };
    topic.count += rate.count;
    topic.ratePerSecond += rate.ratePerSecond;
    topicRates.set(flow.topic, topic);
    if (flow.from === "producer") {
      const producer = producerRates.get(flow.source) ?? { count: 0, ratePerSecond: 0 };
      producer.count += rate.count;
      producer.ratePerSecond += rate.ratePerSecond;
      producerRates.set(flow.source, producer);
    }
    const kind = flow.from === "producer" ? "publish" : "emit";
    addEdge(nodeId(flow.from, flow.source), nodeId("topic", flow.topic), kind, {
      ...rate,
    });
  });

  for (const producer of core.producers) {
    const name = producer.spec.name;
    nodes.push({
      id: nodeId("producer", name),
      kind: "producer",
      name,
      metrics: { ...(producerRates.get(name) ?? {}) },
    });
  }
  for (const topic of core.topics) {
    nodes.push({
      id: nodeId("topic", topic.name),
      kind: "topic",
      name: topic.name,
      metrics: { ...(topicRates.get(topic.name) ?? {}) },
    });
  }

  // Dead letters in the window, summed by the queue the services send them to.
  const queueFeeds = new Map<
    string,
    { deadLettered: number; completed: number; ratePerSecond: number }
  >();
  core.services.forEach((service, s) => {
    const name = service.spec.name;
    const stats = recorder.serviceStats(s, window, nowMs);
    const attempts = recorder.attemptCounts(s, window);
    nodes.push({
      id: nodeId("service", name),
      kind: "service",
      name,
      metrics: {
        ...latencyMetrics(stats),
        errorRatio:
          attempts.ok + attempts.failed > 0
            ? attempts.failed / (attempts.ok + attempts.failed)
            : 0,
        errorCount: attempts.failed,
        queueLength: core.queueLengthOf(service),
        lag: service.lag,
      },
    });
    const deadLetterRate = stats.deadLetterRatio * stats.ratePerSecond;
    const feed = queueFeeds.get(service.spec.deadLetter) ?? {
      deadLettered: 0,
      completed: 0,
      ratePerSecond: 0,
    };
    feed.deadLettered += stats.deadLettered;
    feed.completed += stats.count;
    feed.ratePerSecond += deadLetterRate;
    queueFeeds.set(service.spec.deadLetter, feed);
    if (stats.deadLettered > 0 || service.spec.failure > 0 || service.faults.length > 0) {
      addEdge(
        nodeId("service", name),
        nodeId("deadLetterQueue", service.spec.deadLetter),
        "deadLetter",
        {
          count: stats.deadLettered,
          ratePerSecond: deadLetterRate,
          deadLetterRatio: stats.deadLetterRatio,
        },
      );
    }
  });

  core.layout.routes.forEach((route, r) => {
    const stats = recorder.routeStats(r, window, nowMs);
    addEdge(
      nodeId("topic", route.topic),
      nodeId("service", route.service),
      "subscribe",
      latencyMetrics(stats),
    );
  });

  for (const queue of core.deadLetters.queueStates()) {
    nodes.push({
      id: nodeId("deadLetterQueue", queue.name),
      kind: "deadLetterQueue",
      name: queue.name,
      metrics: deadLetterQueueMetrics(queue.size, queueFeeds.get(queue.name)),
    });
  }
  return { nodes, edges, asOfMs: nowMs };
}

/**
 * Figures of one dead-letter queue over the window: the dead letters that
 * reached it, their rate, and the dead-letter ratio of the services feeding
 * it (their dead letters over their delivered-or-dead-lettered events). The
 * ratio lets health grading judge the queue by the same thresholds as the
 * routes that fill it. `queueLength` is the number of dead letters stored.
 */
function deadLetterQueueMetrics(
  size: number,
  feed: { deadLettered: number; completed: number; ratePerSecond: number } | undefined,
): GraphMetrics {
  const deadLettered = feed?.deadLettered ?? 0;
  const completed = feed?.completed ?? 0;
  return {
    count: deadLettered,
    ratePerSecond: feed?.ratePerSecond ?? 0,
    deadLetterRatio: completed > 0 ? deadLettered / completed : 0,
    queueLength: size,
  };
}

function latencyMetrics(stats: WindowStats): GraphMetrics {
  return {
    ratePerSecond: stats.ratePerSecond,
    p50Ms: stats.p50,
    p90Ms: stats.p90,
    p99Ms: stats.p99,
    deadLetterRatio: stats.deadLetterRatio,
    count: stats.count,
  };
}

/** Figures of one scope and window in the export. */
export interface ExportWindow {
  count: number;
  ratePerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  failedAttempts: number;
  deadLettered: number;
  deadLetterRatio: number;
}

export interface MetricsExport {
  scenario: string;
  seed: number;
  /** Virtual time the figures describe, ms. */
  virtualMs: number;
  totals: RecorderTotals;
  /** Dead-lettered over delivered-or-dead-lettered since the run began. */
  deadLetterRatio: number;
  all: Record<WindowName, ExportWindow>;
  services: Record<string, Record<WindowName, ExportWindow>>;
  routes: Record<
    string,
    Record<WindowName, ExportWindow> & { endToEnd?: ScopeStats["endToEnd"] }
  >;
  deadLetterQueues: Snapshot["deadLetterQueues"];
  alerts: Snapshot["alerts"];
  alertLog: NonNullable<Snapshot["alertLog"]>;
}

/**
 * Builds the command line's JSON document. It holds only virtual-time
 * figures, so the same scenario and seed give byte-identical output.
 */
export function buildExport(sim: Simulation): MetricsExport {
  const { core, pipeline } = sim;
  const recorder = pipeline.recorder;
  const nowMs = core.nowMs;
  recorder.advanceTo(nowMs);
  const windowsOf = (read: (window: WindowName) => WindowStats) =>
    Object.fromEntries(WINDOWS.map((window) => [window, { ...read(window) }])) as Record<
      WindowName,
      ExportWindow
    >;

  const services: MetricsExport["services"] = {};
  core.services.forEach((service, s) => {
    services[service.spec.name] = windowsOf((window) =>
      recorder.serviceStats(s, window, nowMs),
    );
  });
  const routeScopes = new Map(
    recorder.scopeStats(nowMs, { takeHeatmap: false }).map((scope) => [scope.id, scope]),
  );
  const routes: MetricsExport["routes"] = {};
  core.layout.routes.forEach((route, r) => {
    routes[route.id] = {
      ...windowsOf((window) => recorder.routeStats(r, window, nowMs)),
      endToEnd: routeScopes.get(route.id)?.endToEnd,
    };
  });
  const totals = { ...recorder.totals };
  const completed = totals.delivered + totals.deadLettered;
  return {
    scenario: sim.scenario.name,
    seed: sim.scenario.seed,
    virtualMs: nowMs,
    totals,
    deadLetterRatio: completed > 0 ? totals.deadLettered / completed : 0,
    all: windowsOf((window) => recorder.allStats(window, nowMs)),
    services,
    routes,
    deadLetterQueues: core.deadLetters.queueStates(),
    alerts: recorder.alertStates(),
    alertLog: recorder.alertHistory().transitions,
  };
}
