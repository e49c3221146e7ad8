import type { Command } from "commander";
import { loadConfig } from "../../config/load.js";
import { addConfigOptions, configOptionsOf } from "../options.js";
import { printJson } from "../output.js";
import { notBuilt } from "./not-built.js";

export function registerTelemetryCommand(program: Command): void {
  const telemetry = program.command("telemetry").description("LiteLLM usage telemetry: resolved settings, summaries, live tail, export");

  addConfigOptions(telemetry.command("config").description("print the resolved [telemetry] settings as JSON (defaults applied, extra telemetry.logs.* entries included)"))
    .option("--telemetry", "as if --telemetry were given")
    .option("--no-telemetry", "as if --no-telemetry were given")
    .action(async (_opts, cmd: Command) => {
      const config = await loadConfig(configOptionsOf(cmd));
      printJson(config.telemetry);
    });

  for (const [name, description] of [
    ["summary", "totals by model, day and session: turns, tokens, cached share, cost"],
    ["tail", "follow the LiteLLM usage log live"],
    ["sessions", "list sessions found in the usage log"],
    ["export", "export usage records as CSV or JSON"],
  ] as const) {
    telemetry.command(name).description(description).allowUnknownOption().allowExcessArguments().action(() => notBuilt(`telemetry ${name}`));
  }
}
