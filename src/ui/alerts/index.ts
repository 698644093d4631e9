export { AlertCountBadge, type AlertCountBadgeProps } from "./AlertCountBadge.tsx";
export { type AlertFilter, AlertsPanel, type AlertsPanelProps } from "./AlertsPanel.tsx";
export { type AlertEpisode, countFiring, mergeAlertLog, sortAlerts } from "./alertLog.ts";
export { alertLogStore, createAlertLogStore, useAlertLog } from "./useAlertLog.ts";
