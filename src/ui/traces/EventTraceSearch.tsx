import { type FormEvent, useEffect, useState } from "react";
import { formatClock, formatPercent } from "../charts/transforms.ts";
import type { TraceMatch, TraceQuery } from "./types.ts";
import "./traces.css";

export type TraceSearchStatus = "idle" | "loading" | "error" | "done";

export interface EventTraceSearchProps {
  onSearch: (query: TraceQuery) => void;
  status: TraceSearchStatus;
  /** Message of a failed search. */
  error?: string;
  /** Events that matched the last search, read when `status` is "done". */
  matches?: readonly TraceMatch[];
  selectedEventId?: string;
  onSelectMatch: (eventId: string) => void;
  /** Fraction of events traced, 0..1, shown so that a miss can be explained. */
  samplingRate?: number;
  /** A query set from elsewhere, such as a dead-letter row, which replaces the input's text. */
  query?: TraceQuery;
  /**
   * Newest traced events with a failed attempt, listed as a starting point
   * while no search has run. Undefined while they load.
   */
  recentFailures?: readonly TraceMatch[];
}

const OUTCOME_TEXT: Record<NonNullable<TraceMatch["outcome"]>, string> = {
  delivered: "delivered",
  deadLettered: "dead-lettered",
  pending: "pending",
};

/**
 * A form that finds sampled events by event id or key, and the list of
 * matches to choose one from. The search itself is the caller's: this
 * component only reports the query and shows the result it is given.
 */
export function EventTraceSearch({
  onSearch,
  status,
  error,
  matches,
  selectedEventId,
  onSelectMatch,
  samplingRate,
  query,
  recentFailures,
}: EventTraceSearchProps) {
  const [by, setBy] = useState<TraceQuery["by"]>(query?.by ?? "eventId");
  const [text, setText] = useState(query?.value ?? "");
  const [isBlank, setIsBlank] = useState(false);

  useEffect(() => {
    if (query) {
      setBy(query.by);
      setText(query.value);
    }
  }, [query]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = text.trim();
    setIsBlank(value === "");
    if (value !== "") {
      onSearch({ by, value });
    }
  }

  return (
    <div className="es-trace-search" data-testid="trace-search">
      <search aria-label="Find an event trace">
        <form onSubmit={submit}>
          <select
            value={by}
            onChange={(event) => setBy(event.target.value as TraceQuery["by"])}
            aria-label="Search by"
            data-testid="trace-search-by"
          >
            <option value="eventId">Event id</option>
            <option value="key">Key</option>
          </select>
          <input
            type="search"
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder={by === "eventId" ? "Event id" : "Event key"}
            aria-label={by === "eventId" ? "Event id to find" : "Event key to find"}
            aria-invalid={isBlank}
            data-testid="trace-search-input"
          />
          <button
            type="submit"
            disabled={status === "loading"}
            data-testid="trace-search-submit"
          >
            Find
          </button>
          {samplingRate !== undefined && (
            <span className="muted" data-testid="trace-search-sampling">
              Tracing {formatPercent(samplingRate)} of events
            </span>
          )}
        </form>
      </search>

      {isBlank && (
        <p className="panel-error" role="alert" data-testid="trace-search-blank">
          Enter an event id or key to search for.
        </p>
      )}
      <SearchResult
        status={status}
        error={error}
        matches={matches}
        selectedEventId={selectedEventId}
        onSelectMatch={onSelectMatch}
        samplingRate={samplingRate}
      />
      {status === "idle" && recentFailures && (
        <RecentFailures
          matches={recentFailures}
          selectedEventId={selectedEventId}
          onSelectMatch={onSelectMatch}
        />
      )}
    </div>
  );
}

function RecentFailures({
  matches,
  selectedEventId,
  onSelectMatch,
}: Pick<EventTraceSearchProps, "selectedEventId" | "onSelectMatch"> & {
  matches: readonly TraceMatch[];
}) {
  return (
    <section aria-label="Recent failures" data-testid="trace-recent-failures">
      <h3 className="es-trace-heading">Newest traced events with a failed attempt</h3>
      {matches.length === 0 ? (
        <p className="muted" role="status" data-testid="trace-recent-failures-none">
          No traced event has failed an attempt yet.
        </p>
      ) : (
        <MatchList
          matches={matches}
          selectedEventId={selectedEventId}
          onSelectMatch={onSelectMatch}
          label="Traced events with a failed attempt"
        />
      )}
    </section>
  );
}

function SearchResult({
  status,
  error,
  matches,
  selectedEventId,
  onSelectMatch,
  samplingRate,
}: Pick<
  EventTraceSearchProps,
  "status" | "error" | "matches" | "selectedEventId" | "onSelectMatch" | "samplingRate"
>) {
  if (status === "idle") {
    return null;
  }
  if (status === "loading") {
    return (
      <p className="muted" role="status" data-testid="trace-search-loading">
        Searching…
      </p>
    );
  }
  if (status === "error") {
    return (
      <p className="panel-error" role="alert" data-testid="trace-search-error">
        Search failed: {error ?? "unknown error"}
      </p>
    );
  }
  if (!matches || matches.length === 0) {
    const hint =
      samplingRate !== undefined && samplingRate < 1
        ? ` Only ${formatPercent(samplingRate)} of events are traced.`
        : "";
    return (
      <p className="muted" role="status" data-testid="trace-search-none">
        No traced event matches.{hint}
      </p>
    );
  }
  return (
    <MatchList
      matches={matches}
      selectedEventId={selectedEventId}
      onSelectMatch={onSelectMatch}
      label="Matching events"
    />
  );
}

function MatchList({
  matches,
  selectedEventId,
  onSelectMatch,
  label,
}: Pick<EventTraceSearchProps, "selectedEventId" | "onSelectMatch"> & {
  matches: readonly TraceMatch[];
  label: string;
}) {
  return (
    <ul className="es-trace-matches" aria-label={label} data-testid="trace-matches">
      {matches.map((match) => (
        <li key={match.eventId}>
          <button
            type="button"
            className="es-trace-match"
            aria-pressed={match.eventId === selectedEventId}
            aria-label={`Show the trace of event ${match.eventId}, key ${match.key}`}
            onClick={() => onSelectMatch(match.eventId)}
            data-testid="trace-match"
            data-event-id={match.eventId}
          >
            <span>{match.eventId}</span>
            <span className="muted">key {match.key}</span>
            {match.topic && <span className="muted">{match.topic}</span>}
            <span className="muted">{formatClock(match.publishedAtMs, true)}</span>
            {match.outcome && (
              <span className={`es-trace-outcome-${match.outcome}`}>
                {OUTCOME_TEXT[match.outcome]}
              </span>
            )}
            {match.routes !== undefined && (
              <span className="muted">{countOf(match.routes, "route")}</span>
            )}
            {match.retries !== undefined && (
              <span className="muted">{countOf(match.retries, "retry", "retries")}</span>
            )}
          </button>
        </li>
      ))}
    </ul>
  );
}

function countOf(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
