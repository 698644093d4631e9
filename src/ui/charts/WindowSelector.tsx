import type { WindowName } from "../../engine/metrics/snapshot.ts";
import { WINDOW_NAMES } from "./transforms.ts";
import "./charts.css";

export interface WindowSelectorProps {
  window: WindowName;
  onWindowChange: (window: WindowName) => void;
  /** Prefix of each button's test id: `${testIdPrefix}-1m` and so on. */
  testIdPrefix?: string;
}

/** Buttons that choose the sliding window (1m, 5m, 15m) the charts show. */
export function WindowSelector({
  window,
  onWindowChange,
  testIdPrefix = "window",
}: WindowSelectorProps) {
  return (
    <fieldset className="es-segmented" aria-label="Metrics window">
      {WINDOW_NAMES.map((name) => (
        <button
          key={name}
          type="button"
          aria-pressed={name === window}
          aria-label={`Show the ${name} window`}
          onClick={() => onWindowChange(name)}
          data-testid={`${testIdPrefix}-${name}`}
        >
          {name}
        </button>
      ))}
    </fieldset>
  );
}
