// What every shell-shaped tool (shell, shell_command, exec_command) does around running a
// command: the approval rules, the command_begin event, the sandbox as decided — unsandboxed
// only after approval when no sandbox exists, or after a sandbox denial under `on-failure` —
// and an environment without our secrets.
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { ApprovalPolicy } from "../config/schema.js";
import { classifyShellCommand, verificationFailureMessage } from "./apply-patch/index.js";
import { runPatch } from "./apply-patch-run.js";
import { decideCommand, granularSandboxRejection, shouldOfferUnsandboxedRetry } from "./approval.js";
import { buildCommandEnv, defaultShell, findOnPath } from "./exec/index.js";
import { SandboxUnavailableError, unsandboxedFallback } from "./sandbox/index.js";
import type { ApprovalAnswer, ToolContext, ToolResult } from "./tool.js";
import type { SandboxPolicy } from "../protocol/policies.js";

const FULL_ACCESS: SandboxPolicy = { type: "danger-full-access" };

export interface CommandRequest {
  argv: string[];
  cwd: string;
  /** The model asked to run it outside the sandbox. */
  escalate: boolean;
  justification: string | null;
  callId: string;
  /** The environment it will run with (see {@link commandEnv}): its PATH says which programs are the host's. */
  env: Record<string, string>;
  /** argv[0] is the user's shell, chosen by us (not the model): the safety rules judge it by its name. */
  ownShell?: boolean;
  /** How the tool words an approval's refusal (a hook's message, or "rejected by user"); default: the shell tools'. */
  wordRefusal?: (rejection: string) => string;
}

/** Runs the command under `policy`; `allowUnsandboxed`: the user approved running without a sandbox. */
export type Execute<T> = (policy: SandboxPolicy, allowUnsandboxed: boolean) => Promise<T>;

/**
 * Decides, asks when the rules say so, announces the command and runs it. `declined` is the
 * tool result for a command the user (or the policy) did not let run; its command_end is sent.
 */
export async function approveAndRun<T extends { sandboxDenied: boolean }>(
  request: CommandRequest,
  ctx: ToolContext,
  execute: Execute<T>,
): Promise<{ ran: T } | { declined: ToolResult }> {
  const { argv, cwd } = request;
  const key = argv.join("\u0000");
  const [program = "", ...rest] = argv;
  const decision = decideCommand({
    argv: request.ownShell ? [path.basename(program), ...rest] : argv,
    policy: ctx.config.approvalPolicy,
    sandboxPolicy: ctx.sandboxPolicy,
    escalationRequested: request.escalate,
    approvedForSession: ctx.approvedForSession.has(key),
    programs: { pathEnv: request.env.PATH, workspaceRoots: [ctx.cwd, cwd] },
  });
  const ask = (reason: string) => approve(argv, cwd, reason, key, ctx, request.wordRefusal ?? shellRefusal);
  const rejection = granularSandboxRejection(ctx.config.granularApproval);
  if (decision.action === "ask") {
    if (rejection) ctx.decided("denied", "config");
    const verdict = rejection ? notRun(rejection) : await ask(request.justification ?? decision.reason);
    if (verdict) return { declined: declined(request, verdict, ctx) };
  } else if (ctx.approvedForSession.has(key)) ctx.decided("approved_for_session", "user");
  else ctx.decided("approved", "config");
  ctx.emit({ type: "command_begin", callId: request.callId, command: argv, cwd, tool: ctx.toolName });
  let result: T;
  try {
    result = await execute(decision.sandboxed ? ctx.sandboxPolicy : FULL_ACCESS, false);
  } catch (err) {
    if (!(err instanceof SandboxUnavailableError)) throw err;
    const fallback = unsandboxedFallback(ctx.config.approvalPolicy);
    if (fallback.action === "reject" || rejection) ctx.decided("denied", "config");
    const refusal = fallback.action === "reject" ? fallback.reason : rejection;
    const verdict = refusal ? notRun(refusal) : await ask(err.message);
    if (verdict) return { declined: declined(request, verdict, ctx) };
    result = await execute(ctx.sandboxPolicy, true);
  }
  if (
    result.sandboxDenied &&
    decision.sandboxed &&
    shouldOfferUnsandboxedRetry(ctx.config.approvalPolicy, ctx.config.granularApproval)
  ) {
    const verdict = await ask("the command failed in the sandbox; run it again without the sandbox?");
    if (!verdict) result = await execute(FULL_ACCESS, false);
  }
  return { ran: result };
}

/** Asks the hooks, then the host; returns null when approved, else what the model reads instead of the output. */
async function approve(
  argv: string[],
  cwd: string,
  reason: string,
  key: string,
  ctx: ToolContext,
  word: (rejection: string) => string,
): Promise<string | null> {
  const answer = await ctx.requestApproval({ kind: "command", command: argv, cwd, reason });
  if (answer.decision === "approved_for_session") ctx.approvedForSession.add(key);
  if (answer.decision === "approved" || answer.decision === "approved_for_session") return null;
  return commandRefusal(answer, reason, word);
}

/**
 * Upstream's refusals (its `Rejected(…)`): a hook's message as it wrote it, "rejected by user" for a
 * person's no, each worded by the tool; ours name the rule when nobody could be asked (exec) or
 * the turn was stopped.
 */
function commandRefusal(
  { decision, source, hookMessage }: ApprovalAnswer,
  reason: string,
  word: (rejection: string) => string,
): string {
  if (decision === "abort") return notRun(`${reason}; approval was refused and the turn aborted`);
  if (hookMessage !== null) return word(hookMessage);
  if (source === "user") return word("rejected by user");
  return notRun(`${reason}; approval was declined`);
}

/** Upstream's shell tools: a refusal as given, a person's no as "exec command rejected by user". */
const shellRefusal = (rejection: string) =>
  rejection === "rejected by user" ? "exec command rejected by user" : rejection;

/**
 * Upstream 0.171's exec_command words a refusal as the error its process start failed with:
 * `exec_command failed: CreateProcess { message: "Rejected(\"rejected by user\")" }` (Rust's debug text).
 */
export const execCommandRefusal = (rejection: string) =>
  `exec_command failed: CreateProcess { message: ${rustDebug(`Rejected(${rustDebug(rejection)})`)} }`;

const RUST_ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  '"': '\\"',
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\0": "\\0",
};

/** A string as Rust's `{:?}` prints it. */
function rustDebug(text: string): string {
  let escaped = "";
  for (const c of text) {
    const code = c.charCodeAt(0);
    escaped += RUST_ESCAPES[c] ?? (code < 0x20 || code === 0x7f ? `\\u{${code.toString(16)}}` : c);
  }
  return `"${escaped}"`;
}

const notRun = (reason: string) => `command not run: ${reason}`;

function declined(request: CommandRequest, output: string, ctx: ToolContext): ToolResult {
  ctx.emit({
    type: "command_end",
    callId: request.callId,
    command: request.argv,
    exitCode: null,
    aggregatedOutput: "",
    durationMs: 0,
    status: "declined",
  });
  return { output, success: false };
}

/** The command's environment per [shell_environment_policy], never carrying our own secrets. */
export function commandEnv(ctx: ToolContext): Record<string, string> {
  const env = buildCommandEnv(ctx.config.shellEnvironmentPolicy, process.env);
  for (const [name, value] of Object.entries(env)) if (ctx.redactor.isSecret(value)) delete env[name];
  return env;
}

/** The model's error when the workdir `cwd` is not a directory, else null. */
export function missingWorkdir(tool: string, cwd: string, sessionCwd: string): string | null {
  try {
    if (statSync(cwd).isDirectory()) return null;
  } catch {
    // missing or unreadable: reported below
  }
  return `${tool}: workdir ${cwd} does not exist or is not a directory; use an existing directory, absolute or relative to the session's directory ${sessionCwd}`;
}

const POSIX_SHELLS = new Set(["bash", "zsh", "sh", "dash", "ksh"]);

/**
 * `script` run by the user's shell as upstream runs it (`/bin/bash -lc SCRIPT`): `shell` when the
 * model names one, else $SHELL when it is a POSIX shell that exists, else bash (sh without bash).
 */
export function userShellArgv(script: string, login: boolean, shell?: string): string[] {
  const own = process.env.SHELL;
  // A shell named without a path (`"bash"`) runs as the program PATH finds, shown by its full path as upstream does.
  const named = shell !== undefined && !shell.includes("/") ? (findOnPath(shell) ?? shell) : shell;
  const chosen =
    named ??
    (own && path.isAbsolute(own) && POSIX_SHELLS.has(path.basename(own)) && existsSync(own) ? own : defaultShell());
  return [chosen, login ? "-lc" : "-c", script];
}

const POLICY_NAMES: Record<ApprovalPolicy, string> = {
  untrusted: "UnlessTrusted",
  "on-failure": "OnFailure",
  "on-request": "OnRequest",
  never: "Never",
};

/** Upstream's refusal of `sandbox_permissions: "require_escalated"` outside `on-request`, else null. */
export function escalationRefusal(policy: ApprovalPolicy): string | null {
  if (policy === "on-request") return null;
  const name = POLICY_NAMES[policy];
  return `approval policy is ${name}; reject command — you cannot ask for escalated permissions if the approval policy is ${name}`;
}

/**
 * A patch given as the command: applied as apply_patch (`apply_patch <<'EOF' ...`), or refused
 * when it is a bare patch (upstream never lets bash run one). Null for any other command.
 */
export function interceptPatch(
  argv: string[],
  cwd: string,
  callId: string,
  ctx: ToolContext,
): Promise<ToolResult> | null {
  const patch = classifyShellCommand(argv, cwd);
  if (patch.kind === "implicit-patch")
    return Promise.resolve({ output: verificationFailureMessage(patch), success: false });
  if (patch.kind === "apply-patch") return runPatch(patch.patch, patch.workdir, callId, ctx);
  return null;
}
