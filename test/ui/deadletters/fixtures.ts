import type { DeadLetterRow } from "../../../src/ui/deadletters/types.ts";

export function deadLetterRow(
  id: string,
  overrides: Partial<DeadLetterRow> = {},
): DeadLetterRow {
  return {
    id,
    eventId: `event-${id}`,
    routeId: "orders->billing",
    topic: "orders",
    service: "billing",
    key: `customer-${id}`,
    attempts: 3,
    lastError: "timeout",
    deadLetteredAtMs: 1000,
    publishedAtMs: 100,
    ...overrides,
  };
}
