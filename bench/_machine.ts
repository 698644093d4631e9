import { cpus, freemem, totalmem } from "node:os";

/** Describes the machine a benchmark ran on, for the `machine` field of its JSON. */
export function describeMachine() {
  const cores = cpus();
  return {
    cpuModel: cores[0]?.model ?? "unknown",
    cores: cores.length,
    totalMemoryBytes: totalmem(),
    freeMemoryBytes: freemem(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    date: new Date().toISOString(),
  };
}

/** Returns the median of a list of numbers; NaN for an empty list. */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
