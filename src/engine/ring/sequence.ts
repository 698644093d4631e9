/**
 * Wrap-safe arithmetic on 32-bit sequence numbers.
 *
 * Sequences live in Int32Array cells and wrap from 2^31 - 1 to -2^31 (and
 * from -1 to 0) like any int32. Two sequences are compared by the sign of
 * their int32 difference, which is right as long as they are less than 2^31
 * apart. A ring has at most 2^30 slots, so any two live sequences are.
 * Never compare sequences with `<` directly.
 *
 * NOTE: 64-bit sequences (BigInt64Array) would never wrap, but every value
 * read from them is a BigInt, which the hot paths would have to convert or
 * compare as BigInts. They have not been benchmarked inside the ring (a
 * loose load/store loop on the loaded 2-core test machine gave results too
 * noisy to rank), so the ring keeps int32 cells and these helpers.
 */

/** `a - b` as an int32: positive when `a` is after `b`. Allocation-free. */
export function sequenceDiff(a: number, b: number): number {
  return (a - b) | 0;
}

/** Returns the sequence `step` after `a`, wrapping at 2^31. */
export function nextSequence(a: number, step = 1): number {
  return (a + step) | 0;
}

/** Returns the earlier of two sequences, wrap-safe. */
export function minSequence(a: number, b: number): number {
  return ((a - b) | 0) < 0 ? a : b;
}

/** Largest slot count a ring accepts: keeps live sequences within 2^31 of each other. */
export const MAX_BUFFER_SIZE = 1 << 30;
