/**
 * The span model every trace format is converted to. Plain data with no DOM
 * or Worker globals, so it crosses worker boundaries by structured clone.
 */

export type SpanKind =
  | "client"
  | "server"
  | "producer"
  | "consumer"
  | "internal"
  | "unspecified";

/** Input format a span was read from. */
export type TraceFormat = "otlp" | "jaeger" | "zipkin";

export interface TraceSpan {
  /** Lower-case hex, 16 or 32 digits. */
  traceId: string;
  /**
   * Lower-case hex, 16 digits. Unique in its trace except for Zipkin, where a
   * client span and the server span it called may share one id.
   */
  spanId: string;
  /** Span id of the parent, or undefined for a root. */
  parentSpanId: string | undefined;
  /** Operation name. */
  name: string;
  service: string;
  kind: SpanKind;
  /** Start time in nanoseconds since the Unix epoch, exact. */
  startNs: bigint;
  /** Duration in nanoseconds, from 0 to 7 days. */
  durationNs: number;
  isError: boolean;
  statusMessage: string | undefined;
  /**
   * Service the span calls or talks to, as the span names it: Zipkin
   * `remoteEndpoint.serviceName`, or the OTLP and Jaeger attributes
   * `messaging.system` (messaging spans only), `peer.service`, `db.system`,
   * `server.address`, `net.peer.name`. For producer and consumer spans it is
   * the broker.
   */
  remoteService: string | undefined;
  /** Flat list of attribute pairs as text: key0, value0, key1, value1, ... */
  attributes: string[];
  /** Offset in the input where the span's JSON starts, for messages. */
  byteOffset: number;
}

/** Maximum span duration accepted on import. Longer spans come from clock or unit errors. */
export const MAX_SPAN_DURATION_NS = 7 * 24 * 3600 * 1e9;

/** Service name used when a span names none. */
export const UNKNOWN_SERVICE = "unknown";
