import type { WaterfallSpan } from "./types.ts";

export interface WaterfallRow {
  span: WaterfallSpan;
  /** 0 for a root. */
  depth: number;
  hasChildren: boolean;
  isRetry: boolean;
}

export interface WaterfallLayout {
  rows: WaterfallRow[];
  /** Earliest start of any span, or 0 for no spans. */
  startMs: number;
  /** Latest end of any span, or 0 for no spans. */
  endMs: number;
  /** Distinct services, sorted, for stable colours. */
  services: string[];
}

function byStart(a: WaterfallSpan, b: WaterfallSpan): number {
  return a.startMs - b.startMs;
}

/**
 * Orders spans depth-first under their parents, siblings by start time (ties
 * keep input order), and hides the descendants of collapsed spans. A span
 * whose parent is missing becomes a root. Spans caught in a parent cycle,
 * which no root reaches, are listed as roots at the end so nothing is lost.
 */
export function layoutWaterfall(
  spans: readonly WaterfallSpan[],
  collapsedIds: ReadonlySet<string> = new Set(),
): WaterfallLayout {
  if (spans.length === 0) {
    return { rows: [], startMs: 0, endMs: 0, services: [] };
  }

  // Index children under the first span of each id.
  const ids = new Set(spans.map((span) => span.id));
  const children = new Map<string, WaterfallSpan[]>();
  const roots: WaterfallSpan[] = [];
  for (const span of spans) {
    if (
      span.parentId !== undefined &&
      span.parentId !== span.id &&
      ids.has(span.parentId)
    ) {
      const list = children.get(span.parentId);
      if (list) {
        list.push(span);
      } else {
        children.set(span.parentId, [span]);
      }
    } else {
      roots.push(span);
    }
  }

  // Walk depth-first with an explicit stack, so deep traces cannot overflow
  // the call stack. Spans under a collapsed span are walked but not listed.
  const rows: WaterfallRow[] = [];
  const placed = new Set<WaterfallSpan>();
  const visit = (starts: readonly WaterfallSpan[]) => {
    const stack = starts
      .slice()
      .sort(byStart)
      .reverse()
      .map((span) => ({ span, depth: 0, isHidden: false }));
    while (stack.length > 0) {
      const { span, depth, isHidden } = stack.pop()!;
      if (placed.has(span)) {
        continue;
      }
      placed.add(span);
      const kids = children.get(span.id) ?? [];
      if (!isHidden) {
        rows.push({
          span,
          depth,
          hasChildren: kids.length > 0,
          isRetry: span.attempt !== undefined && span.attempt > 1,
        });
      }
      const hidesKids = isHidden || collapsedIds.has(span.id);
      const ordered = kids.slice().sort(byStart);
      for (let i = ordered.length - 1; i >= 0; i--) {
        stack.push({ span: ordered[i], depth: depth + 1, isHidden: hidesKids });
      }
    }
  };
  visit(roots);
  visit(spans.filter((span) => !placed.has(span)));

  let startMs = Number.POSITIVE_INFINITY;
  let endMs = Number.NEGATIVE_INFINITY;
  for (const span of spans) {
    startMs = Math.min(startMs, span.startMs);
    endMs = Math.max(endMs, span.startMs + span.durationMs);
  }
  const services = [...new Set(spans.map((span) => span.service))].sort((a, b) =>
    a.localeCompare(b),
  );
  return { rows, startMs, endMs, services };
}

/** Returns the attributes as [key, value] pairs sorted by key. */
export function sortedAttributes(span: WaterfallSpan): [string, string][] {
  return Object.entries(span.attributes).sort(([a], [b]) => a.localeCompare(b));
}
