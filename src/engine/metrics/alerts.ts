/**
 * Dead-letter ratio alerts with hysteresis. An alert fires when a scope's
 * ratio over the alert window reaches the threshold with at least the
 * minimum volume. It resolves only when the ratio falls to the recovery
 * level, so a ratio hovering at the threshold does not flap.
 */
import type { AlertSettings } from "../sim/scenario.ts";
import type { AlertState, AlertTransition } from "./snapshot.ts";

const MAX_TRANSITIONS = 500;

export class AlertTracker {
  private readonly alerts = new Map<string, AlertState>();
  private readonly transitions: AlertTransition[] = [];
  private transitionCount = 0;

  constructor(private readonly settings: AlertSettings) {}

  /** Applies one evaluation of a scope at virtual time `atMs`. */
  evaluate(
    scopeId: string,
    scopeKind: AlertState["scopeKind"],
    atMs: number,
    deadLettered: number,
    volume: number,
  ): void {
    const ratio = volume > 0 ? deadLettered / volume : 0;
    const id = `dlq:${scopeId}`;
    const alert = this.alerts.get(id);
    const isFiring = alert?.state === "firing";

    if (
      !isFiring &&
      volume >= this.settings.minVolume &&
      ratio >= this.settings.threshold
    ) {
      const fired: AlertState = {
        id,
        scopeId,
        scopeKind,
        state: "firing",
        firedAtMs: atMs,
        value: ratio,
        threshold: this.settings.threshold,
        recovery: this.settings.recovery,
        window: this.settings.window,
      };
      this.alerts.set(id, fired);
      this.log({ id, scopeId, state: "firing", atMs, value: ratio, volume });
    } else if (isFiring && alert && ratio <= this.settings.recovery) {
      alert.state = "resolved";
      alert.resolvedAtMs = atMs;
      alert.value = ratio;
      this.log({ id, scopeId, state: "resolved", atMs, value: ratio, volume });
    }
  }

  /** Returns copies of every alert that has fired, firing ones first, then by id. */
  list(): AlertState[] {
    return [...this.alerts.values()]
      .map((alert) => ({ ...alert }))
      .sort((a, b) => {
        if (a.state !== b.state) return a.state === "firing" ? -1 : 1;
        return a.id.localeCompare(b.id);
      });
  }

  /** Returns the latest transitions, oldest first, and how many happened in total. */
  history(): { transitions: AlertTransition[]; total: number } {
    return {
      transitions: this.transitions.map((entry) => ({ ...entry })),
      total: this.transitionCount,
    };
  }

  private log(transition: AlertTransition): void {
    this.transitionCount++;
    this.transitions.push(transition);
    if (this.transitions.length > MAX_TRANSITIONS) this.transitions.shift();
  }
}
