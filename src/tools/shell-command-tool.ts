// `shell_command`, the shell tool of catalog models whose `shell_type` is `shell_command`: one
// script string run by the user's shell (`/bin/bash -lc SCRIPT`), otherwise the shell tool.
// Parameters and words as upstream's spec.
import path from "node:path";
import { z } from "zod";
import {
  APPROVAL_PARAMETERS,
  approvalArguments,
  escalationRefusal,
  interceptPatch,
  missingWorkdir,
  userShellArgv,
} from "./command-flow.js";
import { runShell } from "./shell-tool.js";
import type { Tool } from "./tool.js";
import { parseToolArguments } from "./tool-args.js";

const ShellCommandArgs = z.object({
  command: z.string(),
  workdir: z.string().optional(),
  login: z.boolean().optional(),
  timeout_ms: z.number().optional(),
  ...approvalArguments,
});

export const shellCommandTool: Tool = {
  name: "shell_command",
  spec: () => ({
    type: "function",
    name: "shell_command",
    description:
      "Runs a shell command and returns its output.\n- Always set the `workdir` param when using the shell_command function. Do not use `cd` unless absolutely necessary.",
    strict: false,
    parameters: {
      type: "object",
      properties: {
        command: { type: "string", description: "The shell script to execute in the user's default shell" },
        justification: APPROVAL_PARAMETERS.justification,
        login: {
          type: "boolean",
          description: "Whether to run the shell with login shell semantics. Defaults to true.",
        },
        prefix_rule: APPROVAL_PARAMETERS.prefix_rule,
        sandbox_permissions: APPROVAL_PARAMETERS.sandbox_permissions,
        timeout_ms: { type: "number", description: "The timeout for the command in milliseconds" },
        workdir: { type: "string", description: "The working directory to execute the command in" },
      },
      required: ["command"],
      additionalProperties: false,
    },
  }),
  async run(call, ctx) {
    const parsed = parseToolArguments(ShellCommandArgs, call);
    if (!parsed.ok) return parsed.result;
    const args = parsed.value;
    const escalate = args.sandbox_permissions === "require_escalated";
    const refusal = escalate ? escalationRefusal(ctx.config.approvalPolicy) : null;
    if (refusal) return { output: refusal, success: false };
    const cwd = args.workdir ? path.resolve(ctx.cwd, args.workdir) : ctx.cwd;
    const missing = missingWorkdir("shell_command", cwd, ctx.cwd);
    if (missing) return { output: missing, success: false };
    const argv = userShellArgv(args.command, args.login ?? true);
    return (
      interceptPatch(argv, cwd, call.callId, ctx) ??
      runShell(argv, cwd, args.timeout_ms, escalate, args.justification ?? null, call.callId, ctx, true)
    );
  },
};
