// What exec_command and write_stdin do when called: loaded on the first call (see
// tool-runners.ts); their specs, and the session's handle on the processes, are in tools.ts.
import path from "node:path";
import type { z } from "zod";
import type { AgentEvent } from "../../protocol/events.js";
import {
  approveAndRun,
  execCommandRefusal,
  commandEnv,
  escalationRefusal,
  interceptPatch,
  missingWorkdir,
  userShellArgv,
} from "../command-flow.js";
import { sessionCommandOptions, type ToolCall, type ToolContext, type ToolResult } from "../tool.js";
import { effectiveMaxOutputTokens, formatExecResponse } from "./output.js";
import { execYieldMs, ProcessManager, writeYieldMs, type Collected, type ExecProcess } from "./process-manager.js";
import type { ExecCommandArgs, WriteStdinArgs } from "../shell-tool-args.js";

const CTRL_C = "\u0003";

/** A process still running in the background, as the UI's /ps lists it. */
export interface BackgroundTerminal {
  sessionId: number;
  /** The command as the model gave it. */
  command: string;
  /** Its last lines of output (at most three). */
  recentOutput: string[];
}

/** One agent session's exec_command processes and the two tools' calls on them. */
export class UnifiedExecRunner {
  private readonly manager: ProcessManager;
  // Who reports each process's end (the session's emit, from the call that started it), until reported.
  private readonly reporters = new WeakMap<ExecProcess, (event: AgentEvent) => void>();
  private readonly reportEnd = (proc: ExecProcess, exitCode: number) => {
    this.reporters.get(proc)?.(commandEnd(proc, exitCode));
    this.reporters.delete(proc);
  };
  // Set when the session ends: the processes it kills then report no end (upstream's exec prints none).
  private ended = false;

  /** `sequentialIds`: processes numbered from 1000 (for tests), else ids drawn at random. */
  constructor(sequentialIds = false) {
    this.manager = new ProcessManager({ sequentialIds });
  }

  async execCommand(args: z.infer<typeof ExecCommandArgs>, ctx: ToolContext, call: ToolCall): Promise<ToolResult> {
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
      wordRefusal: execCommandRefusal,
    };
    const outcome = await approveAndRun(request, ctx, async (policy, allowUnsandboxed) => {
      const proc = this.manager.start({
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
      this.reporters.set(proc, (event) => ctx.emit(event));
      // As upstream's exit watcher: the end is reported when the process exits, whether or not a
      // call is waiting on it then (a background process ending during a later call, or after the
      // turn that started it, an interrupted one included).
      proc.finished.then(
        (result) => {
          if (!this.ended) this.reportEnd(proc, result.exitCode);
        },
        () => {},
      );
      const collected = await this.manager.collect(proc, execYieldMs(args.yield_time_ms), ctx.signal);
      return { proc, collected, sandboxDenied: proc.result?.sandboxDenied ?? false };
    });
    if ("declined" in outcome) return outcome.declined;
    const { proc, collected } = outcome.ran;
    return answer(proc, collected, effectiveMaxOutputTokens(args.max_output_tokens, ctx.truncation), this.reportEnd);
  }

  async writeStdin(args: z.infer<typeof WriteStdinArgs>, ctx: ToolContext): Promise<ToolResult> {
    const { session_id: id, chars = "", yield_time_ms, max_output_tokens } = args;
    const proc = this.manager.get(id);
    if (!proc) return { output: `write_stdin failed: Unknown process id ${id}`, success: false };
    // Without a terminal, a lone Ctrl-C is delivered as upstream delivers it: SIGINT to the group.
    if (chars === CTRL_C && !proc.hasStdin) proc.interrupt();
    else if (chars !== "" && !proc.write(chars))
      return {
        output:
          "write_stdin failed: stdin is closed for this session; rerun exec_command with tty=true to keep stdin open",
        success: false,
      };
    const collected = await this.manager.collect(proc, writeYieldMs(yield_time_ms, chars), ctx.signal);
    // As upstream: typed input, or a poll of a process that still runs (not one that has ended).
    if (chars !== "" || collected.sessionId !== null)
      ctx.emit({
        type: "terminal_interaction",
        callId: proc.options.callId,
        processId: proc.id,
        command: proc.displayCommand,
        stdin: chars,
      });
    return answer(proc, collected, effectiveMaxOutputTokens(max_output_tokens, ctx.truncation), this.reportEnd);
  }

  list(): BackgroundTerminal[] {
    return this.manager.live
      .filter((proc) => !proc.result)
      .map((proc) => ({ sessionId: proc.id, command: proc.displayCommand, recentOutput: proc.recentLines(3) }));
  }

  async stopAll(): Promise<number> {
    const running = this.manager.live.filter((proc) => !proc.result).length;
    await this.manager.killAll();
    return running;
  }

  close(): Promise<void> {
    this.ended = true;
    return this.manager.close();
  }
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
