/**
 * `npm run bench -- ring [--runs N] [--events N] [--only NAME,...]`: the ring against the
 * usual ways of moving events between threads, side by side in one run, on
 * the same 48-byte event records (EVENT_SCHEMA).
 *
 * Results, each the median of `--runs` runs (default 5), every run in fresh
 * worker_threads workers. `claimSize` in each result is the number of
 * events per claim, push or message:
 *   ring-single-producer   Ring, single producer, one consumer; the producer
 *                          claims 64 slots with `next(64)`, writes them and
 *                          publishes them with one `publishClaimed()`, as a
 *                          producer worker does in production.
 *   ring-single-producer-per-event
 *                          the same with one `next(1)` and one publish per
 *                          event.
 *   ring-multi-producer    Ring, 2 producers (batches of 64 claimed with one
 *                          CAS), one consumer.
 *   postmessage-per-event  one MessagePort message per record.
 *   postmessage-batched    1,024 records per message, buffer transferred.
 *   ringbuf.js             the npm package, one record (6 float64s) per push.
 *   ringbuf.js-batched     the same package, 64 records per push.
 *   bare-spsc              the same SharedArrayBuffer layout driven by a bare
 *                          loop: no barrier, handler or stats, one cursor
 *                          store per event. The ceiling for per-event
 *                          publishing.
 *   bare-spsc-batched      the bare loop with one cursor store per 64
 *                          events: the ceiling for batched publishing.
 *
 * Every consumer takes at most 256 events before it advances its sequence
 * or read pointer (the ring's `maxBatchSize`, the bare loop, the size of
 * ringbuf.js's `pop` buffer), so a producer on a full ring finds free
 * slots as early in one variant as in another.
 *
 * `targets` in the output compares the medians with the ring's targets;
 * `machine` carries the load average before and after the run.
 *
 * Every waiting thread spins briefly, then parks (the yielding strategy and
 * `backOff` below), because the machine may have fewer free cores than the
 * benchmark has threads.
 *
 * Throughput is events over the time from the start signal to the last
 * event handled. Latency is publish-to-handle of every 64th event, measured
 * under that full load (so it includes queueing), in microseconds.
 *
 * This file is also the worker entry: a worker runs the role in workerData.
 */

import { loadavg } from "node:os";
import {
  isMainThread,
  MessageChannel,
  type MessagePort,
  parentPort,
  workerData,
} from "node:worker_threads";
import { RingBuffer } from "ringbuf.js";
import {
  createLatencyHistogram,
  decodeLatency,
  EVENT_SCHEMA,
  encodeLatency,
  epochNowMs,
  parkBriefly,
  Ring,
  type RingHandle,
  recordLatencyNanos,
  spinPause,
  YieldingWaitStrategy,
} from "../src/engine/ring/index.ts";
import { CURSOR, sequenceCell } from "../src/engine/ring/layout.ts";
import { startTypeScriptWorker, workerExit } from "../src/engine/ring/nodeWorker.ts";
import { describeMachine, median } from "./_machine.ts";

type EventFields = typeof EVENT_SCHEMA.spec;

const F = EVENT_SCHEMA.fields;
const WORDS = EVENT_SCHEMA.wordsPerRecord;
const SAMPLE_EVERY = 64;
const RING_SIZE = 4096;
const PM_BATCH = 1024;
/** Most events a consumer takes before it advances its sequence (read pointer). */
const CONSUMER_BATCH = 256;
/** Events per claim (ring), push (ringbuf.js) or cursor store (bare loop) in the batched variants. */
const BATCH = 64;

interface Timing {
  /** Shared start signal: cell 0 counts ready workers, cell 1 becomes 1 at the start. */
  start: SharedArrayBuffer;
}

type RingRole = { handle: RingHandle<EventFields>; events: number } & Timing;
type PortRole = { port: MessagePort; events: number; batch: number } & Timing;
type BufferRole = { buffer: SharedArrayBuffer; events: number; batch: number } & Timing;

type Role =
  | ({ role: "ring-producer"; claim: number } & RingRole)
  | ({ role: "ring-consumer" } & RingRole)
  | ({ role: "pm-producer" } & PortRole)
  | ({ role: "pm-consumer" } & PortRole)
  | ({ role: "ringbuf-producer" } & BufferRole)
  | ({ role: "ringbuf-consumer" } & BufferRole)
  | ({ role: "bare-producer"; batch: number } & RingRole)
  | ({ role: "bare-consumer" } & RingRole);

/** Report that a consumer posts once it has seen every event. */
interface ConsumerReport {
  endMs: number;
  latency: string;
  checksum: number;
}

interface BenchResult {
  name: string;
  /** Events per claim (ring), push (ringbuf.js), message or cursor store (bare loop). */
  claimSize: number;
  eventsPerSecond: number;
  p50Micros: number;
  p99Micros: number;
}

// ---------------------------------------------------------------- records

/** Writes event `count` into a record at `word` of the given views (the same fields in every variant). */
function writeEvent(
  f64: Float64Array,
  i32: Int32Array,
  word: number,
  count: number,
  producer: number,
) {
  f64[(word + F.eventTimeMs.word) >> 1] = count;
  f64[(word + F.amount.word) >> 1] = count & 1023;
  i32[word + F.eventType.word] = count & 7;
  i32[word + F.keyId.word] = count & 255;
  i32[word + F.producerId.word] = producer;
  i32[word + F.producerSeq.word] = count;
}

/** Reads what every consumer reads: the amount and the producer's count. */
function readEvent(f64: Float64Array, i32: Int32Array, word: number): number {
  return f64[(word + F.amount.word) >> 1] + i32[word + F.producerSeq.word];
}

function stampIfSampled(
  f64: Float64Array,
  word: number,
  count: number,
  nowMs: () => number,
) {
  if ((count & (SAMPLE_EVERY - 1)) === 0)
    f64[(word + F.publishTimeMicros.word) >> 1] = nowMs() * 1000;
}

// ---------------------------------------------------------------- worker side

/**
 * The wait every variant uses while its peer is behind: spin 100 times, then
 * park ~50 us at a time (`parkBriefly`), like the ring's yielding strategy.
 * Pure spinning collapses when the machine has fewer free cores than
 * threads, and it would favour no variant in particular.
 */
function backOff(tries: number): number {
  if (tries < 100) {
    spinPause();
    return tries + 1;
  }
  parkBriefly();
  return tries;
}

function awaitStart(start: SharedArrayBuffer): void {
  const cells = new Int32Array(start);
  Atomics.add(cells, 0, 1);
  Atomics.notify(cells, 0);
  while (Atomics.load(cells, 1) === 0) Atomics.wait(cells, 1, 0, 100);
}

function report(latency: ReturnType<typeof createLatencyHistogram>, checksum: number) {
  const message: ConsumerReport = {
    endMs: epochNowMs(),
    latency: encodeLatency(latency),
    checksum,
  };
  parentPort!.postMessage(message);
}

function recordSample(
  latency: ReturnType<typeof createLatencyHistogram>,
  publishedMicros: number,
) {
  recordLatencyNanos(latency, (epochNowMs() * 1000 - publishedMicros) * 1000);
}

function runRingProducer(data: Extract<Role, { role: "ring-producer" }>) {
  const ring = Ring.attach(data.handle);
  const producer = ring.createProducer({ backoff: "yield", spinTries: 100 });
  const id = producer.id;
  const { f64, i32 } = ring.records;
  const mask = ring.mask;
  awaitStart(data.start);
  let count = id * data.events;
  const end = count + data.events;
  while (count < end) {
    const n = Math.min(data.claim, end - count);
    producer.next(n);
    for (
      let sequence = producer.claimedFirst, i = 0;
      i < n;
      i++, sequence = (sequence + 1) | 0
    ) {
      writeEvent(f64, i32, (sequence & mask) * WORDS, count + i, id);
    }
    // The ring stamps publishTimeMicros itself on every 64th sequence.
    producer.publishClaimed();
    count += n;
  }
  producer.close();
  parentPort!.postMessage("done");
}

function runRingConsumer(data: Extract<Role, { role: "ring-consumer" }>) {
  const ring = Ring.attach(data.handle);
  let checksum = 0;
  let seen = 0;
  let endMs = 0;
  const processor = ring.createProcessor(
    "consumer",
    {
      onEvent(records, sequence) {
        checksum += readEvent(records.f64, records.i32, records.wordOf(sequence));
        if (++seen === data.events) endMs = epochNowMs();
      },
    },
    { waitStrategy: new YieldingWaitStrategy(100), maxBatchSize: CONSUMER_BATCH },
  );
  awaitStart(data.start);
  processor.run();
  const message: ConsumerReport = {
    endMs,
    latency: encodeLatency(processor.latency),
    checksum,
  };
  parentPort!.postMessage(message);
}

function runPostMessageProducer(data: Extract<Role, { role: "pm-producer" }>) {
  awaitStart(data.start);
  if (data.batch === 1) {
    const record = new Float64Array(WORDS / 2);
    const ints = new Int32Array(record.buffer);
    for (let count = 0; count < data.events; count++) {
      writeEvent(record, ints, 0, count, 0);
      stampIfSampled(record, 0, count, epochNowMs);
      data.port.postMessage(record);
    }
  } else {
    for (let count = 0; count < data.events; count += data.batch) {
      const n = Math.min(data.batch, data.events - count);
      const records = new Float64Array((n * WORDS) / 2);
      const ints = new Int32Array(records.buffer);
      for (let i = 0; i < n; i++) writeEvent(records, ints, i * WORDS, count + i, 0);
      for (let i = 0; i < n; i++)
        stampIfSampled(records, i * WORDS, count + i, epochNowMs);
      data.port.postMessage(records, [records.buffer]);
    }
  }
  parentPort!.postMessage("done");
}

function runPostMessageConsumer(data: Extract<Role, { role: "pm-consumer" }>) {
  const latency = createLatencyHistogram();
  let seen = 0;
  let checksum = 0;
  data.port.on("message", (records: Float64Array) => {
    const ints = new Int32Array(records.buffer, records.byteOffset, records.length * 2);
    const n = (records.length * 2) / WORDS;
    for (let i = 0; i < n; i++) {
      const word = i * WORDS;
      checksum += readEvent(records, ints, word);
      if ((seen & (SAMPLE_EVERY - 1)) === 0) {
        recordSample(latency, records[(word + F.publishTimeMicros.word) >> 1]);
      }
      seen++;
    }
    if (seen === data.events) {
      report(latency, checksum);
      data.port.close();
    }
  });
  awaitStart(data.start);
}

function runRingbufProducer(data: Extract<Role, { role: "ringbuf-producer" }>) {
  const ring = new RingBuffer(data.buffer, Float64Array);
  const records = new Float64Array((data.batch * WORDS) / 2);
  const ints = new Int32Array(records.buffer);
  awaitStart(data.start);
  for (let count = 0; count < data.events; count += data.batch) {
    const n = Math.min(data.batch, data.events - count);
    for (let i = 0; i < n; i++) {
      writeEvent(records, ints, i * WORDS, count + i, 0);
      stampIfSampled(records, i * WORDS, count + i, epochNowMs);
    }
    // Free space is always a whole number of records, so a partial push
    // never splits one.
    const length = (n * WORDS) / 2;
    for (let offset = 0, tries = 0; offset < length; ) {
      const written = ring.push(records, length - offset, offset);
      offset += written;
      tries = written === 0 ? backOff(tries) : 0;
    }
  }
  parentPort!.postMessage("done");
}

function runRingbufConsumer(data: Extract<Role, { role: "ringbuf-consumer" }>) {
  const ring = new RingBuffer(data.buffer, Float64Array);
  const records = new Float64Array((CONSUMER_BATCH * WORDS) / 2);
  const ints = new Int32Array(records.buffer);
  const latency = createLatencyHistogram();
  let seen = 0;
  let checksum = 0;
  let tries = 0;
  awaitStart(data.start);
  while (seen < data.events) {
    const n = (ring.pop(records) * 2) / WORDS;
    tries = n === 0 ? backOff(tries) : 0;
    for (let i = 0; i < n; i++) {
      const word = i * WORDS;
      checksum += readEvent(records, ints, word);
      if ((seen & (SAMPLE_EVERY - 1)) === 0) {
        recordSample(latency, records[(word + F.publishTimeMicros.word) >> 1]);
      }
      seen++;
    }
  }
  report(latency, checksum);
}

function runBareProducer(data: Extract<Role, { role: "bare-producer" }>) {
  const ring = Ring.attach(data.handle);
  const { f64, i32 } = ring.records;
  const control = ring.control;
  const consumerCell = sequenceCell(0);
  const mask = ring.bufferSize - 1;
  const batch = data.batch;
  awaitStart(data.start);
  let consumed = Atomics.load(control, consumerCell);
  for (let count = 0; count < data.events; count += batch) {
    const last = Math.min(count + batch, data.events) - 1;
    for (let tries = 0; last - consumed > mask; tries = backOff(tries)) {
      consumed = Atomics.load(control, consumerCell);
    }
    for (let next = count; next <= last; next++) {
      const word = (next & mask) * WORDS;
      writeEvent(f64, i32, word, next, 0);
      stampIfSampled(f64, word, next, epochNowMs);
    }
    Atomics.store(control, CURSOR, last);
  }
  parentPort!.postMessage("done");
}

function runBareConsumer(data: Extract<Role, { role: "bare-consumer" }>) {
  const ring = Ring.attach(data.handle);
  const { f64, i32 } = ring.records;
  const control = ring.control;
  const consumerCell = sequenceCell(0);
  const mask = ring.bufferSize - 1;
  const latency = createLatencyHistogram();
  let checksum = 0;
  let next = 0;
  let tries = 0;
  awaitStart(data.start);
  while (next < data.events) {
    const available = Math.min(Atomics.load(control, CURSOR), next + CONSUMER_BATCH - 1);
    if (available < next) {
      tries = backOff(tries);
      continue;
    }
    tries = 0;
    for (; next <= available; next++) {
      const word = (next & mask) * WORDS;
      checksum += readEvent(f64, i32, word);
      if ((next & (SAMPLE_EVERY - 1)) === 0)
        recordSample(latency, f64[(word + F.publishTimeMicros.word) >> 1]);
    }
    Atomics.store(control, consumerCell, available);
  }
  report(latency, checksum);
}

function runRole(data: Role): void {
  switch (data.role) {
    case "ring-producer":
      runRingProducer(data);
      return;
    case "ring-consumer":
      runRingConsumer(data);
      return;
    case "pm-producer":
      runPostMessageProducer(data);
      return;
    case "pm-consumer":
      runPostMessageConsumer(data);
      return;
    case "ringbuf-producer":
      runRingbufProducer(data);
      return;
    case "ringbuf-consumer":
      runRingbufConsumer(data);
      return;
    case "bare-producer":
      runBareProducer(data);
      return;
    case "bare-consumer":
      runBareConsumer(data);
      return;
  }
}

if (!isMainThread && (workerData as Role | undefined)?.role) runRole(workerData as Role);

// ---------------------------------------------------------------- coordinator

const self = new URL(import.meta.url);

interface Run {
  eventsPerSecond: number;
  p50Micros: number;
  p99Micros: number;
}

/**
 * Starts the workers, releases them together, and measures from the release
 * to the consumer's last event. `onProducersDone` runs once every producer
 * has reported (the ring variants shut the ring down there).
 */
async function measure(
  events: number,
  producers: Role[],
  consumer: Role,
  onProducersDone: () => void = () => {},
): Promise<Run> {
  const start = producers[0].start;
  const cells = new Int32Array(start);
  const consumerWorker = startRole(consumer);
  const producerWorkers = producers.map(startRole);
  const workers = [consumerWorker, ...producerWorkers];
  const exits = workers.map(workerExit);
  const consumerReport = new Promise<ConsumerReport>((resolve) =>
    consumerWorker.once("message", resolve),
  );
  const producersDone = Promise.all(
    producerWorkers.map(
      (worker) => new Promise((resolve) => worker.once("message", resolve)),
    ),
  ).then(onProducersDone);

  while (Atomics.load(cells, 0) < workers.length) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const startMs = epochNowMs();
  Atomics.store(cells, 1, 1);
  Atomics.notify(cells, 1);

  const [reportMessage] = await Promise.all([consumerReport, producersDone]);
  await Promise.all(exits);
  const latency = decodeLatency(reportMessage.latency);
  return {
    eventsPerSecond: events / ((reportMessage.endMs - startMs) / 1000),
    p50Micros: latency.getValueAtPercentile(50) / 1000,
    p99Micros: latency.getValueAtPercentile(99) / 1000,
  };
}

/** Starts a worker for `role`, moving its MessagePort there if it has one. */
function startRole(role: Role) {
  return startTypeScriptWorker(self, role, "port" in role ? [role.port] : []);
}

function newStart(): SharedArrayBuffer {
  return new SharedArrayBuffer(8);
}

function runRingVariant(
  events: number,
  producerCount: number,
  claim: number,
): Promise<Run> {
  const ring = Ring.create({
    schema: EVENT_SCHEMA,
    bufferSize: RING_SIZE,
    producers: producerCount === 1 ? "single" : "multi",
    processors: [{ name: "consumer" }],
    latencySampleEvery: SAMPLE_EVERY,
  });
  const start = newStart();
  const perProducer = events / producerCount;
  const producers: Role[] = Array.from({ length: producerCount }, () => ({
    role: "ring-producer",
    handle: ring.handle,
    events: perProducer,
    claim,
    start,
  }));
  const consumer: Role = {
    role: "ring-consumer",
    handle: ring.handle,
    events,
    start,
  };
  return measure(events, producers, consumer, () => ring.shutdown());
}

function runPostMessageVariant(events: number, batch: number): Promise<Run> {
  const channel = new MessageChannel();
  const start = newStart();
  return measure(
    events,
    [{ role: "pm-producer", port: channel.port1, events, batch, start }],
    { role: "pm-consumer", port: channel.port2, events, batch, start },
  );
}

function runRingbufVariant(events: number, batch: number): Promise<Run> {
  const buffer = RingBuffer.getStorageForCapacity((RING_SIZE * WORDS) / 2, Float64Array);
  const start = newStart();
  return measure(events, [{ role: "ringbuf-producer", buffer, events, batch, start }], {
    role: "ringbuf-consumer",
    buffer,
    events,
    batch,
    start,
  });
}

function runBareVariant(events: number, batch: number): Promise<Run> {
  const ring = Ring.create({
    schema: EVENT_SCHEMA,
    bufferSize: RING_SIZE,
    producers: "single",
    processors: [{ name: "consumer" }],
    latencySampleEvery: SAMPLE_EVERY,
  });
  const start = newStart();
  return measure(
    events,
    [{ role: "bare-producer", handle: ring.handle, events, batch, start }],
    { role: "bare-consumer", handle: ring.handle, events, start },
  );
}

function readOption(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(args[index + 1]);
  if (!(Number.isInteger(value) && value > 0)) {
    throw new TypeError(`${name} needs a positive integer, got "${args[index + 1]}".`);
  }
  return value;
}

/** Returns the comma-separated names after option `name`, or undefined without it. */
function readList(args: string[], name: string): string[] | undefined {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  return (args[index + 1] ?? "").split(",").filter((item) => item.length > 0);
}

export default async function ringBenchmark(args: string[]): Promise<void> {
  const runs = readOption(args, "--runs", 5);
  const events = readOption(args, "--events", 4_000_000);
  // postMessage per event is ~100x slower: fewer events keep its runs short.
  const perEventMessages = Math.max(1, Math.floor(events / 20));

  let variants: [string, number, () => Promise<Run>][] = [
    ["ring-single-producer", BATCH, () => runRingVariant(events, 1, BATCH)],
    ["ring-single-producer-per-event", 1, () => runRingVariant(events, 1, 1)],
    ["ring-multi-producer", BATCH, () => runRingVariant(events, 2, BATCH)],
    ["postmessage-per-event", 1, () => runPostMessageVariant(perEventMessages, 1)],
    ["postmessage-batched", PM_BATCH, () => runPostMessageVariant(events, PM_BATCH)],
    ["ringbuf.js", 1, () => runRingbufVariant(events, 1)],
    ["ringbuf.js-batched", BATCH, () => runRingbufVariant(events, BATCH)],
    ["bare-spsc", 1, () => runBareVariant(events, 1)],
    ["bare-spsc-batched", BATCH, () => runBareVariant(events, BATCH)],
  ];

  const only = readList(args, "--only");
  if (only) {
    const unknown = only.filter((name) => !variants.some(([known]) => known === name));
    if (unknown.length > 0) {
      throw new TypeError(
        `--only names unknown results ${unknown.join(", ")}; known: ${variants.map(([name]) => name).join(", ")}.`,
      );
    }
    variants = variants.filter(([name]) => only.includes(name));
  }

  // Rounds interleave the variants, so a burst of load from elsewhere on the
  // machine hurts all of them alike instead of one.
  const loadBefore = loadavg();
  const samples = new Map<string, Run[]>(variants.map(([name]) => [name, []]));
  for (let round = 0; round < runs; round++) {
    for (const [name, , run] of variants) samples.get(name)!.push(await run());
  }
  const results: BenchResult[] = variants.map(([name, claimSize]) => {
    const list = samples.get(name)!;
    return {
      name,
      claimSize,
      eventsPerSecond: Math.round(median(list.map((run) => run.eventsPerSecond))),
      p50Micros: round3(median(list.map((run) => run.p50Micros))),
      p99Micros: round3(median(list.map((run) => run.p99Micros))),
    };
  });
  const machine = {
    ...describeMachine(),
    loadAverageBefore: loadBefore.map(round3),
    loadAverageAfter: loadavg().map(round3),
  };
  console.log(
    JSON.stringify({ machine, results, targets: checkTargets(results) }, null, 2),
  );
}

/**
 * Compares these medians with the ring's targets. The plain result names
 * are the ones the targets were set for. The other checks pair per-event
 * with per-event and batched with batched.
 */
function checkTargets(results: BenchResult[]) {
  const rate = (name: string) =>
    results.find((result) => result.name === name)?.eventsPerSecond ?? Number.NaN;
  const ratio = (a: string, b: string) => round3(rate(a) / rate(b));
  const single = "ring-single-producer";
  const perEvent = "ring-single-producer-per-event";
  return [
    {
      target: `${single} >= 100 x postmessage-per-event`,
      minimum: 100,
      value: ratio(single, "postmessage-per-event"),
    },
    {
      target: `${perEvent} >= 100 x postmessage-per-event`,
      minimum: 100,
      value: ratio(perEvent, "postmessage-per-event"),
    },
    {
      target: `${single} >= 5 x ringbuf.js`,
      minimum: 5,
      value: ratio(single, "ringbuf.js"),
    },
    {
      target: `${perEvent} >= 5 x ringbuf.js`,
      minimum: 5,
      value: ratio(perEvent, "ringbuf.js"),
    },
    {
      target: `${single} >= 5 x ringbuf.js-batched`,
      minimum: 5,
      value: ratio(single, "ringbuf.js-batched"),
    },
    {
      target: `${single} >= 0.6 x bare-spsc`,
      minimum: 0.6,
      value: ratio(single, "bare-spsc"),
    },
    {
      target: `${perEvent} >= 0.6 x bare-spsc`,
      minimum: 0.6,
      value: ratio(perEvent, "bare-spsc"),
    },
    {
      target: `${single} >= 0.6 x bare-spsc-batched`,
      minimum: 0.6,
      value: ratio(single, "bare-spsc-batched"),
    },
    {
      target: "ring-multi-producer >= 10 M events/s",
      minimum: 10,
      value: round3(rate("ring-multi-producer") / 1e6),
    },
  ].map((check) => ({ ...check, met: check.value >= check.minimum }));
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
