export { DeadLetterBrowser, type DeadLetterBrowserProps } from "./DeadLetterBrowser.tsx";
export type {
  DeadLetterRow,
  RedriveFunction,
  RedriveResult,
  RedriveTarget,
} from "./types.ts";
