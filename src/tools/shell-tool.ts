import { statSync } from "node:fs";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { classifyShellCommand, verificationFailureMessage } from "./apply-patch/index.js";
import { runPatch } from "./apply-patch-tool.js";
import { decideCommand, shouldOfferUnsandboxedRetry } from "./approval.js";
import { buildCommandEnv, formatOutputForModel, runCommand, type RunCommandResult } from "./exec/index.js";
import { SandboxUnavailableError, unsandboxedFallback, type SandboxPolicy } from "./sandbox/index.js";
import { parseArguments, type Tool, type ToolContext, type ToolResult } from "./tool.js";

interface ShellArgs {
  command?: unknown;
  workdir?: unknown;
  timeout_ms?: unknown;
  timeout?: unknown;
  with_escalated_permissions?: unknown;
  justification?: unknown;
}

const FULL_ACCESS: SandboxPolicy = { type: "danger-full-access" };

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
    const argv = args.command as string[];
    // The workdir only says where the command starts: the sandbox comes from the session's cwd.
    const cwd = typeof args.workdir === "string" ? path.resolve(ctx.cwd, args.workdir) : ctx.cwd;
    const missing = missingWorkdir(cwd, ctx.cwd);
    if (missing) return { output: missing, success: false };
    // A bare patch as the command or script is refused as upstream does, never run by bash.
    const patch = classifyShellCommand(argv, cwd);
    if (patch.kind === "implicit-patch") return { output: verificationFailureMessage(patch), success: false };
    if (patch.kind === "apply-patch") return runPatch(patch.patch, patch.workdir, call.callId, ctx);
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

async function runShell(
  argv: string[],
  cwd: string,
  timeoutMs: number | undefined,
  escalate: boolean,
  justification: string | null,
  callId: string,
  ctx: ToolContext,
): Promise<ToolResult> {
  const key = argv.join("\u0000");
  const env = commandEnv(ctx);
  const programs = { pathEnv: env.PATH, workspaceRoots: [ctx.cwd, cwd] };
  const decision = decideCommand({
    argv,
    policy: ctx.config.approvalPolicy,
    sandboxPolicy: ctx.sandboxPolicy,
    escalationRequested: escalate,
    approvedForSession: ctx.approvedForSession.has(key),
    programs,
  });
  let sandboxed = decision.sandboxed;
  if (decision.action === "ask") {
    const verdict = await approve(argv, cwd, justification ?? decision.reason, key, ctx);
    if (verdict) return declined(argv, callId, verdict, ctx);
  }
  ctx.emit({ type: "command_begin", callId, command: argv, cwd });
  let result: RunCommandResult;
  try {
    result = await execute(argv, cwd, env, timeoutMs, sandboxed ? ctx.sandboxPolicy : FULL_ACCESS, callId, ctx, false);
  } catch (err) {
    if (!(err instanceof SandboxUnavailableError)) throw err;
    const fallback = unsandboxedFallback(ctx.config.approvalPolicy);
    const verdict = fallback.action === "reject" ? fallback.reason : await approve(argv, cwd, err.message, key, ctx);
    if (verdict) return declined(argv, callId, verdict, ctx);
    result = await execute(argv, cwd, env, timeoutMs, ctx.sandboxPolicy, callId, ctx, true);
  }
  if (result.sandboxDenied && sandboxed && shouldOfferUnsandboxedRetry(ctx.config.approvalPolicy)) {
    const verdict = await approve(
      argv,
      cwd,
      "the command failed in the sandbox; run it again without the sandbox?",
      key,
      ctx,
    );
    if (!verdict) {
      sandboxed = false;
      result = await execute(argv, cwd, env, timeoutMs, FULL_ACCESS, callId, ctx, false);
    }
  }
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

/** The model's error when the workdir `cwd` is not a directory, else null. */
function missingWorkdir(cwd: string, sessionCwd: string): string | null {
  try {
    if (statSync(cwd).isDirectory()) return null;
  } catch {
    // missing or unreadable: reported below
  }
  return `shell: workdir ${cwd} does not exist or is not a directory; use an existing directory, absolute or relative to the session's directory ${sessionCwd}`;
}

/** Asks the host; returns null when approved, else the reason it was not. */
async function approve(
  argv: string[],
  cwd: string,
  reason: string,
  key: string,
  ctx: ToolContext,
): Promise<string | null> {
  const decision = await ctx.requestApproval({ kind: "command", command: argv, cwd, reason });
  if (decision === "approved_for_session") ctx.approvedForSession.add(key);
  if (decision === "approved" || decision === "approved_for_session") return null;
  return `${reason}; approval was ${decision === "abort" ? "refused and the turn aborted" : "declined"}`;
}

function declined(argv: string[], callId: string, reason: string, ctx: ToolContext): ToolResult {
  ctx.emit({
    type: "command_end",
    callId,
    command: argv,
    exitCode: null,
    aggregatedOutput: "",
    durationMs: 0,
    status: "declined",
  });
  return { output: `command not run: ${reason}`, success: false };
}

/** The command's environment per [shell_environment_policy], never carrying our own secrets. */
function commandEnv(ctx: ToolContext): Record<string, string> {
  const env = buildCommandEnv(ctx.config.shellEnvironmentPolicy, process.env);
  for (const [name, value] of Object.entries(env)) if (ctx.secrets.includes(value)) delete env[name];
  return env;
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
