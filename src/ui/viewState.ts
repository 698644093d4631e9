/**
 * The shareable part of the UI state, kept in the URL query string so that a
 * copied link opens the same view: panel, metric window, source, scenario and seed.
 */
import type { WindowName } from "../engine/metrics/snapshot.ts";

export const PANELS = [
  "overview",
  "topology",
  "latency",
  "deadletters",
  "alerts",
  "traces",
] as const;
export type PanelId = (typeof PANELS)[number];

export const WINDOWS: readonly WindowName[] = ["1m", "5m", "15m"];

export const SOURCES = ["simulation", "import"] as const;
export type SourceId = (typeof SOURCES)[number];

export interface ViewState {
  panel: PanelId;
  window: WindowName;
  source: SourceId;
  scenario: string;
  /** Seed of the simulation's PRNG; undefined uses the scenario's own seed. */
  seed?: number;
}

export const DEFAULT_VIEW: ViewState = {
  panel: "overview",
  window: "1m",
  source: "simulation",
  scenario: "default",
};

const SCENARIO_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

function pick<T extends string>(
  allowed: readonly T[],
  value: string | null,
  fallback: T,
): T {
  return value !== null && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : fallback;
}

/** Reads a view from a query string; unknown or malformed values fall back to the defaults. */
export function parseViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const seedText = params.get("seed");
  const seed =
    seedText !== null && /^\d{1,10}$/.test(seedText) ? Number(seedText) : undefined;
  const scenario = params.get("scenario");
  return {
    panel: pick(PANELS, params.get("panel"), DEFAULT_VIEW.panel),
    window: pick(WINDOWS, params.get("window"), DEFAULT_VIEW.window),
    source: pick(SOURCES, params.get("source"), DEFAULT_VIEW.source),
    scenario:
      scenario !== null && SCENARIO_NAME.test(scenario)
        ? scenario
        : DEFAULT_VIEW.scenario,
    seed: seed !== undefined && seed <= 0xffffffff ? seed : undefined,
  };
}

/**
 * Writes a view into a query string, leaving out values equal to the
 * defaults and keeping parameters that are not part of the view (such as `import`).
 */
export function formatViewState(view: ViewState, currentSearch = ""): string {
  const params = new URLSearchParams(currentSearch);
  const entries: [keyof ViewState, string | undefined][] = [
    ["panel", view.panel === DEFAULT_VIEW.panel ? undefined : view.panel],
    ["window", view.window === DEFAULT_VIEW.window ? undefined : view.window],
    ["source", view.source === DEFAULT_VIEW.source ? undefined : view.source],
    ["scenario", view.scenario === DEFAULT_VIEW.scenario ? undefined : view.scenario],
    ["seed", view.seed === undefined ? undefined : String(view.seed)],
  ];
  for (const [key, value] of entries) {
    if (value === undefined) params.delete(key);
    else params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}
