export { RefreshControl, type RefreshControlProps } from "./RefreshControl.tsx";
export {
  defaultCanvasThreshold,
  type ExportedFile,
  TopologyView,
  type TopologyViewHandle,
  type TopologyViewProps,
} from "./TopologyView.tsx";
