import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { approveAndRun, commandEnv, interceptPatch, missingWorkdir } from "./command-flow.js";
import { formatOutputForModel, runCommand } from "./exec/index.js";
import type { SandboxPolicy } from "./sandbox/index.js";
import { parseArguments, type Tool, type ToolContext, type ToolResult } from "./tool.js";

interface ShellArgs {
  command?: unknown;
  workdir?: unknown;
  timeout_ms?: unknown;
  timeout?: unknown;
  with_escalated_permissions?: unknown;
  justification?: unknown;
}

export const shellTool: Tool = {
  name: "shell",
  spec: (_wire, { approvalPolicy }) => {
    const properties: Record<string, unknown> = {
      command: {
        type: "array",
        items: { type: "string" },
        description: 'the command and its arguments, e.g. ["bash", "-lc", "ls -la"]',
      },
      workdir: { type: "string", description: "working directory (default: the session's)" },
      timeout_ms: { type: "number", description: "time limit in milliseconds (default 10000)" },
    };
    if (approvalPolicy === "on-request") {
      properties.with_escalated_permissions = {
        type: "boolean",
        description: "run outside the sandbox; the user is asked first",
      };
      properties.justification = { type: "string", description: "why escalation is needed, shown to the user" };
    }
    return {
      type: "function",
      name: "shell",
      description: "Runs a command and returns its exit code and output (long output is cut in the middle).",
      strict: false,
      parameters: { type: "object", properties, required: ["command"], additionalProperties: false },
    };
  },
  async run(call, ctx) {
    const parsed = parseArguments<ShellArgs>(call);
    if (!parsed.ok) return parsed.result;
    const args = parsed.value;
    if (
      !Array.isArray(args.command) ||
      args.command.length === 0 ||
      !args.command.every((a) => typeof a === "string")
    ) {
      return {
        output: 'shell: `command` must be a non-empty array of strings, e.g. ["bash", "-lc", "ls"]',
        success: false,
      };
    }
    const argv = args.command;
    // The workdir only says where the command starts: the sandbox comes from the session's cwd.
    const cwd = typeof args.workdir === "string" ? path.resolve(ctx.cwd, args.workdir) : ctx.cwd;
    const missing = missingWorkdir("shell", cwd, ctx.cwd);
    if (missing) return { output: missing, success: false };
    const patched = interceptPatch(argv, cwd, call.callId, ctx);
    if (patched) return patched;
    const timeout =
      typeof args.timeout_ms === "number"
        ? args.timeout_ms
        : typeof args.timeout === "number"
          ? args.timeout
          : undefined;
    return runShell(
      argv,
      cwd,
      timeout,
      args.with_escalated_permissions === true,
      typeof args.justification === "string" ? args.justification : null,
      call.callId,
      ctx,
    );
  },
};

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
  return { output: formatOutputForModel(result), success: !failed };
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
    sandboxPolicyCwd: ctx.cwd,
    codexHome: ctx.config.codexHome,
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
