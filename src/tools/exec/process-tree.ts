// The process tree below a command, from /proc (Linux; elsewhere it is empty). Killing a
// process group misses descendants that left it: a command that calls setsid, or bubblewrap's
// PID-namespace init, which --new-session puts in a session of its own and which survives
// bwrap's death now and then. Aborts and timeouts kill this tree as well.
import { readdirSync, readFileSync } from "node:fs";

/** A process, with its start time so a reused pid is never signalled by mistake. */
export interface ProcessRef {
  pid: number;
  startTime: string;
}

function readStat(pid: number): { ppid: number; startTime: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // After "pid (comm) ": state, ppid, … starttime is the 20th field from there.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(fields[1]), startTime: fields[19] ?? "" };
  } catch {
    return null;
  }
}

/** The start time of `pid` (clock ticks since boot, from /proc), or null when it is gone or not on Linux. */
export function processStartTime(pid: number): string | null {
  return readStat(pid)?.startTime ?? null;
}

/** Every live descendant of `root`. */
export function descendants(root: number): ProcessRef[] {
  if (process.platform !== "linux") return [];
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return [];
  }
  const children = new Map<number, ProcessRef[]>();
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (!stat) continue;
    const siblings = children.get(stat.ppid) ?? [];
    siblings.push({ pid: Number(name), startTime: stat.startTime });
    children.set(stat.ppid, siblings);
  }
  const found: ProcessRef[] = [];
  const queue = [root];
  for (let parent = queue.pop(); parent !== undefined; parent = queue.pop()) {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/** Sends `signal` to `ref` if that pid is still the same process. */
export function signalIfSame(ref: ProcessRef, signal: NodeJS.Signals): void {
  if (readStat(ref.pid)?.startTime !== ref.startTime) return;
  try {
    process.kill(ref.pid, signal);
  } catch {
    // gone meanwhile
  }
}
