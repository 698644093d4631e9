/**
 * Seeded pseudo-random numbers for the simulation.
 *
 * The generator is xoshiro128** (Blackman and Vigna, "Scrambled Linear
 * Pseudorandom Number Generators", ACM TOMS, 2021). Every step is a 32-bit
 * integer operation, which JavaScript runs natively through `Math.imul` and
 * `>>>` without BigInt. It has 128 bits of state, a period of 2^128 - 1, and
 * is a general-purpose generator of good statistical quality. Seeds are
 * expanded with splitmix32 so that nearby seeds (42, 43) give unrelated
 * streams.
 */

const TWO_POW_32 = 4_294_967_296;

/** Mixes a 32-bit value into a well-spread 32-bit value (the splitmix32 finalizer). */
export function mix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Derives the seed of an independent stream, so that each producer and
 * service draws from its own generator. Changing one producer's rate then
 * leaves every other stream's draws unchanged.
 */
export function deriveSeed(seed: number, streamIndex: number, salt = 0): number {
  return mix32(
    mix32(seed >>> 0) ^ mix32(streamIndex + 0x632be5ab) ^ mix32(salt + 0x1b873593),
  );
}

/** Returns a float in [0, 1) from a hash of the given integers; used where no stream state is kept. */
export function hashUnit(a: number, b: number, c = 0): number {
  return (
    mix32(mix32(a >>> 0) ^ mix32((b >>> 0) + 0x7f4a7c15) ^ mix32(c + 0x2545f491)) /
    TWO_POW_32
  );
}

export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Second value of the last Box-Muller pair, or NaN when none is cached. */
  private spareNormal = Number.NaN;

  constructor(seed: number) {
    let state = seed >>> 0;
    const next = () => {
      state = (state + 0x9e3779b9) >>> 0;
      return mix32(state);
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Returns the next unsigned 32-bit output. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /** Returns a float in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Returns an integer in [0, bound). */
  nextInt(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  /** Returns an exponential variate with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Returns a standard normal variate (Box-Muller, caching the second value of each pair). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const value = this.spareNormal;
      this.spareNormal = Number.NaN;
      return value;
    }
    const u = 1 - this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
