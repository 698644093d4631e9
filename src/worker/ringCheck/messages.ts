import type { RingHandle, WaitStrategyName } from "../../engine/ring/index.ts";
import type {
  CheckFields,
  CheckHandlerConfig,
  CheckProcessorResult,
  CheckProducerConfig,
  CheckProducerResult,
} from "./check.ts";

/** What the page posts to a check worker: its one role. */
export type RingCheckRequest =
  | { role: "producer"; handle: RingHandle<CheckFields>; producer: CheckProducerConfig }
  | {
      role: "processor";
      handle: RingHandle<CheckFields>;
      name: string;
      handler: CheckHandlerConfig;
      waitStrategy: WaitStrategyName;
    };

/** What a check worker posts back: its result, or the error that stopped it. */
export type RingCheckReply =
  | { role: "producer"; result: CheckProducerResult }
  | { role: "processor"; result: CheckProcessorResult }
  | { role: "error"; message: string };
