/**
 * Memory layout of a ring's SharedArrayBuffer. Four regions, each starting
 * on a 128-byte boundary:
 *
 *   control       Int32 cells: header, cursor, state, producer counts, the
 *                 two wake-up signals, the gating cache, processor statuses,
 *                 and one sequence per processor. Every cell that one thread writes often and
 *                 others read sits alone on its own 128-byte line (two
 *                 64-byte cache lines, so the adjacent-line prefetcher cannot
 *                 pull a neighbour in), which keeps writers from invalidating
 *                 each other's lines (false sharing).
 *   stats         Float64 counters, one 128-byte line per producer and per
 *                 processor; each line has a single writer.
 *   availability  Int32, one lap counter per slot (multi-producer only).
 *   records       the slots themselves, `bytesPerRecord` each.
 */

/** Bytes per padded line: two 64-byte cache lines. */
export const LINE_BYTES = 128;
/** Int32 cells per padded line. */
export const LINE_WORDS = LINE_BYTES / 4;
/** Float64 cells per padded line. */
export const LINE_F64 = LINE_BYTES / 8;

/** Most processors one ring can have (their statuses share one line). */
export const MAX_PROCESSORS = LINE_WORDS;

export const MAGIC = 0x52494e47; // "RING"
export const LAYOUT_VERSION = 1;

// Header line (line 0): written once at creation, then only read.
export const H_MAGIC = 0;
export const H_VERSION = 1;
export const H_BUFFER_SIZE = 2;
export const H_WORDS_PER_RECORD = 3;
export const H_MULTI_PRODUCER = 4;
export const H_PROCESSOR_COUNT = 5;
export const H_MAX_PRODUCERS = 6;
export const H_SAMPLE_EVERY = 7;
/** Float64 index (within the control region) of the ring's clock epoch, in ms since the Unix epoch. */
export const H_EPOCH_F64 = 8;

/** Producer cursor: last claimed sequence (multi) or last published sequence (single). */
export const CURSOR = 1 * LINE_WORDS;
/** Ring state: one of the `RingState` values. */
export const STATE = 2 * LINE_WORDS;
/** Producer slots handed out so far; the next cell counts producers not yet closed. */
export const PRODUCERS_REGISTERED = 3 * LINE_WORDS;
export const PRODUCERS_ACTIVE = PRODUCERS_REGISTERED + 1;
/**
 * Wake-up signal for threads waiting on the cursor (processors at the head of
 * the graph). The next cell counts threads blocked on it; a publisher only
 * pays for `Atomics.notify` when that count is not zero.
 */
export const PUBLISHED_SIGNAL = 4 * LINE_WORDS;
/** Wake-up signal for threads waiting on processor sequences (producers on a full ring, dependent stages). */
export const PROCESSED_SIGNAL = 5 * LINE_WORDS;
/** Offset from a signal cell to its waiter count. */
export const WAITERS = 1;
/**
 * Multi-producer only: the lowest processor sequence a producer last saw.
 * Shared by all producers (as in the Disruptor) so that every producer's
 * view of it stays recent, however long that producer was idle.
 */
export const GATING_CACHE = 6 * LINE_WORDS;
/** One status cell per processor: the `ProcessorStatus` values. */
export const STATUS_LINE = 7 * LINE_WORDS;
const FIRST_SEQUENCE_LINE = 8;

export const RingState = { running: 0, draining: 1, halted: 2 } as const;
export type RingStateValue = (typeof RingState)[keyof typeof RingState];

export const ProcessorStatus = { idle: 0, running: 1, done: 2 } as const;

// Stats line fields (Float64 index within a line).
export const P_PUBLISHED = 0;
export const P_STALLS = 1;
export const P_PUBLISH_CALLS = 2;
export const C_HANDLED = 0;
export const C_BATCHES = 1;
export const C_EXCEPTIONS = 2;
export const C_MAX_BATCH = 3;
export const C_LATENCY_SAMPLES = 4;

export interface LayoutInput {
  bufferSize: number;
  bytesPerRecord: number;
  processorCount: number;
  maxProducers: number;
  multiProducer: boolean;
}

/** Byte offsets and sizes of each region; derived, never stored. */
export interface RingLayout {
  controlBytes: number;
  statsOffset: number;
  availabilityOffset: number;
  recordsOffset: number;
  totalBytes: number;
}

function alignLine(bytes: number): number {
  return Math.ceil(bytes / LINE_BYTES) * LINE_BYTES;
}

/** Control-region index of processor `index`'s sequence. */
export function sequenceCell(index: number): number {
  return (FIRST_SEQUENCE_LINE + index) * LINE_WORDS;
}

/** Stats-region Float64 index of producer `id`'s line. */
export function producerStatsBase(id: number): number {
  return id * LINE_F64;
}

/** Stats-region Float64 index of processor `index`'s line. */
export function processorStatsBase(maxProducers: number, index: number): number {
  return (maxProducers + index) * LINE_F64;
}

export function computeLayout(input: LayoutInput): RingLayout {
  const controlBytes = (FIRST_SEQUENCE_LINE + input.processorCount) * LINE_BYTES;
  const statsOffset = controlBytes;
  const statsBytes = (input.maxProducers + input.processorCount) * LINE_BYTES;
  const availabilityOffset = statsOffset + statsBytes;
  const availabilityBytes = input.multiProducer ? alignLine(input.bufferSize * 4) : 0;
  const recordsOffset = availabilityOffset + availabilityBytes;
  const totalBytes = recordsOffset + alignLine(input.bufferSize * input.bytesPerRecord);
  return { controlBytes, statsOffset, availabilityOffset, recordsOffset, totalBytes };
}
