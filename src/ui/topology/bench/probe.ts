/**
 * Measurements the benchmark and browser tests read from the page through
 * `window.topologyBench`: long tasks from a PerformanceObserver, frame
 * intervals from requestAnimationFrame, and draw and layout times reported
 * by the view.
 */

export interface LongTaskRecord {
  startTime: number;
  duration: number;
  /** Phase running when the task started, set with `setPhase`. */
  phase: string;
}

export interface BenchProbe {
  phase: string;
  longTasks: LongTaskRecord[];
  drawTimesMs: { phase: string; renderer: string; kind: string; durationMs: number }[];
  layoutTimesMs: number[];
  frameIntervalsMs: { phase: string; intervalMs: number }[];
  /** Whether the browser supports the `longtask` entry type at all. */
  isLongTaskSupported: boolean;
}

export function createProbe(): BenchProbe {
  const probe: BenchProbe = {
    phase: "load",
    longTasks: [],
    drawTimesMs: [],
    layoutTimesMs: [],
    frameIntervalsMs: [],
    isLongTaskSupported: PerformanceObserver.supportedEntryTypes.includes("longtask"),
  };
  if (probe.isLongTaskSupported) {
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        probe.longTasks.push({
          startTime: entry.startTime,
          duration: entry.duration,
          phase: probe.phase,
        });
      }
    });
    observer.observe({ type: "longtask", buffered: true });
  }
  return probe;
}

/** Records the interval between animation frames until the returned function is called. */
export function recordFrames(probe: BenchProbe): () => void {
  let previous = 0;
  let frame = requestAnimationFrame(function tick(time) {
    if (previous !== 0)
      probe.frameIntervalsMs.push({ phase: probe.phase, intervalMs: time - previous });
    previous = time;
    frame = requestAnimationFrame(tick);
  });
  return () => cancelAnimationFrame(frame);
}
