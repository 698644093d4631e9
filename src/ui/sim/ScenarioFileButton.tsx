import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { MAX_SCENARIO_CHARS } from "../../formats/scenario.ts";
import { useEngine } from "../engine/EngineProvider.tsx";
import { engineKeys } from "../engine/queries.ts";
import { useUiStore } from "../store.ts";

/** Prefix of the scenario name in UI state for a scenario read from a file. */
export const FILE_SCENARIO_PREFIX = "file:";

/**
 * Opens a scenario YAML file and runs it. An invalid file leaves the running
 * scenario as it was and shows every problem with its line and field.
 */
export function ScenarioFileButton() {
  const engine = useEngine();
  const client = useQueryClient();
  const setScenario = useUiStore((state) => state.setScenario);
  const input = useRef<HTMLInputElement>(null);

  const load = useMutation({
    mutationFn: async (file: File) => {
      // UTF-8 text never has more characters than bytes, so the byte size bounds it.
      if (file.size > MAX_SCENARIO_CHARS * 4) {
        throw new Error(
          `${file.name} is ${file.size} bytes, over the scenario limit of ${MAX_SCENARIO_CHARS} characters; scenarios are a few kilobytes of YAML.`,
        );
      }
      const yaml = await file.text();
      return engine.call("loadScenario", { yaml, fileName: file.name });
    },
    onSuccess: (summary) => {
      const name = `${FILE_SCENARIO_PREFIX}${summary.source}`;
      client.setQueryData(engineKeys.scenario(name, undefined), summary);
      setScenario(name, undefined);
    },
  });

  return (
    <span className="sim-group">
      <button
        type="button"
        onClick={() => input.current?.click()}
        data-testid="scenario-open"
      >
        Open scenario…
      </button>
      <input
        ref={input}
        type="file"
        accept=".yaml,.yml,application/yaml,text/yaml"
        hidden
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) load.mutate(file);
          event.target.value = "";
        }}
        data-testid="scenario-file-input"
      />
      {load.error && (
        <span
          role="alert"
          className="sim-error scenario-file-error"
          data-testid="scenario-file-error"
        >
          {load.error.message}
        </span>
      )}
    </span>
  );
}
