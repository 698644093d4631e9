import type { Snapshot, WindowName } from "../../engine/metrics/snapshot.ts";
import { formatLatency, formatPercent } from "../charts/transforms.ts";

interface Props {
  snapshot: Snapshot;
  window: WindowName;
  /** Called with a service name when its row is chosen. */
  onSelectService?: (name: string) => void;
}

function describeFault(fault: Snapshot["services"][number]["faults"][number]): string {
  switch (fault.kind) {
    case "slow":
      return `slow ×${fault.value ?? 1}`;
    case "errors":
      return `errors ${formatPercent(fault.value ?? 0)}`;
    case "pause":
      return "paused";
    case "crash":
      return "crashed";
  }
}

/** Live state of every service from the latest snapshot: queue, workers busy, lag and faults. */
export function ServiceTable({ snapshot, window, onSelectService }: Props) {
  const scopes = new Map(
    snapshot.scopes
      .filter((scope) => scope.kind === "service")
      .map((scope) => [scope.id, scope]),
  );
  return (
    <table className="data-table" data-testid="service-table">
      <caption className="muted">Services now, latency over the {window} window</caption>
      <thead>
        <tr>
          <th scope="col">Service</th>
          <th scope="col">Queue</th>
          <th scope="col">Busy</th>
          <th scope="col">Lag</th>
          <th scope="col">p99</th>
          <th scope="col">Dead-letter ratio</th>
          <th scope="col">Faults</th>
        </tr>
      </thead>
      <tbody>
        {snapshot.services.map((service) => {
          const stats = scopes.get(service.name)?.windows[window];
          return (
            <tr key={service.name} data-service={service.name}>
              <td>
                {onSelectService ? (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => onSelectService(service.name)}
                  >
                    {service.name}
                  </button>
                ) : (
                  service.name
                )}
              </td>
              <td className="num" data-testid="service-queue">
                {service.queueLength}
              </td>
              <td className="num">
                {service.inFlight}/{service.concurrency}
              </td>
              <td className="num">{service.lag}</td>
              <td className="num">
                {stats && stats.count > 0 ? formatLatency(stats.p99) : "–"}
              </td>
              <td className={`num${stats && stats.deadLetterRatio > 0 ? " bad" : ""}`}>
                {stats ? formatPercent(stats.deadLetterRatio) : "–"}
              </td>
              <td
                className={service.faults.length > 0 ? "bad" : "muted"}
                data-testid="service-faults"
              >
                {service.faults.length > 0
                  ? service.faults.map(describeFault).join(", ")
                  : "none"}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
