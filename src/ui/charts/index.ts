export { DeadLetterChart, type DeadLetterChartProps } from "./DeadLetterChart.tsx";
export { DEFAULT_HISTORY_CAPACITY } from "./history.ts";
export { LatencyChart, type LatencyChartProps } from "./LatencyChart.tsx";
export { LatencyHeatmap, type LatencyHeatmapProps } from "./LatencyHeatmap.tsx";
export { ScopeSelect, type ScopeSelectProps } from "./ScopeSelect.tsx";
export { ThroughputChart, type ThroughputChartProps } from "./ThroughputChart.tsx";
export {
  createSnapshotHistoryStore,
  type SnapshotHistoryState,
  snapshotHistoryStore,
  useSnapshotHistory,
} from "./useSnapshotHistory.ts";
export { WindowSelector, type WindowSelectorProps } from "./WindowSelector.tsx";
export { WindowTable, type WindowTableProps } from "./WindowTable.tsx";
