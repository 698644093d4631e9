/**
 * Headless command line: `npm run cli -- COMMAND ...`. Each command module
 * exports `run(args)`, which resolves to the process exit code: 0 on success,
 * 2 on invalid input (with a message on stderr and no stack trace), 1 on any
 * other failure.
 */
const commands: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  simulate: {
    summary:
      "simulate SCENARIO.yaml [--duration 15m] [--json]  run a scenario as fast as possible",
    load: () => import("./simulate.ts"),
  },
  analyze: {
    summary: "analyze FILE... [--json]  read OTLP/JSON, Jaeger or Zipkin trace files",
    load: () => import("./analyze.ts"),
  },
};

export interface CliCommand {
  run(args: string[]): Promise<number>;
}

function printUsage(): void {
  const lines = Object.values(commands).map((command) => `  ${command.summary}`);
  console.error(
    `usage: npm run cli -- COMMAND [options]\n\ncommands:\n${lines.join("\n")}`,
  );
}

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  if (!name || name === "--help" || name === "-h") {
    printUsage();
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".`);
    printUsage();
    return 2;
  }
  try {
    const module = await command.load();
    return await module.run(rest);
  } catch (error) {
    console.error(
      `eventscope ${name} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
}

process.exitCode = await main();
