// How many processes (threads included) one sandboxed command may have at once, so a fork bomb
// stops at a wall instead of taking the machine. Two mechanisms, because neither covers all:
// - RLIMIT_NPROC, set inside bwrap by the host's `prlimit` (util-linux), so it is counted in the
//   sandbox's own user namespace (Linux 5.14+ counts per namespace), not against every process
//   the user has. The kernel never applies it to root;
// - a pids cgroup (`pids.max`) the command is started in, where this process may create one
//   (root, cgroup v1 `pids` or v2 with the pids controller delegated). Released when the
//   command ends: whatever is left in it is killed first.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Tasks (processes and threads) one sandboxed command may have at once. */
export const SANDBOX_MAX_PROCESSES = 1024;

const PRLIMIT_CANDIDATES = ["/usr/bin/prlimit", "/bin/prlimit"];

/** The host's prlimit, when there is one (detection records it for bwrap). */
export function findPrlimit(): string | undefined {
  return PRLIMIT_CANDIDATES.find((p) => existsSync(p));
}

/** `argv` run under RLIMIT_NPROC = `limit` by `prlimit` (soft and hard, so the command cannot raise it). */
export function withNprocLimit(prlimit: string, argv: readonly string[], limit = SANDBOX_MAX_PROCESSES): string[] {
  return [prlimit, `--nproc=${limit}`, "--", ...argv];
}

export interface PidsCgroup {
  /**
   * `argv` started inside the cgroup: a shell joins it, then execs `argv` (same pid). Should the
   * join fail (a container refusing it), the command still runs, limited by RLIMIT_NPROC only.
   */
  wrap(argv: readonly string[]): string[];
  /** Kills what is left in the cgroup and removes it. Idempotent. */
  release(): void;
}

const CGROUP_ROOTS = ["/sys/fs/cgroup/pids", "/sys/fs/cgroup"];
const live = new Set<string>();
let sequence = 0;
let exitHookInstalled = false;

function tasksOf(dir: string): number[] {
  try {
    return readFileSync(path.join(dir, "cgroup.procs"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0);
  } catch {
    return [];
  }
}

function releaseDir(dir: string): boolean {
  for (const pid of tasksOf(dir)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  try {
    rmdirSync(dir);
  } catch {
    // EBUSY while killed tasks are reaped
  }
  return !existsSync(dir);
}

/** Retries removal while the killed tasks are still being reaped (EBUSY), for up to ~10 s. */
function releaseLater(dir: string, attempt = 0): void {
  if (releaseDir(dir) || attempt >= 40) {
    live.delete(dir);
    return;
  }
  setTimeout(() => releaseLater(dir, attempt + 1), 250).unref();
}

/**
 * On the way out: kill what is left and remove the cgroups, waiting (synchronously, at most
 * ~2 s) while the kernel reaps the killed tasks, so no empty cgroup is left behind.
 */
function releaseAllNow(): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; live.size > 0 && attempt < 100; attempt++) {
    for (const dir of live) if (releaseDir(dir)) live.delete(dir);
    if (live.size > 0) Atomics.wait(pause, 0, 0, 20);
  }
}

/** A fresh pids cgroup limited to `limit` tasks, or undefined where none can be made here. */
export function createPidsCgroup(limit = SANDBOX_MAX_PROCESSES): PidsCgroup | undefined {
  if (process.platform !== "linux") return undefined;
  for (const root of CGROUP_ROOTS) {
    const dir = path.join(root, `codex-litellm-${process.pid}-${++sequence}`);
    try {
      mkdirSync(dir);
    } catch {
      continue;
    }
    try {
      writeFileSync(path.join(dir, "pids.max"), String(limit));
    } catch {
      releaseDir(dir); // no pids controller in this hierarchy
      continue;
    }
    live.add(dir);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on("exit", releaseAllNow);
    }
    let released = false;
    return {
      wrap: (argv) => [
        "/bin/sh",
        "-c",
        'echo $$ > "$0" 2>/dev/null; exec "$@"',
        path.join(dir, "cgroup.procs"),
        ...argv,
      ],
      release: () => {
        if (released) return;
        released = true;
        releaseLater(dir);
      },
    };
  }
  return undefined;
}
