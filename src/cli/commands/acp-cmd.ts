import type { Command } from "commander";
import { addSessionOptions, configOptionsOf } from "../options.js";

/** `codex-litellm acp`: the Agent Client Protocol server an editor starts (its code is loaded only here). */
export function registerAcpCommand(program: Command): void {
  addSessionOptions(
    program
      .command("acp")
      .description(
        "serve the Agent Client Protocol on stdin/stdout, for editors such as Zed (stdout carries only protocol messages)",
      ),
  ).action(async (_opts, cmd: Command) => {
    const { runAcp } = await import("../../acp/server.js");
    process.exitCode = await runAcp({ load: configOptionsOf(cmd) });
  });
}
