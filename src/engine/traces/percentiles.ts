/**
 * Returns the nearest-rank percentile of ascending `sorted` values: the
 * smallest value with at least `percent`% of the values at or below it.
 * Exact, so no error bound applies. NaN for an empty list.
 */
export function nearestRank(sorted: ArrayLike<number>, percent: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}
