export { DeadLetterBrowser, type DeadLetterBrowserProps } from "./DeadLetterBrowser.tsx";
export { EMPTY_FILTER, queryDeadLetters } from "./filter.ts";
export {
  toDeadLetterRow,
  toRedriveMatchingSelection,
  toRedriveSelection,
  toStoreFilter,
  toStoreQuery,
} from "./fromStore.ts";
export type {
  DeadLetterFilter,
  DeadLetterQuery,
  DeadLetterRow,
  RedriveFunction,
  RedriveMatchingFunction,
  RedriveOutcome,
  RedriveResult,
  RedriveTarget,
} from "./types.ts";
