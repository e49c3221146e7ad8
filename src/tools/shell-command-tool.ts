// `shell_command`, the shell tool of catalog models whose `shell_type` is `shell_command`: one
// script string run by the user's shell (`/bin/bash -lc SCRIPT`), otherwise the shell tool.
// Parameters and words as upstream's spec.
// What a call does is in shell-run.ts, loaded on the first call.
import { functionTool } from "./function-tool.js";
import { ShellCommandArgs } from "./shell-tool-args.js";
import { toolRunners } from "./tool-runners.js";

export const shellCommandTool = functionTool({
  name: "shell_command",
  description:
    "Runs a shell command and returns its output.\n- Always set the `workdir` param when using the shell_command function. Do not use `cd` unless absolutely necessary.",
  parameters: ShellCommandArgs,
  run: async (args, ctx, call) => (await toolRunners()).runShellCommandTool(args, ctx, call),
});
