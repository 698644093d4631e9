import { nearestRank } from "./percentiles.ts";
import type { TraceIndex } from "./traceIndex.ts";

/** Per-service figures, with times in milliseconds. */
export interface ServiceStats {
  name: string;
  spanCount: number;
  errorCount: number;
  /** Sum of the service's span durations. */
  totalMs: number;
  /** Sum of the service's span self times (duration minus children's union). */
  selfMs: number;
  /**
   * Entry spans: roots and spans whose parent is in another service, that
   * is, the requests and messages the service received.
   */
  entrySpanCount: number;
  /** Nearest-rank percentiles of entry span durations; NaN without entry spans. */
  entryP50Ms: number;
  entryP90Ms: number;
  entryP99Ms: number;
}

interface ServiceAccumulator {
  spanCount: number;
  errorCount: number;
  totalNs: number;
  selfNs: number;
  entryDurationsNs: number[];
}

/** Sums span counts, durations and self times per service, sorted by name. */
export function summarizeServices(
  index: TraceIndex,
  selfNs: Float64Array,
): ServiceStats[] {
  const { spans, parent } = index;
  const byName = new Map<string, ServiceAccumulator>();

  for (let i = 0; i < spans.length; i++) {
    const span = spans[i];
    let entry = byName.get(span.service);
    if (!entry) {
      entry = {
        spanCount: 0,
        errorCount: 0,
        totalNs: 0,
        selfNs: 0,
        entryDurationsNs: [],
      };
      byName.set(span.service, entry);
    }
    entry.spanCount++;
    if (span.isError) entry.errorCount++;
    entry.totalNs += span.durationNs;
    entry.selfNs += selfNs[i];
    if (parent[i] < 0 || spans[parent[i]].service !== span.service) {
      entry.entryDurationsNs.push(span.durationNs);
    }
  }

  const services: ServiceStats[] = [];
  for (const [name, entry] of byName) {
    const sorted = Float64Array.from(entry.entryDurationsNs).sort();
    services.push({
      name,
      spanCount: entry.spanCount,
      errorCount: entry.errorCount,
      totalMs: entry.totalNs / 1e6,
      selfMs: entry.selfNs / 1e6,
      entrySpanCount: sorted.length,
      entryP50Ms: nearestRank(sorted, 50) / 1e6,
      entryP90Ms: nearestRank(sorted, 90) / 1e6,
      entryP99Ms: nearestRank(sorted, 99) / 1e6,
    });
  }
  return services.sort((a, b) => a.name.localeCompare(b.name));
}
