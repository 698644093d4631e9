/** Number formats of the topology view: three significant digits, units spelled out. */

/** Formats events per second, with a "k" above 1,000. */
export function formatRate(rate: number): string {
  if (rate >= 1000) return `${Number((rate / 1000).toPrecision(3))}k`;
  return `${Number(rate.toPrecision(3))}`;
}

export function formatMs(ms: number): string {
  return `${Number(ms.toPrecision(3))} ms`;
}

/** Formats a 0..1 ratio as a percentage. */
export function formatPercent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(3))}%`;
}
