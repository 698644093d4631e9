import type { FieldHandle, FieldSpec, RecordSchema } from "./schema.ts";

/**
 * Typed-array views over the record region, addressed by sequence number and
 * field handle. One instance per thread per ring (`ring.records`).
 *
 * Accessors are allocation-free and take a sequence, not a slot index: the
 * slot is `sequence & (bufferSize - 1)`. A producer may write only the
 * sequences it has claimed and not yet published; a processor may read only
 * sequences its barrier has handed it, and write (for a later stage) only
 * fields that no parallel processor reads.
 *
 * For the tightest loops, `wordOf(sequence)` gives the record's first 4-byte
 * word: an i32 field is `i32[word + field.word]`, an f64 field is
 * `f64[(word + field.word) >> 1]`.
 */
export class RecordAccess<F extends FieldSpec = FieldSpec> {
  readonly schema: RecordSchema<F>;
  readonly i32: Int32Array;
  readonly u32: Uint32Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  /** bufferSize - 1. */
  readonly mask: number;
  readonly wordsPerRecord: number;

  constructor(
    schema: RecordSchema<F>,
    buffer: SharedArrayBuffer,
    byteOffset: number,
    bufferSize: number,
  ) {
    const words = bufferSize * schema.wordsPerRecord;
    this.schema = schema;
    this.i32 = new Int32Array(buffer, byteOffset, words);
    this.u32 = new Uint32Array(buffer, byteOffset, words);
    this.f32 = new Float32Array(buffer, byteOffset, words);
    this.f64 = new Float64Array(buffer, byteOffset, words / 2);
    this.mask = bufferSize - 1;
    this.wordsPerRecord = schema.wordsPerRecord;
  }

  /** Returns the first 4-byte word of the record of `sequence`. */
  wordOf(sequence: number): number {
    return (sequence & this.mask) * this.wordsPerRecord;
  }

  getI32(sequence: number, field: FieldHandle<"i32">): number {
    return this.i32[(sequence & this.mask) * this.wordsPerRecord + field.word];
  }

  setI32(sequence: number, field: FieldHandle<"i32">, value: number): void {
    this.i32[(sequence & this.mask) * this.wordsPerRecord + field.word] = value;
  }

  getU32(sequence: number, field: FieldHandle<"u32">): number {
    return this.u32[(sequence & this.mask) * this.wordsPerRecord + field.word];
  }

  setU32(sequence: number, field: FieldHandle<"u32">, value: number): void {
    this.u32[(sequence & this.mask) * this.wordsPerRecord + field.word] = value;
  }

  getF32(sequence: number, field: FieldHandle<"f32">): number {
    return this.f32[(sequence & this.mask) * this.wordsPerRecord + field.word];
  }

  setF32(sequence: number, field: FieldHandle<"f32">, value: number): void {
    this.f32[(sequence & this.mask) * this.wordsPerRecord + field.word] = value;
  }

  getF64(sequence: number, field: FieldHandle<"f64">): number {
    return this.f64[((sequence & this.mask) * this.wordsPerRecord + field.word) >> 1];
  }

  setF64(sequence: number, field: FieldHandle<"f64">, value: number): void {
    this.f64[((sequence & this.mask) * this.wordsPerRecord + field.word) >> 1] = value;
  }

  /** Reads any field by its kind. A little slower than the typed getters (one switch). */
  get(sequence: number, field: FieldHandle): number {
    const word = (sequence & this.mask) * this.wordsPerRecord + field.word;
    switch (field.kind) {
      case "i32":
        return this.i32[word];
      case "u32":
        return this.u32[word];
      case "f32":
        return this.f32[word];
      case "f64":
        return this.f64[word >> 1];
    }
  }

  /** Writes any field by its kind (values are converted as the typed array converts them). */
  set(sequence: number, field: FieldHandle, value: number): void {
    const word = (sequence & this.mask) * this.wordsPerRecord + field.word;
    switch (field.kind) {
      case "i32":
        this.i32[word] = value;
        return;
      case "u32":
        this.u32[word] = value;
        return;
      case "f32":
        this.f32[word] = value;
        return;
      case "f64":
        this.f64[word >> 1] = value;
        return;
    }
  }

  /** Copies one record into a plain object, keyed by field name. Allocates: for tests and debugging. */
  toObject(sequence: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const field of this.schema.fieldList)
      out[field.name] = this.get(sequence, field);
    return out;
  }
}
