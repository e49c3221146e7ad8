// What the shell and shell_command tools do when called: loaded on the first call (see
// tool-runners.ts); their specs are in shell-tool.ts and shell-command-tool.ts.
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import type { z } from "zod";
import {
  approveAndRun,
  commandEnv,
  escalationRefusal,
  interceptPatch,
  missingWorkdir,
  userShellArgv,
} from "./command-flow.js";
import { formatOutputForModel, runCommand } from "./exec/index.js";
import type { ShellArgs, ShellCommandArgs } from "./shell-tool-args.js";
import { sessionCommandOptions, type ToolCall, type ToolContext, type ToolResult } from "./tool.js";
import type { SandboxPolicy } from "../protocol/policies.js";

/** A `shell` call: the command in its workdir, or the patch it carries. */
export function runShellTool(args: z.infer<typeof ShellArgs>, ctx: ToolContext, call: ToolCall): Promise<ToolResult> {
  const argv = args.command;
  // The workdir only says where the command starts: the sandbox comes from the session's cwd.
  const cwd = args.workdir === undefined ? ctx.cwd : path.resolve(ctx.cwd, args.workdir);
  const missing = missingWorkdir("shell", cwd, ctx.cwd);
  if (missing) return Promise.resolve({ output: missing, success: false });
  return (
    interceptPatch(argv, cwd, call.callId, ctx) ??
    runShell(
      argv,
      cwd,
      args.timeout_ms ?? args.timeout,
      args.with_escalated_permissions === true,
      args.justification ?? null,
      call.callId,
      ctx,
    )
  );
}

/** A `shell_command` call: the script run by the user's shell, or the patch it carries. */
export function runShellCommandTool(
  args: z.infer<typeof ShellCommandArgs>,
  ctx: ToolContext,
  call: ToolCall,
): Promise<ToolResult> {
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
}

/** Runs `argv` as the shell tools do (approval, sandbox, events) and answers in upstream's shell format. */
export async function runShell(
  argv: string[],
  cwd: string,
  timeoutMs: number | undefined,
  escalate: boolean,
  justification: string | null,
  callId: string,
  ctx: ToolContext,
  ownShell = false,
): Promise<ToolResult> {
  const env = commandEnv(ctx);
  const outcome = await approveAndRun(
    { argv, cwd, escalate, justification, callId, env, ownShell },
    ctx,
    (policy, unsandboxed) => execute(argv, cwd, env, timeoutMs, policy, callId, ctx, unsandboxed),
  );
  if ("declined" in outcome) return outcome.declined;
  const result = outcome.ran;
  const failed = result.exitCode !== 0 || result.timedOut;
  ctx.emit({
    type: "command_end",
    callId,
    command: argv,
    exitCode: result.exitCode,
    aggregatedOutput: result.aggregatedOutput,
    durationMs: result.durationMs,
    status: failed ? "failed" : "completed",
  });
  return { output: formatOutputForModel(result, ctx.truncation), success: !failed };
}

function execute(
  argv: string[],
  cwd: string,
  env: Record<string, string>,
  timeoutMs: number | undefined,
  policy: SandboxPolicy,
  callId: string,
  ctx: ToolContext,
  allowUnsandboxed: boolean,
) {
  const decoders = { stdout: new StringDecoder("utf8"), stderr: new StringDecoder("utf8") };
  return runCommand({
    argv,
    cwd,
    ...sessionCommandOptions(ctx),
    env,
    timeoutMs,
    sandboxPolicy: policy,
    signal: ctx.signal,
    allowUnsandboxed,
    onOutput: (chunk, stream) => {
      const text = decoders[stream].write(chunk);
      if (text) ctx.emit({ type: "command_output", callId, stream, chunk: text });
    },
  });
}
