// `shell_command`, the shell tool of catalog models whose `shell_type` is `shell_command`: one
// script string run by the user's shell (`/bin/bash -lc SCRIPT`), otherwise the shell tool.
// Parameters and words as upstream's spec.
// What a call does is in shell-run.ts, loaded on the first call.
import { z } from "zod";
import { approvalArguments } from "./approval-arguments.js";
import { functionTool } from "./function-tool.js";
import { toolRunners } from "./tool-runners.js";

// Keys in upstream's (alphabetical) order.
export const ShellCommandArgs = z.object({
  command: z.string().describe("The shell script to execute in the user's default shell"),
  justification: approvalArguments.justification,
  login: z.boolean().describe("Whether to run the shell with login shell semantics. Defaults to true.").optional(),
  prefix_rule: approvalArguments.prefix_rule,
  sandbox_permissions: approvalArguments.sandbox_permissions,
  timeout_ms: z.number().describe("The timeout for the command in milliseconds").optional(),
  workdir: z.string().describe("The working directory to execute the command in").optional(),
});

export const shellCommandTool = functionTool({
  name: "shell_command",
  description:
    "Runs a shell command and returns its output.\n- Always set the `workdir` param when using the shell_command function. Do not use `cd` unless absolutely necessary.",
  parameters: ShellCommandArgs,
  run: async (args, ctx, call) => (await toolRunners()).runShellCommandTool(args, ctx, call),
});
