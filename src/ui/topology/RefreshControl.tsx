/**
 * Countdown to the next automatic refresh and a "Refresh now" button. The
 * owner runs the query. This control only shows `dataUpdatedAt + intervalMs`
 * counting down, once a second, and calls `refetch` on request.
 */
import { useEffect, useState } from "react";

export interface RefreshControlProps {
  /** Time of the last successful read, ms since the epoch (TanStack Query's `dataUpdatedAt`); 0 before any. */
  dataUpdatedAt: number;
  /** Refresh interval, ms. */
  intervalMs: number;
  refetch: () => void;
  /** True while a read is in flight: the countdown reads "Refreshing…" and the button is disabled. */
  isFetching?: boolean;
}

export function RefreshControl({
  dataUpdatedAt,
  intervalMs,
  refetch,
  isFetching = false,
}: RefreshControlProps) {
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const secondsLeft = secondsUntilRefresh(dataUpdatedAt, intervalMs, now);
  let status = `Next refresh in ${secondsLeft} s`;
  if (isFetching) status = "Refreshing…";
  else if (dataUpdatedAt === 0) status = "Not loaded yet";

  return (
    <div className="topology-refresh" data-testid="topology-refresh">
      <span
        role="timer"
        className="topology-muted"
        data-testid="topology-countdown"
        data-seconds={secondsLeft}
      >
        {status}
      </span>
      <button
        type="button"
        onClick={refetch}
        disabled={isFetching}
        data-testid="topology-refresh-now"
      >
        Refresh now
      </button>
    </div>
  );
}

/** Whole seconds until the next refresh, rounded up and never below 0. */
export function secondsUntilRefresh(
  dataUpdatedAt: number,
  intervalMs: number,
  nowMs: number,
): number {
  const remainingMs = dataUpdatedAt + intervalMs - nowMs;
  return Math.max(0, Math.ceil(remainingMs / 1000));
}
