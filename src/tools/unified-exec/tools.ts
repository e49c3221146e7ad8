// `exec_command` and `write_stdin`, the shell tools of catalog models whose `shell_type` is
// `unified_exec` (upstream 0.169's default): exec_command starts a command — approved and
// sandboxed like the shell tool — and answers after its exit or the yield time, with a session
// id while it still runs; write_stdin types into that session and/or collects more output.
// Specs in upstream's words. One process manager per agent session: `close()` ends them all, and
// an interrupted turn kills them.
import path from "node:path";
import { z } from "zod";
import type { AgentEvent } from "../../agent/protocol.js";
import {
  APPROVAL_PARAMETERS,
  approvalArguments,
  approveAndRun,
  commandEnv,
  escalationRefusal,
  interceptPatch,
  missingWorkdir,
  userShellArgv,
} from "../command-flow.js";
import type { Tool, ToolContext, ToolResult } from "../tool.js";
import { parseToolArguments } from "../tool-args.js";
import { formatExecResponse } from "./output.js";
import { execYieldMs, ProcessManager, writeYieldMs, type Collected, type ExecProcess } from "./process-manager.js";

const MAX_OUTPUT_TOKENS = {
  type: "number",
  description: "Output token budget. Defaults to 10000 tokens; larger requests may be capped by policy.",
} as const;

const ExecCommandArgs = z.object({
  cmd: z.string(),
  workdir: z.string().optional(),
  shell: z.string().optional(),
  login: z.boolean().optional(),
  tty: z.boolean().optional(),
  yield_time_ms: z.number().optional(),
  max_output_tokens: z.number().optional(),
  ...approvalArguments,
});

const WriteStdinArgs = z.object({
  session_id: z.number(),
  chars: z.string().optional(),
  yield_time_ms: z.number().optional(),
  max_output_tokens: z.number().optional(),
});

export interface UnifiedExecTools {
  tools: Tool[];
  /** Kills every process still running (the session has ended). */
  close(): Promise<void>;
}

export function unifiedExecTools(manager = new ProcessManager()): UnifiedExecTools {
  // Turns whose interrupt already kills the processes (one listener per turn signal).
  const watched = new WeakSet<AbortSignal>();
  const killOnInterrupt = (signal: AbortSignal) => {
    if (watched.has(signal)) return;
    watched.add(signal);
    signal.addEventListener("abort", () => void manager.killAll(), { once: true });
  };

  const execCommand: Tool = {
    name: "exec_command",
    spec: () => ({
      type: "function",
      name: "exec_command",
      description: "Runs a command in a PTY, returning output or a session ID for ongoing interaction.",
      strict: false,
      parameters: {
        type: "object",
        properties: {
          cmd: { type: "string", description: "Shell command to execute." },
          justification: APPROVAL_PARAMETERS.justification,
          login: {
            type: "boolean",
            description: "True runs the shell with -l/-i semantics; false disables them. Defaults to true.",
          },
          max_output_tokens: MAX_OUTPUT_TOKENS,
          prefix_rule: APPROVAL_PARAMETERS.prefix_rule,
          sandbox_permissions: APPROVAL_PARAMETERS.sandbox_permissions,
          shell: { type: "string", description: "Shell binary to launch. Defaults to the user's default shell." },
          tty: {
            type: "boolean",
            description: "True allocates a PTY for the command; false or omitted uses plain pipes.",
          },
          workdir: { type: "string", description: "Working directory for the command. Defaults to the turn cwd." },
          yield_time_ms: {
            type: "number",
            description: "Wait before yielding output. Defaults to 10000 ms; effective range is 250-30000 ms.",
          },
        },
        required: ["cmd"],
        additionalProperties: false,
      },
    }),
    async run(call, ctx) {
      const parsed = parseToolArguments(ExecCommandArgs, call);
      if (!parsed.ok) return parsed.result;
      const args = parsed.value;
      const escalate = args.sandbox_permissions === "require_escalated";
      const refusal = escalate ? escalationRefusal(ctx.config.approvalPolicy) : null;
      if (refusal) return { output: refusal, success: false };
      const cwd = args.workdir ? path.resolve(ctx.cwd, args.workdir) : ctx.cwd;
      const missing = missingWorkdir("exec_command", cwd, ctx.cwd);
      if (missing) return { output: missing, success: false };
      const argv = userShellArgv(args.cmd, args.login ?? true, args.shell);
      const patched = interceptPatch(argv, cwd, call.callId, ctx);
      if (patched) return patched;
      killOnInterrupt(ctx.signal);
      const env = commandEnv(ctx);
      const request = {
        argv,
        cwd,
        escalate,
        justification: args.justification ?? null,
        callId: call.callId,
        env,
        ownShell: args.shell === undefined,
      };
      const outcome = await approveAndRun(request, ctx, async (policy, allowUnsandboxed) => {
        const proc = manager.start({
          argv,
          cwd,
          sandboxPolicyCwd: ctx.cwd,
          codexHome: ctx.config.codexHome,
          env,
          sandboxPolicy: policy,
          allowUnsandboxed,
          tty: args.tty ?? false,
          callId: call.callId,
          onOutput: (chunk, stream) => ctx.emit({ type: "command_output", callId: call.callId, stream, chunk }),
        });
        const collected = await manager.collect(proc, execYieldMs(args.yield_time_ms), ctx.signal);
        return { proc, collected, sandboxDenied: proc.result?.sandboxDenied ?? false };
      });
      if ("declined" in outcome) return outcome.declined;
      const { proc, collected } = outcome.ran;
      return answer(proc, collected, args.max_output_tokens, ctx);
    },
  };

  const writeStdin: Tool = {
    name: "write_stdin",
    spec: () => ({
      type: "function",
      name: "write_stdin",
      description: "Writes characters to an existing unified exec session and returns recent output.",
      strict: false,
      parameters: {
        type: "object",
        properties: {
          chars: {
            type: "string",
            description: "Bytes to write to stdin. Defaults to empty, which polls without writing.",
          },
          max_output_tokens: MAX_OUTPUT_TOKENS,
          session_id: { type: "number", description: "Identifier of the running unified exec session." },
          yield_time_ms: {
            type: "number",
            description:
              "Wait before yielding output. Non-empty writes default to 250 ms and cap at 30000 ms; empty polls wait 5000-300000 ms by default.",
          },
        },
        required: ["session_id"],
        additionalProperties: false,
      },
    }),
    async run(call, ctx) {
      const parsed = parseToolArguments(WriteStdinArgs, call);
      if (!parsed.ok) return parsed.result;
      const { session_id: id, chars = "", yield_time_ms, max_output_tokens } = parsed.value;
      const proc = manager.get(id);
      if (!proc) return { output: `write_stdin failed: Unknown process id ${id}`, success: false };
      if (chars !== "" && !proc.write(chars))
        return {
          output:
            "write_stdin failed: stdin is closed for this session; rerun exec_command with tty=true to keep stdin open",
          success: false,
        };
      killOnInterrupt(ctx.signal);
      const collected = await manager.collect(proc, writeYieldMs(yield_time_ms, chars), ctx.signal);
      return answer(proc, collected, max_output_tokens, ctx);
    },
  };

  return { tools: [execCommand, writeStdin], close: () => manager.close() };
}

/** The model's answer; once the process has exited, its command_end (for the exec_command call). */
function answer(
  proc: ExecProcess,
  collected: Collected,
  maxOutputTokens: number | undefined,
  ctx: ToolContext,
): ToolResult {
  if (collected.exitCode !== null) ctx.emit(commandEnd(proc, collected.exitCode));
  return {
    output: formatExecResponse({ ...collected, ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}) }),
    success: collected.exitCode === null || collected.exitCode === 0,
  };
}

function commandEnd(proc: ExecProcess, exitCode: number): AgentEvent {
  return {
    type: "command_end",
    callId: proc.options.callId,
    command: [...proc.command],
    exitCode,
    aggregatedOutput: proc.result?.aggregatedOutput ?? "",
    durationMs: proc.result?.durationMs ?? 0,
    status: exitCode === 0 ? "completed" : "failed",
  };
}
