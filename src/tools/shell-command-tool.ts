// `shell_command`, the shell tool of catalog models whose `shell_type` is `shell_command`: one
// script string run by the user's shell (`/bin/bash -lc SCRIPT`), otherwise the shell tool.
// Parameters and words as upstream's spec.
import path from "node:path";
import { z } from "zod";
import { approvalArguments, escalationRefusal, interceptPatch, missingWorkdir, userShellArgv } from "./command-flow.js";
import { functionTool } from "./function-tool.js";
import { runShell } from "./shell-tool.js";

// Keys in upstream's (alphabetical) order.
const ShellCommandArgs = z.object({
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
  run(args, ctx, call) {
    const escalate = args.sandbox_permissions === "require_escalated";
    const refusal = escalate ? escalationRefusal(ctx.config.approvalPolicy) : null;
    if (refusal) return Promise.resolve({ output: refusal, success: false });
    const cwd = args.workdir ? path.resolve(ctx.cwd, args.workdir) : ctx.cwd;
    const missing = missingWorkdir("shell_command", cwd, ctx.cwd);
    if (missing) return Promise.resolve({ output: missing, success: false });
    const argv = userShellArgv(args.command, args.login ?? true);
    return (
      interceptPatch(argv, cwd, call.callId, ctx) ??
      runShell(argv, cwd, args.timeout_ms, escalate, args.justification ?? null, call.callId, ctx, true)
    );
  },
});
