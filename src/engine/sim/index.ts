/** Entry point of the simulation engine. */
export {
  createSimulation,
  DEFAULT_TICK_EVENTS,
  Simulation,
  type SimulationOptions,
} from "./controller.ts";
export type {
  DeadLetterEntry,
  DeadLetterFilter,
  DeadLetterPage,
} from "./dead-letters.ts";
export {
  createDirectPipeline,
  type MetricsPipeline,
  type PipelineFactory,
} from "./pipeline.ts";
export type { ExportWindow, MetricsExport } from "./report.ts";
export { buildTopologyGraph } from "./report.ts";
export {
  CLAIM_BATCH,
  createMetricsHandler,
  createOutcomeRing,
  createRingPipeline,
  OUTCOME_FIELDS,
  OUTCOME_SCHEMA,
  RingOutcomeSink,
} from "./ring-pipeline.ts";
export type * from "./scenario.ts";
export { routeId } from "./scenario.ts";
export type { FaultRequest, RedriveSelection } from "./simulation.ts";
export type { EventTrace, TraceFilter, TraceHop, TraceHopKind } from "./traces.ts";
