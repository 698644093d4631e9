import { type FormEvent, useState } from "react";
import type { Snapshot } from "../../engine/metrics/snapshot.ts";
import type { ControlCommand, ScenarioSummary } from "../../worker/protocol.ts";
import { formatClock, formatLatency } from "../charts/transforms.ts";
import { useControl } from "../engine/queries.ts";
import { ScenarioFileButton } from "./ScenarioFileButton.tsx";
import "./simulation.css";

const SPEEDS: { label: string; value: number }[] = [
  { label: "1x", value: 1 },
  { label: "10x", value: 10 },
  { label: "60x", value: 60 },
  { label: "As fast as possible", value: Number.POSITIVE_INFINITY },
];

const FAULT_KINDS: { kind: "slow" | "errors" | "pause" | "crash"; label: string }[] = [
  { kind: "slow", label: "Slow down by a factor" },
  { kind: "errors", label: "Raise error rate to" },
  { kind: "pause", label: "Pause" },
  { kind: "crash", label: "Crash for seconds" },
];

interface Props {
  scenario: ScenarioSummary;
  snapshot?: Snapshot | null;
}

/** Runtime controls of the simulation: run state, speed, producer rates and fault injection. */
export function SimulationBar({ scenario, snapshot }: Props) {
  const control = useControl();
  const running = snapshot?.state === "running";
  const send = (command: ControlCommand) => control.mutate(command);

  return (
    <section className="sim-bar" aria-label="Simulation controls" data-testid="sim-bar">
      <button
        type="button"
        onClick={() => send({ action: running ? "pause" : "start" })}
        data-testid="sim-toggle"
      >
        {running ? "Pause" : "Start"}
      </button>
      <button
        type="button"
        onClick={() => send({ action: "reset" })}
        data-testid="sim-reset"
      >
        Reset
      </button>
      <label className="field">
        <span>Speed</span>
        <select
          value={String(snapshot?.speed ?? 1)}
          onChange={(event) =>
            send({ action: "speed", speed: Number(event.target.value) })
          }
          data-testid="sim-speed"
        >
          {SPEEDS.map((speed) => (
            <option key={speed.label} value={String(speed.value)}>
              {speed.label}
            </option>
          ))}
        </select>
      </label>
      <output
        className="sim-clock"
        data-testid="sim-clock"
        data-now-ms={snapshot?.nowMs ?? 0}
      >
        {snapshot
          ? `${snapshot.state} · t = ${formatClock(snapshot.nowMs)}`
          : "not started"}
      </output>
      {snapshot?.engineLatency && snapshot.engineLatency.count > 0 && (
        <output
          className="sim-clock"
          data-testid="engine-latency"
          title="Wall-clock time from publishing an outcome record into the engine's ring buffer to the metrics handler reading it, sampled. The charts show simulated delivery latency in virtual time instead."
        >
          engine ring latency (wall clock): p50{" "}
          {formatLatency(snapshot.engineLatency.p50Micros / 1000)}, p99{" "}
          {formatLatency(snapshot.engineLatency.p99Micros / 1000)}
        </output>
      )}
      <ScenarioFileButton />
      <RateControl producers={scenario.producers} onSubmit={send} />
      <FaultControl services={scenario.services} snapshot={snapshot} onSubmit={send} />
      {control.error && (
        <span role="alert" className="sim-error">
          {control.error.message}
        </span>
      )}
    </section>
  );
}

function RateControl({
  producers,
  onSubmit,
}: {
  producers: string[];
  onSubmit: (command: ControlCommand) => void;
}) {
  const [producer, setProducer] = useState(producers[0] ?? "");
  const [rate, setRate] = useState("");
  const parsed = Number(rate);
  const isValid =
    rate !== "" && Number.isFinite(parsed) && parsed >= 0 && parsed <= 10_000_000;

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (isValid) onSubmit({ action: "rate", producer, ratePerSecond: parsed });
  }

  return (
    <form className="sim-group" onSubmit={submit} aria-label="Producer rate">
      <select
        value={producer}
        onChange={(event) => setProducer(event.target.value)}
        aria-label="Producer"
        data-testid="rate-producer"
      >
        {producers.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <input
        type="number"
        min={0}
        step="any"
        value={rate}
        placeholder="events/s"
        onChange={(event) => setRate(event.target.value)}
        aria-label="Rate in events per second"
        aria-invalid={rate !== "" && !isValid}
        data-testid="rate-value"
      />
      <button type="submit" disabled={!isValid} data-testid="rate-apply">
        Set rate
      </button>
    </form>
  );
}

function FaultControl({
  services,
  snapshot,
  onSubmit,
}: {
  services: string[];
  snapshot?: Snapshot | null;
  onSubmit: (command: ControlCommand) => void;
}) {
  const [service, setService] = useState(services[0] ?? "");
  const [kind, setKind] = useState<(typeof FAULT_KINDS)[number]["kind"]>("errors");
  const [value, setValue] = useState("0.5");
  const activeFaults = snapshot?.services.flatMap((state) => state.faults) ?? [];
  const needsValue = kind !== "pause";
  const parsed = Number(value);
  const isValid =
    !needsValue ||
    (Number.isFinite(parsed) &&
      (kind === "errors" ? parsed >= 0 && parsed <= 1 : parsed > 0 && parsed <= 1000));

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!isValid) return;
    if (kind === "crash")
      onSubmit({ action: "fault", service, kind, durationMs: parsed * 1000 });
    else if (kind === "pause") onSubmit({ action: "fault", service, kind });
    else onSubmit({ action: "fault", service, kind, value: parsed });
  }

  return (
    <form className="sim-group" onSubmit={submit} aria-label="Fault injection">
      <select
        value={service}
        onChange={(event) => setService(event.target.value)}
        aria-label="Service"
        data-testid="fault-service"
      >
        {services.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <select
        value={kind}
        onChange={(event) => setKind(event.target.value as typeof kind)}
        aria-label="Fault kind"
        data-testid="fault-kind"
      >
        {FAULT_KINDS.map((fault) => (
          <option key={fault.kind} value={fault.kind}>
            {fault.label}
          </option>
        ))}
      </select>
      {needsValue && (
        <input
          type="number"
          step="any"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          aria-label={
            kind === "errors"
              ? "Failure probability, 0 to 1"
              : kind === "slow"
                ? "Slow-down factor"
                : "Crash duration in seconds"
          }
          aria-invalid={!isValid}
          data-testid="fault-value"
        />
      )}
      <button type="submit" disabled={!isValid} data-testid="fault-inject">
        Inject fault
      </button>
      <button
        type="button"
        onClick={() => onSubmit({ action: "clearFaults" })}
        disabled={activeFaults.length === 0}
        data-testid="fault-clear"
      >
        Clear faults{activeFaults.length > 0 ? ` (${activeFaults.length})` : ""}
      </button>
    </form>
  );
}
