// The reaper (see reaper.ts): reads `+PID STARTTIME` / `-PID` lines from the agent; at
// end-of-file (the agent ended, normally or not) it SIGKILLs what is still registered: each
// leader's process tree (when the leader is still the process registered: pids get reused) and
// its process group, which also holds the children whose parent already exited.
import { createInterface } from "node:readline";
import { descendants, processStartTime, signalIfSame } from "./process-tree.js";

export async function serveReaper(): Promise<void> {
  // The agent's terminal going away is not our end: only end-of-file is.
  process.on("SIGHUP", () => {});
  const groups = new Map<number, string>();
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    const match = /^([+-])(\d+)(?: (\S*))?$/.exec(line);
    if (!match) continue;
    const pid = Number(match[2]);
    if (match[1] === "+") groups.set(pid, match[3] ?? "");
    else groups.delete(pid);
  }
  for (const [pid, startTime] of groups) reap(pid, startTime);
  process.exit(0);
}

function reap(pid: number, startTime: string): void {
  const now = processStartTime(pid);
  // Another process has this pid now: neither it nor a group of that number is ours.
  if (now !== null && startTime !== "" && now !== startTime) return;
  const tree = now === null ? [] : descendants(pid);
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // the group is gone
  }
  for (const child of tree) signalIfSame(child, "SIGKILL");
}
