import type { AlertState } from "../../engine/metrics/snapshot.ts";
import { countFiring } from "./alertLog.ts";
import "./alerts.css";

export interface AlertCountBadgeProps {
  alerts: readonly AlertState[];
}

/** The number of alerts firing now, red when above zero. */
export function AlertCountBadge({ alerts }: AlertCountBadgeProps) {
  const firing = countFiring(alerts);
  const label = firing === 1 ? "1 alert firing" : `${firing} alerts firing`;
  return (
    <span
      className={`es-badge${firing > 0 ? " es-badge-firing" : ""}`}
      role="status"
      aria-label={label}
      title={label}
      data-testid="alert-count-badge"
      data-count={firing}
    >
      {firing}
    </span>
  );
}
