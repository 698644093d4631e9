/** Key to the drawing: node kinds, health colors and edge widths. */
import { memo } from "react";
import type { Health, HealthConfig } from "../../engine/topology/health.ts";
import type { NodeKind } from "../../engine/topology/model.ts";
import { formatPercent, formatRate } from "./format.ts";
import { edgeWidthScale, healthLabel, kindAbbreviation, kindLabel } from "./scene.ts";

const kinds: NodeKind[] = [
  "producer",
  "topic",
  "service",
  "rule",
  "deadLetterQueue",
  "external",
];
const healths: Health[] = ["ok", "degraded", "failing", "unknown"];

interface Props {
  health: HealthConfig;
  maxRatePerSecond: number;
}

export const Legend = memo(LegendContent);

function LegendContent({ health, maxRatePerSecond }: Props) {
  const widthOf = edgeWidthScale(maxRatePerSecond);
  const rates = maxRatePerSecond > 0 ? [0, maxRatePerSecond / 4, maxRatePerSecond] : [];
  const deadLetter = health.deadLetterRatio;

  return (
    // Open by default; it folds to its summary when it hides too much of a
    // small panel.
    <details className="topology-legend" data-testid="topology-legend" open>
      <summary data-testid="topology-legend-toggle">Legend</summary>
      <ul className="topology-legend-list">
        {kinds.map((kind) => (
          <li key={kind}>
            <span className={`topology-swatch kind-${kind}`} aria-hidden="true">
              {kindAbbreviation[kind]}
            </span>
            {kindLabel[kind]}
          </li>
        ))}
      </ul>
      <ul className="topology-legend-list">
        {healths.map((level) => (
          <li key={level}>
            <span className={`topology-line health-${level}`} aria-hidden="true" />
            {healthLabel[level]}
          </li>
        ))}
      </ul>
      <p className="topology-muted">
        Dead letters at or above {formatPercent(deadLetter.degraded)} degraded, at or
        above {formatPercent(deadLetter.failing)} failing.
        {health.latency ? ` p99 objective ${health.latency.p99Ms} ms.` : ""}
      </p>
      {rates.length > 0 && (
        <ul className="topology-legend-list" aria-label="Edge width by rate">
          {rates.map((rate) => (
            <li key={rate}>
              <svg width="32" height="12" aria-hidden="true">
                <line
                  x1="0"
                  y1="6"
                  x2="32"
                  y2="6"
                  className="topology-rate-line"
                  strokeWidth={widthOf(rate)}
                />
              </svg>
              {formatRate(rate)}/s
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
