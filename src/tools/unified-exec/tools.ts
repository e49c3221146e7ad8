// `exec_command` and `write_stdin`, the shell tools of catalog models whose `shell_type` is
// `unified_exec` (upstream 0.169's default): exec_command starts a command — approved and
// sandboxed like the shell tool — and answers after its exit or the yield time, with a session
// id while it still runs; write_stdin types into that session and/or collects more output.
// Specs in upstream's words. One process manager per agent session: `close()` ends them all. As
// upstream's, a process outlives the turn that started it, an interrupted one included: it runs
// until it exits, the user stops it (`stopAll`, the UI's /stop) or the session ends.
import path from "node:path";
import { z } from "zod";
import type { AgentEvent } from "../../protocol/events.js";
import {
  approvalArguments,
  approveAndRun,
  commandEnv,
  escalationRefusal,
  interceptPatch,
  missingWorkdir,
  userShellArgv,
} from "../command-flow.js";
import { functionTool } from "../function-tool.js";
import { sessionCommandOptions, type Tool, type ToolResult } from "../tool.js";
import { effectiveMaxOutputTokens, formatExecResponse } from "./output.js";
import { execYieldMs, ProcessManager, writeYieldMs, type Collected, type ExecProcess } from "./process-manager.js";

const maxOutputTokens = z
  .number()
  .describe("Output token budget. Defaults to 10000 tokens; larger requests may be capped by policy.")
  .optional();

// Keys in upstream's (alphabetical) order.
const ExecCommandArgs = z.object({
  cmd: z.string().describe("Shell command to execute."),
  justification: approvalArguments.justification,
  login: z.boolean().describe("Request login-shell startup. Omit to inherit.").optional(),
  max_output_tokens: maxOutputTokens,
  prefix_rule: approvalArguments.prefix_rule,
  sandbox_permissions: approvalArguments.sandbox_permissions,
  shell: z.string().describe("Shell binary to launch. Defaults to the user's default shell.").optional(),
  tty: z.boolean().describe("True allocates a PTY for the command; false or omitted uses plain pipes.").optional(),
  workdir: z.string().describe("Working directory for the command. Defaults to the turn cwd.").optional(),
  yield_time_ms: z
    .number()
    .describe("Wait before yielding output. Defaults to 10000 ms; effective range is 250-30000 ms.")
    .optional(),
});

const WriteStdinArgs = z.object({
  chars: z.string().describe("Bytes to write to stdin. Defaults to empty, which polls without writing.").optional(),
  max_output_tokens: maxOutputTokens,
  session_id: z.number().describe("Identifier of the running unified exec session."),
  yield_time_ms: z
    .number()
    .describe(
      "Wait before yielding output. Non-empty writes default to 250 ms and cap at 30000 ms; empty polls wait 5000-300000 ms by default.",
    )
    .optional(),
});

/** A process still running in the background, as the UI's /ps lists it. */
export interface BackgroundTerminal {
  sessionId: number;
  /** The command as the model gave it. */
  command: string;
  /** Its last lines of output (at most three). */
  recentOutput: string[];
}

export interface UnifiedExecTools {
  tools: Tool[];
  /** The processes still running. */
  list(): BackgroundTerminal[];
  /** Kills every process still running; the session goes on. Answers how many there were. */
  stopAll(): Promise<number>;
  /** Kills every process still running (the session has ended). */
  close(): Promise<void>;
}

const CTRL_C = "\u0003";

export function unifiedExecTools(manager = new ProcessManager()): UnifiedExecTools {
  // Who reports each process's end (the session's emit, from the call that started it), until reported.
  const reporters = new WeakMap<ExecProcess, (event: AgentEvent) => void>();
  const reportEnd = (proc: ExecProcess, exitCode: number) => {
    reporters.get(proc)?.(commandEnd(proc, exitCode));
    reporters.delete(proc);
  };

  const execCommand = functionTool({
    name: "exec_command",
    description: "Runs a command in a PTY, returning output or a session ID for ongoing interaction.",
    parameters: ExecCommandArgs,
    async run(args, ctx, call) {
      const escalate = args.sandbox_permissions === "require_escalated";
      const refusal = escalate ? escalationRefusal(ctx.config.approvalPolicy) : null;
      if (refusal) return { output: refusal, success: false };
      const cwd = args.workdir ? path.resolve(ctx.cwd, args.workdir) : ctx.cwd;
      const missing = missingWorkdir("exec_command", cwd, ctx.cwd);
      if (missing) return { output: missing, success: false };
      const argv = userShellArgv(args.cmd, args.login ?? true, args.shell);
      const patched = interceptPatch(argv, cwd, call.callId, ctx);
      if (patched) return patched;
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
          ...sessionCommandOptions(ctx),
          env,
          sandboxPolicy: policy,
          allowUnsandboxed,
          tty: args.tty ?? false,
          callId: call.callId,
          display: args.cmd,
          onOutput: (chunk, stream) => ctx.emit({ type: "command_output", callId: call.callId, stream, chunk }),
        });
        reporters.set(proc, (event) => ctx.emit(event));
        const collected = await manager.collect(proc, execYieldMs(args.yield_time_ms), ctx.signal);
        return { proc, collected, sandboxDenied: proc.result?.sandboxDenied ?? false };
      });
      if ("declined" in outcome) return outcome.declined;
      const { proc, collected } = outcome.ran;
      return answer(proc, collected, effectiveMaxOutputTokens(args.max_output_tokens, ctx.truncation), reportEnd);
    },
  });

  const writeStdin = functionTool({
    name: "write_stdin",
    description: "Writes characters to an existing unified exec session and returns recent output.",
    parameters: WriteStdinArgs,
    async run(args, ctx) {
      const { session_id: id, chars = "", yield_time_ms, max_output_tokens } = args;
      const proc = manager.get(id);
      if (!proc) return { output: `write_stdin failed: Unknown process id ${id}`, success: false };
      // Without a terminal, a lone Ctrl-C is delivered as upstream delivers it: SIGINT to the group.
      if (chars === CTRL_C && !proc.hasStdin) proc.interrupt();
      else if (chars !== "" && !proc.write(chars))
        return {
          output:
            "write_stdin failed: stdin is closed for this session; rerun exec_command with tty=true to keep stdin open",
          success: false,
        };
      const collected = await manager.collect(proc, writeYieldMs(yield_time_ms, chars), ctx.signal);
      return answer(proc, collected, effectiveMaxOutputTokens(max_output_tokens, ctx.truncation), reportEnd);
    },
  });

  return {
    tools: [execCommand, writeStdin],
    list: () =>
      manager.live
        .filter((proc) => !proc.result)
        .map((proc) => ({ sessionId: proc.id, command: proc.displayCommand, recentOutput: proc.recentLines(3) })),
    stopAll: async () => {
      const running = manager.live.filter((proc) => !proc.result).length;
      await manager.killAll();
      return running;
    },
    close: () => manager.close(),
  };
}

/** The model's answer; once the process has exited, its command_end (for the exec_command call). */
function answer(
  proc: ExecProcess,
  collected: Collected,
  maxOutputTokens: number,
  reportEnd: (proc: ExecProcess, exitCode: number) => void,
): ToolResult {
  if (collected.exitCode !== null) reportEnd(proc, collected.exitCode);
  return {
    output: formatExecResponse({ ...collected, maxOutputTokens }),
    success: collected.exitCode === null || collected.exitCode === 0,
  };
}

function commandEnd(proc: ExecProcess, exitCode: number): AgentEvent {
  return {
    type: "command_end",
    callId: proc.options.callId,
    command: [...proc.command],
    exitCode,
    aggregatedOutput: proc.result?.aggregatedOutput ?? proc.outputSoFar,
    durationMs: proc.result?.durationMs ?? performance.now() - proc.startedAt,
    status: exitCode === 0 ? "completed" : "failed",
  };
}
