import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { z } from "zod";
import { approveAndRun, commandEnv, interceptPatch, missingWorkdir } from "./command-flow.js";
import { formatOutputForModel, runCommand } from "./exec/index.js";
import { functionTool } from "./function-tool.js";
import { sessionCommandOptions, type ToolContext, type ToolResult } from "./tool.js";
import type { SandboxPolicy } from "../protocol/policies.js";

const NOT_A_COMMAND = 'must be a non-empty array of strings, e.g. ["bash", "-lc", "ls"]';

const ShellArgs = z.object({
  command: z
    .array(z.string(), { error: NOT_A_COMMAND })
    .refine((argv) => argv.length > 0, { error: NOT_A_COMMAND })
    .describe('the command and its arguments, e.g. ["bash", "-lc", "ls -la"]'),
  workdir: z.string().describe("working directory (default: the session's)").optional(),
  timeout_ms: z.number().describe("time limit in milliseconds (default 10000)").optional(),
  with_escalated_permissions: z.boolean().describe("run outside the sandbox; the user is asked first").optional(),
  justification: z.string().describe("why escalation is needed, shown to the user").optional(),
  /** Older name of `timeout_ms`: accepted, not offered. */
  timeout: z.number().optional(),
});

// Escalation is offered only where the user can be asked (`on-request`).
const OFFERED_ON_REQUEST = ShellArgs.omit({ timeout: true });
const OFFERED = OFFERED_ON_REQUEST.omit({ with_escalated_permissions: true, justification: true });

export const shellTool = functionTool({
  name: "shell",
  description: "Runs a command and returns its exit code and output (long output is cut in the middle).",
  parameters: ShellArgs,
  offered: ({ approvalPolicy }) => (approvalPolicy === "on-request" ? OFFERED_ON_REQUEST : OFFERED),
  run(args, ctx, call) {
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
  },
});

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
