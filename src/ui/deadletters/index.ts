export { DeadLetterBrowser, type DeadLetterBrowserProps } from "./DeadLetterBrowser.tsx";
export { EMPTY_FILTER, queryDeadLetters } from "./filter.ts";
export {
  toDeadLetterRow,
  toRedriveSelection,
  toStoreFilter,
  toStoreQuery,
} from "./fromStore.ts";
export type {
  DeadLetterFilter,
  DeadLetterQuery,
  DeadLetterRow,
  RedriveFunction,
  RedriveResult,
  RedriveTarget,
} from "./types.ts";
