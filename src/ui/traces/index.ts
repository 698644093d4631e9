export {
  EventTraceSearch,
  type EventTraceSearchProps,
  type TraceSearchStatus,
} from "./EventTraceSearch.tsx";
export { eventTracesToSpans, routeService } from "./fromEventTrace.ts";
export { traceSpansToWaterfall } from "./fromTraceSpans.ts";
export { layoutWaterfall, type WaterfallLayout, type WaterfallRow } from "./layout.ts";
export type { TraceMatch, TraceQuery, WaterfallSpan } from "./types.ts";
export { Waterfall, type WaterfallProps } from "./Waterfall.tsx";
