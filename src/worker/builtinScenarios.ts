/**
 * The scenarios under scenarios/ bundled into the worker by Vite, by file
 * name without `.yaml`; `default` is the one the dashboard opens on.
 */
const files = import.meta.glob<string>("../../scenarios/*.yaml", {
  query: "?raw",
  import: "default",
  eager: true,
});

export const builtinScenarios: Record<string, string> = Object.fromEntries(
  Object.entries(files).map(([path, text]) => [path.replace(/^.*\/|\.yaml$/g, ""), text]),
);
