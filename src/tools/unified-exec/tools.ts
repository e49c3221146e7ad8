// `exec_command` and `write_stdin`, the shell tools of catalog models whose `shell_type` is
// `unified_exec` (upstream 0.169's default): exec_command starts a command — approved and
// sandboxed like the shell tool — and answers after its exit or the yield time, with a session
// id while it still runs; write_stdin types into that session and/or collects more output.
// Specs in upstream's words. One process manager per agent session: `close()` ends them all. As
// upstream's, a process outlives the turn that started it, an interrupted one included: it runs
// until it exits, the user stops it (`stopAll`, the UI's /stop) or the session ends.
// What a call does (exec-run.ts, with the process manager) is loaded on the first call.
import { SEQUENTIAL_PROCESS_IDS_ENV } from "./process-ids.js";
import { functionTool } from "../function-tool.js";
import { ExecCommandArgs, WriteStdinArgs } from "../shell-tool-args.js";
import type { Tool } from "../tool.js";
import { toolRunners } from "../tool-runners.js";
import type { BackgroundTerminal, UnifiedExecRunner } from "./exec-run.js";

export interface UnifiedExecTools {
  tools: Tool[];
  /** The processes still running. */
  list(): BackgroundTerminal[];
  /** Kills every process still running; the session goes on. Answers how many there were. */
  stopAll(): Promise<number>;
  /** Kills every process still running (the session has ended). */
  close(): Promise<void>;
}

/**
 * `sequentialProcessIds`: number the processes from 1000 (tests only); by default the agent's
 * environment decides (see SEQUENTIAL_PROCESS_IDS_ENV), else ids are drawn at random.
 */
export function unifiedExecTools(
  sequentialProcessIds = process.env[SEQUENTIAL_PROCESS_IDS_ENV] === "1",
): UnifiedExecTools {
  // The session's processes, once the first exec_command or write_stdin call has loaded the runner.
  let runner: Promise<UnifiedExecRunner> | undefined;
  let loaded: UnifiedExecRunner | undefined;
  let closed = false;
  const started = () => {
    runner ??= toolRunners().then(
      ({ UnifiedExecRunner }) => {
        loaded = new UnifiedExecRunner(sequentialProcessIds);
        // Closed while loading: it refuses new processes, as the session's manager would have.
        if (closed) void loaded.close();
        return loaded;
      },
      (err: unknown) => {
        runner = undefined;
        throw err;
      },
    );
    return runner;
  };

  const execCommand = functionTool({
    name: "exec_command",
    description: "Runs a command in a PTY, returning output or a session ID for ongoing interaction.",
    parameters: ExecCommandArgs,
    run: async (args, ctx, call) => (await started()).execCommand(args, ctx, call),
  });

  const writeStdin = functionTool({
    name: "write_stdin",
    description: "Writes characters to an existing unified exec session and returns recent output.",
    parameters: WriteStdinArgs,
    run: async (args, ctx) => (await started()).writeStdin(args, ctx),
  });

  return {
    tools: [execCommand, writeStdin],
    list: () => loaded?.list() ?? [],
    stopAll: async () => (runner ? (await started()).stopAll() : 0),
    close: async () => {
      closed = true;
      if (runner) await (await started()).close();
    },
  };
}
