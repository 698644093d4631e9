/**
 * Record schemas: the one place where the fields of a ring slot are declared.
 * Every offset is derived from a schema; no other code hard-codes one.
 *
 * A schema is declared as a plain object of field names to kinds, in order:
 *
 *   const schema = defineRecordSchema({ amount: "f64", keyId: "i32" });
 *   records.setF64(sequence, schema.fields.amount, 12.5);
 *
 * The plain object (`schema.spec`) is structured-cloneable, so a worker that
 * receives it rebuilds exactly the same layout with `defineRecordSchema`.
 */

/** Storage kinds of a field: 32-bit integers, 32-bit and 64-bit floats. */
export type FieldKind = "i32" | "u32" | "f32" | "f64";

/** Field names to kinds, in declaration order. */
export type FieldSpec = Record<string, FieldKind>;

/** Where one field sits inside a record. Created by `defineRecordSchema`; treat as read-only. */
export interface FieldHandle<K extends FieldKind = FieldKind> {
  readonly name: string;
  readonly kind: K;
  /** Offset from the start of the record in bytes (8-aligned for f64, 4-aligned otherwise). */
  readonly byteOffset: number;
  /** The same offset in 4-byte words; even for f64 fields. */
  readonly word: number;
}

/** Name of the field that every schema carries first; the engine stamps it on publish. */
export const PUBLISH_TIME_FIELD = "publishTimeMicros";

type WithPublishTime<F extends FieldSpec> = { publishTimeMicros: "f64" } & F;

export interface RecordSchema<F extends FieldSpec = FieldSpec> {
  /** The declaration as given (without the reserved publish-time field): send it to workers. */
  readonly spec: F;
  /** One handle per field, including `publishTimeMicros`. */
  readonly fields: {
    readonly [N in keyof WithPublishTime<F>]: FieldHandle<WithPublishTime<F>[N]>;
  };
  /** All handles in layout order. */
  readonly fieldList: readonly FieldHandle[];
  /** Size of one record in bytes: a multiple of 8. */
  readonly bytesPerRecord: number;
  /** Size of one record in 4-byte words: always even. */
  readonly wordsPerRecord: number;
}

const KINDS: readonly FieldKind[] = ["i32", "u32", "f32", "f64"];
const FIELD_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Builds a schema from a declaration. `publishTimeMicros` (f64) is added first
 * and is written by the ring when an event is published; f64 fields come next,
 * then the 4-byte fields, each group in declaration order, so nothing needs
 * padding except the tail (rounded to 8 bytes).
 *
 * Any thread; call once at setup (allocates). Throws a TypeError naming the
 * field for a bad name or kind, or for a declared `publishTimeMicros`.
 */
export function defineRecordSchema<F extends FieldSpec>(spec: F): RecordSchema<F> {
  const names = Object.keys(spec);
  for (const name of names) {
    if (name === PUBLISH_TIME_FIELD) {
      throw new TypeError(
        `Record schema declares "${PUBLISH_TIME_FIELD}", which the ring adds itself: remove it from the declaration.`,
      );
    }
    if (!FIELD_NAME.test(name)) {
      throw new TypeError(`Record schema field name "${name}" is not an identifier.`);
    }
    if (!KINDS.includes(spec[name])) {
      throw new TypeError(
        `Record schema field "${name}" has kind "${String(spec[name])}"; expected one of ${KINDS.join(", ")}.`,
      );
    }
  }

  const wide = names.filter((name) => spec[name] === "f64");
  const narrow = names.filter((name) => spec[name] !== "f64");
  const ordered: [string, FieldKind][] = [
    [PUBLISH_TIME_FIELD, "f64"],
    ...wide.map((name): [string, FieldKind] => [name, "f64"]),
    ...narrow.map((name): [string, FieldKind] => [name, spec[name]]),
  ];

  const fieldList: FieldHandle[] = [];
  let byteOffset = 0;
  for (const [name, kind] of ordered) {
    fieldList.push(Object.freeze({ name, kind, byteOffset, word: byteOffset / 4 }));
    byteOffset += kind === "f64" ? 8 : 4;
  }
  const bytesPerRecord = Math.ceil(byteOffset / 8) * 8;
  const fields = Object.fromEntries(fieldList.map((field) => [field.name, field]));

  return Object.freeze({
    spec: Object.freeze({ ...spec }),
    fields: Object.freeze(fields) as RecordSchema<F>["fields"],
    fieldList: Object.freeze(fieldList),
    bytesPerRecord,
    wordsPerRecord: bytesPerRecord / 4,
  });
}

/**
 * Fields of the engine's event record, shared by the simulation (which
 * publishes) and the processors (journal, metrics, router). Extend it by
 * spreading: `defineRecordSchema({ ...EVENT_FIELDS, retry: "i32" })`.
 * Strings are never stored: ids come from a `StringInterner`.
 */
export const EVENT_FIELDS = {
  /** Virtual-clock time of the event in milliseconds since the run began. */
  eventTimeMs: "f64",
  /** A numeric value carried by the event (an order amount, a size). */
  amount: "f64",
  /** Interned id of the event type or topic. */
  eventType: "i32",
  /** Interned id of the partition or entity key. */
  keyId: "i32",
  /** One bit per route or flag; meaning is up to the topology. */
  routeBits: "u32",
  /** Index into a side table for data that does not fit a record; -1 for none. */
  payloadRef: "i32",
  /** Which producer published the event (its `RingProducer.id`). */
  producerId: "i32",
  /** The producer's own running count, for order and exactly-once checks. */
  producerSeq: "i32",
} as const satisfies FieldSpec;

/** The engine's standard event record: 48 bytes. */
export const EVENT_SCHEMA = defineRecordSchema(EVENT_FIELDS);
