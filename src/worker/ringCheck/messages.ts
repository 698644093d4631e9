import type { RingHandle, WaitStrategyName } from "../../engine/ring/index.ts";
import type {
  CheckFields,
  CheckHandlerConfig,
  CheckProcessorResult,
  CheckProducerConfig,
  CheckProducerResult,
} from "./check.ts";

/** Request from the page to a check worker: the one role it runs. */
export type RingCheckRequest =
  | { role: "producer"; handle: RingHandle<CheckFields>; producer: CheckProducerConfig }
  | {
      role: "processor";
      handle: RingHandle<CheckFields>;
      name: string;
      handler: CheckHandlerConfig;
      waitStrategy: WaitStrategyName;
    };

/** Reply from a check worker: its result, or the error that stopped it. */
export type RingCheckReply =
  | { role: "producer"; result: CheckProducerResult }
  | { role: "processor"; result: CheckProcessorResult }
  | { role: "error"; message: string };
