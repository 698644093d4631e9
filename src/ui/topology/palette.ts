/**
 * Concrete colors for the canvas renderer and the exports, read from the
 * CSS custom properties of the page, so both themes match the SVG view.
 */
import type { Health } from "../../engine/topology/health.ts";
import type { NodeKind } from "../../engine/topology/model.ts";

export interface Palette {
  background: string;
  foreground: string;
  muted: string;
  panel: string;
  border: string;
  accent: string;
  health: Record<Health, string>;
  kind: Record<NodeKind, string>;
}

/** Colours used where no stylesheet applies, such as Node tests: the light theme. */
export const lightPalette: Palette = {
  background: "#f6f7f9",
  foreground: "#1b1f24",
  muted: "#5b6570",
  panel: "#ffffff",
  border: "#d5dae0",
  accent: "#2563eb",
  health: { unknown: "#8a94a0", ok: "#15803d", degraded: "#b45309", failing: "#b91c1c" },
  kind: {
    producer: "#dbeafe",
    topic: "#ede9fe",
    service: "#dcfce7",
    rule: "#fef9c3",
    deadLetterQueue: "#fee2e2",
    external: "#e5e7eb",
  },
};

const kindProperty: Record<NodeKind, string> = {
  producer: "--topology-producer",
  topic: "--topology-topic",
  service: "--topology-service",
  rule: "--topology-rule",
  deadLetterQueue: "--topology-dead-letter-queue",
  external: "--topology-external",
};

/** Reads the palette from the custom properties in effect on `element`. */
export function readPalette(element: Element): Palette {
  const style = getComputedStyle(element);
  const read = (property: string, fallback: string) =>
    style.getPropertyValue(property).trim() || fallback;
  const kind = { ...lightPalette.kind };
  for (const [name, property] of Object.entries(kindProperty)) {
    kind[name as NodeKind] = read(property, lightPalette.kind[name as NodeKind]);
  }
  return {
    background: read("--bg", lightPalette.background),
    foreground: read("--fg", lightPalette.foreground),
    muted: read("--muted", lightPalette.muted),
    panel: read("--panel", lightPalette.panel),
    border: read("--border", lightPalette.border),
    accent: read("--accent", lightPalette.accent),
    health: {
      unknown: read("--topology-unknown", lightPalette.health.unknown),
      ok: read("--ok", lightPalette.health.ok),
      degraded: read("--warn", lightPalette.health.degraded),
      failing: read("--bad", lightPalette.health.failing),
    },
    kind,
  };
}
