export type { DrawInfo, StageHandle } from "./GraphStage.tsx";
export { RefreshControl, type RefreshControlProps } from "./RefreshControl.tsx";
export type { ExportFormat, RendererChoice } from "./Toolbar.tsx";
export {
  defaultCanvasThreshold,
  type ExportedFile,
  TopologyView,
  type TopologyViewHandle,
  type TopologyViewProps,
} from "./TopologyView.tsx";
