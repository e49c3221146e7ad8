// Nothing the agent started may outlive it, however the agent ends. The exit hook of runner.ts
// covers a normal exit and a second Ctrl-C, but not SIGKILL, nor a SIGHUP (terminal closed)
// that Node's default handling turns into an immediate exit; and a command that is not sandboxed
// (danger-full-access) has no bwrap --die-with-parent to end with us. So the first command
// starts a reaper: our own bundle in a hidden mode (reaper-main.ts), in a session of its own so
// a terminal's hangup does not reach it, reading the process groups of running commands from a
// pipe. When the agent dies, for whatever reason, the kernel closes that pipe; the reaper reads
// end-of-file and SIGKILLs every group still registered, with its process tree.
//
// Nothing of this is on the start-up path: the reaper starts with the first command, and a pipe
// write (synchronous for a pipe with room) is all a command's start costs afterwards.
import { spawn, type ChildProcess } from "node:child_process";
import { Socket } from "node:net";
import { hiddenModeArgv, REAPER_ARG } from "../hidden-modes.js";
import { processStartTime } from "./process-tree.js";

let reaper: ChildProcess | null | undefined;

function started(): ChildProcess | null {
  if (reaper !== undefined) return reaper;
  const argv = hiddenModeArgv(REAPER_ARG);
  if (argv === null) return (reaper = null);
  const [program = "", ...args] = argv;
  const child = spawn(program, args, { stdio: ["pipe", "ignore", "ignore"], detached: true, env: {} });
  child.on("error", () => (reaper = null));
  child.stdin?.on("error", () => {});
  // It must not keep the agent running.
  child.unref();
  if (child.stdin instanceof Socket) child.stdin.unref();
  return (reaper = child);
}

/** Has the reaper kill `pid`'s process group and process tree if the agent dies first. */
export function registerWithReaper(pid: number): void {
  started()?.stdin?.write(`+${pid} ${processStartTime(pid) ?? ""}\n`);
}

/** The group ended normally: the reaper forgets it. */
export function unregisterFromReaper(pid: number): void {
  if (reaper) reaper.stdin?.write(`-${pid}\n`);
}
