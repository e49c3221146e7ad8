import type { Command } from "commander";
import { addConfigOptions, configOptionsOf } from "../options.js";
import { printJson } from "../output.js";

/** `doctor [--json] [--live]`: exit 1 when a check fails, 0 otherwise. */
export function registerDoctorCommand(program: Command): void {
  addConfigOptions(
    program
      .command("doctor")
      .description(
        "check config, proxy reachability, key, model, context window, telemetry, sandbox and MCP servers (exit 1 when a check fails)",
      ),
  )
    .option("--json", "print {checks: [{name, status, detail, hint?}]} as JSON")
    .option("--live", "also stream a tiny request to the configured model (costs a few tokens)")
    .action(async (opts: { json?: boolean; live?: boolean }, cmd: Command) => {
      const { formatChecks, hasFailures, runDoctor } = await import("../../doctor/index.js");
      const checks = await runDoctor({ load: configOptionsOf(cmd), live: opts.live === true });
      if (opts.json) printJson({ checks });
      else process.stdout.write(formatChecks(checks));
      process.exitCode = hasFailures(checks) ? 1 : 0;
    });
}
