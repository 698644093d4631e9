/**
 * The ring-buffer event engine: a Disruptor-style ring of fixed-size records
 * in a SharedArrayBuffer, for producers and processors in Web Workers or
 * Node worker_threads. Plain TypeScript: no DOM, no Worker globals.
 *
 * Typical use:
 *
 *   // coordinator
 *   const ring = Ring.create({ schema: EVENT_SCHEMA, bufferSize: 1024, producers: "multi",
 *     processors: [{ name: "journal" }, { name: "metrics" }, { name: "router" },
 *                  { name: "audit", after: ["journal", "metrics", "router"] }] });
 *   worker.postMessage(ring.handle);
 *
 *   // producer worker
 *   const producer = Ring.attach(handle).createProducer();
 *   producer.publish((records, sequence) => records.setF64(sequence, F.amount, 12.5));
 *   producer.close();
 *
 *   // processor worker
 *   Ring.attach(handle).createProcessor("metrics", { onEvent(records, sequence) { ... } }).run();
 */
export { SequenceBarrier } from "./barrier.ts";
export { epochNowMs, RingClock } from "./clock.ts";
export { StringInterner } from "./interner.ts";
export {
  createLatencyHistogram,
  decodeLatency,
  encodeLatency,
  type LatencySummary,
  MAX_LATENCY_NANOS,
  recordLatencyNanos,
  summarizeLatency,
} from "./latency.ts";
export { LINE_BYTES, MAX_PROCESSORS } from "./layout.ts";
export {
  type AsyncRunOptions,
  BatchEventProcessor,
  consoleExceptionHandler,
  type EventHandler,
  type ExceptionHandler,
  type ProcessorOptions,
  type ProcessorSummary,
} from "./processor.ts";
export {
  type ProducerBackoff,
  type ProducerOptions,
  RingProducer,
  type Translator,
} from "./producer.ts";
export { RecordAccess } from "./records.ts";
export {
  type ProcessorSpec,
  type ProcessorStats,
  type ProducerStats,
  Ring,
  type RingHandle,
  type RingOptions,
  type RingStats,
} from "./ring.ts";
export {
  defineRecordSchema,
  EVENT_FIELDS,
  EVENT_SCHEMA,
  type FieldHandle,
  type FieldKind,
  type FieldSpec,
  PUBLISH_TIME_FIELD,
  type RecordSchema,
} from "./schema.ts";
export { MAX_BUFFER_SIZE, minSequence, nextSequence, sequenceDiff } from "./sequence.ts";
export {
  BlockingWaitStrategy,
  BusySpinWaitStrategy,
  canBlockThisThread,
  createWaitStrategy,
  parkBriefly,
  signalAll,
  signalWaiters,
  spinPause,
  type WaitStrategy,
  type WaitStrategyName,
  YieldingWaitStrategy,
} from "./waitStrategy.ts";
