/**
 * The exactly-once check of the ring, shared by the Node worker_threads
 * tests and the browser page (ring-check.html): a producer that publishes a
 * numbered stream, a handler that verifies what it receives, and the final
 * verdict. Plain TypeScript, no DOM or Worker globals.
 *
 * Every event carries its producer's id and the producer's own running
 * count. A processor expects each producer's counts as 0, 1, 2, ... in
 * order: a duplicate, a loss or a reorder breaks that run, and the final
 * count per producer must equal what the producer published. Each processor
 * writes the sequence it handled into its own mark field; a stage that runs
 * after it checks that mark on every event (it sees the upstream write) and
 * the upstream sequence on every batch (it never overtakes).
 */
import {
  defineRecordSchema,
  EVENT_FIELDS,
  type EventHandler,
  type FieldHandle,
  parkBriefly,
  type RecordAccess,
  type Ring,
  type RingProducer,
} from "../../engine/ring/index.ts";
import { Random } from "../../engine/sim/random.ts";

/** The event record plus one mark per processor (up to 6). */
export const CHECK_SCHEMA = defineRecordSchema({
  ...EVENT_FIELDS,
  mark0: "i32",
  mark1: "i32",
  mark2: "i32",
  mark3: "i32",
  mark4: "i32",
  mark5: "i32",
});

export type CheckFields = typeof CHECK_SCHEMA.spec;

const F = CHECK_SCHEMA.fields;
const MARKS: FieldHandle<"i32">[] = [
  F.mark0,
  F.mark1,
  F.mark2,
  F.mark3,
  F.mark4,
  F.mark5,
];

export interface CheckProducerConfig {
  events: number;
  seed: number;
  /** Batch sizes are drawn from 1 to this (capped at the ring size). */
  maxBatch: number;
}

export interface CheckProducerResult {
  producerId: number;
  /** Events the ring accepted from this producer. */
  published: number;
  stalls: number;
  /** True when the ring stopped accepting events before the producer was done. */
  refused: boolean;
}

/**
 * Publishes `events` numbered events in seeded random batches, using each
 * publishing API in turn (publishBatch, tryPublishBatch with retry, and
 * next/publishClaimed), then closes the producer. Runs on a producer thread.
 */
export function runCheckProducer(
  ring: Ring<CheckFields>,
  config: CheckProducerConfig,
): CheckProducerResult {
  const producer = ring.createProducer();
  const random = new Random(config.seed);
  const id = producer.id;
  const maxBatch = Math.max(1, Math.min(config.maxBatch, ring.bufferSize));
  let sent = 0;
  const translate = (
    records: RecordAccess<CheckFields>,
    sequence: number,
    index: number,
  ) => {
    writeCheckEvent(records, sequence, id, sent + index);
  };

  let refused = false;
  while (sent < config.events) {
    const n = Math.min(config.events - sent, 1 + random.nextInt(maxBatch));
    if (!publishOnce(producer, random.nextInt(3), n, sent, translate)) {
      refused = true;
      break;
    }
    sent += n;
  }
  producer.close();
  const stats = ring.stats().producers[id];
  return { producerId: id, published: sent, stalls: stats.stalls, refused };
}

function publishOnce(
  producer: RingProducer<CheckFields>,
  api: number,
  n: number,
  firstCount: number,
  translate: (
    records: RecordAccess<CheckFields>,
    sequence: number,
    index: number,
  ) => void,
): boolean {
  switch (api) {
    case 0:
      return producer.publishBatch(n, translate);
    case 1:
      while (!producer.tryPublishBatch(n, translate)) {
        if (!producer.isOpen) return false;
        parkBriefly();
      }
      return true;
    default: {
      if (!producer.next(n)) return false;
      for (let i = 0; i < n; i++) {
        writeCheckEvent(
          producer.records,
          (producer.claimedFirst + i) | 0,
          producer.id,
          firstCount + i,
        );
      }
      producer.publishClaimed();
      return true;
    }
  }
}

function writeCheckEvent(
  records: RecordAccess<CheckFields>,
  sequence: number,
  producerId: number,
  count: number,
): void {
  records.setI32(sequence, F.producerId, producerId);
  records.setI32(sequence, F.producerSeq, count);
  records.setF64(sequence, F.amount, count * 0.5);
  records.setF64(sequence, F.eventTimeMs, count);
}

export interface CheckHandlerConfig {
  /** Position of this processor in the ring's list: picks its mark field. */
  index: number;
  /** Positions of the processors it runs after. */
  upstream: number[];
  /** Throw from the handler on every sequence divisible by this (0: never), to test the exception path. */
  throwEvery?: number;
}

export interface CheckProcessorResult {
  name: string;
  handled: number;
  /** Next expected count per producer id: equals each producer's published count when all is well. */
  perProducer: number[];
  errors: number;
  firstErrors: string[];
  thrown: number;
}

/** Verifies order, exactly-once and the upstream marks of every event it handles. */
export class CheckHandler implements EventHandler<CheckFields> {
  private readonly expected: number[];
  private readonly mark: FieldHandle<"i32">;
  private readonly upstreamMarks: FieldHandle<"i32">[];
  private readonly upstreamCells: number[];
  private readonly control: Int32Array;
  private readonly throwEvery: number;
  private readonly name: string;
  private handled = 0;
  private errors = 0;
  private thrown = 0;
  private readonly firstErrors: string[] = [];

  constructor(ring: Ring<CheckFields>, config: CheckHandlerConfig) {
    if (config.index >= MARKS.length) {
      throw new RangeError(
        `The check supports ${MARKS.length} processors; index ${config.index} is too high.`,
      );
    }
    this.name = ring.processorNames[config.index];
    this.expected = new Array(ring.maxProducers).fill(0);
    this.mark = MARKS[config.index];
    this.upstreamMarks = config.upstream.map((index) => MARKS[index]);
    this.upstreamCells = config.upstream.map((index) => ring.sequenceCell(index));
    this.control = ring.control;
    this.throwEvery = config.throwEvery ?? 0;
  }

  onBatchStart(batchSize: number, firstSequence: number): void {
    const last = (firstSequence + batchSize - 1) | 0;
    for (const cell of this.upstreamCells) {
      const upstream = Atomics.load(this.control, cell);
      if (((upstream - last) | 0) < 0) {
        this.fail(
          `batch ending at ${last} started while an upstream processor was at ${upstream}`,
        );
      }
    }
  }

  onEvent(records: RecordAccess<CheckFields>, sequence: number): void {
    this.handled++;
    const producerId = records.getI32(sequence, F.producerId);
    const count = records.getI32(sequence, F.producerSeq);
    if (producerId < 0 || producerId >= this.expected.length) {
      this.fail(`sequence ${sequence}: producer id ${producerId} out of range`);
    } else {
      if (count !== this.expected[producerId]) {
        this.fail(
          `sequence ${sequence}: producer ${producerId} sent ${count}, expected ${this.expected[producerId]}`,
        );
      }
      this.expected[producerId] = count + 1;
      if (records.getF64(sequence, F.amount) !== count * 0.5) {
        this.fail(`sequence ${sequence}: amount does not match count ${count}`);
      }
    }
    for (const mark of this.upstreamMarks) {
      if (records.getI32(sequence, mark) !== sequence) {
        this.fail(`sequence ${sequence}: an upstream processor had not marked it`);
      }
    }
    records.setI32(sequence, this.mark, sequence);
    if (this.throwEvery > 0 && count % this.throwEvery === 0) {
      this.thrown++;
      throw new Error(`planned failure at count ${count}`);
    }
  }

  result(): CheckProcessorResult {
    return {
      name: this.name,
      handled: this.handled,
      perProducer: this.expected.slice(),
      errors: this.errors,
      firstErrors: this.firstErrors.slice(),
      thrown: this.thrown,
    };
  }

  private fail(message: string): void {
    this.errors++;
    if (this.firstErrors.length < 5) this.firstErrors.push(`${this.name}: ${message}`);
  }
}

export interface CheckVerdict {
  ok: boolean;
  /** Events accepted by the ring, over all producers. */
  published: number;
  problems: string[];
}

/**
 * Checks that every processor saw every accepted event exactly once, in
 * per-producer order, and that no stage overtook its upstream.
 */
export function verifyCheck(
  producers: readonly CheckProducerResult[],
  processors: readonly CheckProcessorResult[],
  expectedProcessors: number,
): CheckVerdict {
  const problems: string[] = [];
  const published = producers.reduce((sum, producer) => sum + producer.published, 0);
  if (processors.length !== expectedProcessors) {
    problems.push(`${processors.length} of ${expectedProcessors} processors reported`);
  }
  for (const processor of processors) {
    problems.push(...processor.firstErrors);
    if (processor.errors > processor.firstErrors.length) {
      problems.push(
        `${processor.name}: ${processor.errors - processor.firstErrors.length} more errors`,
      );
    }
    if (processor.handled !== published) {
      problems.push(
        `${processor.name} handled ${processor.handled} of ${published} events`,
      );
    }
    for (const producer of producers) {
      const seen = processor.perProducer[producer.producerId];
      if (seen !== producer.published) {
        problems.push(
          `${processor.name} saw ${seen} of producer ${producer.producerId}'s ${producer.published} events`,
        );
      }
    }
  }
  return { ok: problems.length === 0, published, problems };
}
