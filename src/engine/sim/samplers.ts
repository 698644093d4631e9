/**
 * Draws from the scenario's distributions: service times, inter-arrival
 * times, key indexes and payload fields. Samplers precompute what they can
 * (cumulative weights, Zipf tables) at construction.
 */
import type { Random } from "./random.ts";
import type { ArrivalProcess, Distribution, FieldSpec, KeySpec } from "./scenario.ts";

export class DistributionSampler {
  private readonly cumulative: Float64Array;
  private readonly lowerBounds: Float64Array;
  private readonly upperBounds: Float64Array;

  constructor(private readonly distribution: Distribution) {
    const buckets = distribution.kind === "empirical" ? distribution.buckets : [];
    this.cumulative = new Float64Array(buckets.length);
    this.lowerBounds = new Float64Array(buckets.length);
    this.upperBounds = new Float64Array(buckets.length);
    let total = 0;
    buckets.forEach((bucket, i) => {
      total += bucket.weight;
      this.cumulative[i] = total;
      this.lowerBounds[i] = i === 0 ? 0 : buckets[i - 1].upTo;
      this.upperBounds[i] = bucket.upTo;
    });
    for (let i = 0; i < buckets.length; i++) this.cumulative[i] /= total;
  }

  /** Returns the distribution's mean, used for utilisation figures and docs. */
  mean(): number {
    const d = this.distribution;
    switch (d.kind) {
      case "constant":
        return d.value;
      case "exponential":
        return d.mean;
      case "lognormal":
        return d.median * Math.exp((d.sigma * d.sigma) / 2);
      case "normal":
        return d.mean;
      case "uniform":
        return (d.min + d.max) / 2;
      case "empirical": {
        let mean = 0;
        let previous = 0;
        for (let i = 0; i < this.cumulative.length; i++) {
          const weight = this.cumulative[i] - previous;
          mean += weight * ((this.lowerBounds[i] + this.upperBounds[i]) / 2);
          previous = this.cumulative[i];
        }
        return mean;
      }
    }
  }

  sample(random: Random): number {
    const d = this.distribution;
    switch (d.kind) {
      case "constant":
        return d.value;
      case "exponential":
        return random.exponential(d.mean);
      case "lognormal":
        return d.median * Math.exp(d.sigma * random.normal());
      case "normal":
        return d.mean + d.stddev * random.normal();
      case "uniform":
        return d.min + (d.max - d.min) * random.next();
      case "empirical": {
        const u = random.next();
        let i = 0;
        while (i < this.cumulative.length - 1 && u >= this.cumulative[i]) i++;
        return (
          this.lowerBounds[i] +
          (this.upperBounds[i] - this.lowerBounds[i]) * random.next()
        );
      }
    }
  }
}

/**
 * Draws the time of a producer's next event. Poisson arrivals whose rate
 * changes over time (bursts, daily curve) use thinning: candidates come at
 * the peak rate and each is kept with probability rate(t) / peak rate.
 */
export class ArrivalSampler {
  constructor(private readonly process: ArrivalProcess) {}

  /** Returns the virtual time of the next arrival after `nowMs`, or Infinity for a zero rate. */
  next(nowMs: number, ratePerSecond: number, random: Random): number {
    if (!(ratePerSecond > 0)) return Number.POSITIVE_INFINITY;
    const meanGapMs = 1000 / ratePerSecond;
    const p = this.process;
    switch (p.kind) {
      case "constant":
        return nowMs + meanGapMs;
      case "poisson":
        return nowMs + random.exponential(meanGapMs);
      case "bursts": {
        const peak = Math.max(1, p.factor);
        let t = nowMs;
        for (;;) {
          t += random.exponential(meanGapMs / peak);
          const inBurst = t % p.everyMs < p.durationMs;
          const factor = inBurst ? p.factor : 1;
          if (random.next() * peak < factor) return t;
        }
      }
      case "daily": {
        let t = nowMs;
        for (;;) {
          t += random.exponential(meanGapMs);
          if (random.next() < dailyFactor(p, t)) return t;
        }
      }
    }
  }
}

/** Returns the daily curve's rate multiplier at `timeMs`, from `trough` to 1. */
export function dailyFactor(
  curve: { periodMs: number; peakAtMs: number; trough: number },
  timeMs: number,
): number {
  const phase = (2 * Math.PI * (timeMs - curve.peakAtMs)) / curve.periodMs;
  return curve.trough + ((1 - curve.trough) * (1 + Math.cos(phase))) / 2;
}

export class KeySampler {
  /** Cumulative Zipf probabilities by key index; empty for uniform keys. */
  private readonly cumulative: Float64Array;

  constructor(private readonly spec: KeySpec) {
    this.cumulative = new Float64Array(spec.distribution === "zipf" ? spec.count : 0);
    if (spec.distribution === "zipf") {
      let total = 0;
      for (let k = 0; k < spec.count; k++) {
        total += 1 / (k + 1) ** spec.zipfExponent;
        this.cumulative[k] = total;
      }
      for (let k = 0; k < spec.count; k++) this.cumulative[k] /= total;
    }
  }

  sample(random: Random): number {
    if (this.cumulative.length === 0) return random.nextInt(this.spec.count);
    const u = random.next();
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.cumulative[mid] > u) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}

/** Draws one payload field value; numbers are rounded to 2 decimals for display. */
export function sampleField(
  field: FieldSpec,
  sampler: DistributionSampler | undefined,
  random: Random,
): number | string {
  if (field.kind === "choice") {
    const total = field.weights.reduce((sum, weight) => sum + weight, 0);
    let u = random.next() * total;
    for (let i = 0; i < field.values.length; i++) {
      u -= field.weights[i];
      if (u < 0) return field.values[i];
    }
    return field.values[field.values.length - 1];
  }
  const value = sampler ? sampler.sample(random) : 0;
  return Math.round(value * 100) / 100;
}
