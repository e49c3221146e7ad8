// Running one agent process for a measurement: wall time from spawn to exit, its output, and
// (optionally) the peak memory (PSS) of its whole process tree, sampled from /proc.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export interface RunSpec {
  cmd: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs?: number;
  /** Sample the process tree's memory every this many ms (0/undefined: no sampling). */
  sampleMs?: number;
  /** Leave the root process out of the tree's RSS (a wrapper such as /usr/bin/time). */
  excludeRoot?: boolean;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** performance.now() right before spawn(). */
  t0: number;
  /** Spawn → exit of the main process, ms. */
  wallMs: number;
  stdout: string;
  stderr: string;
  /** Largest sum of PSS over every process of the tree seen by one sample, KiB (0 without sampling). */
  treePeakRssKb: number;
  /** VmHWM (peak RSS) of the main process, KiB, as last read before it exited (0 without sampling). */
  mainPeakRssKb: number;
  /** Most processes seen in the tree at once. */
  treeMaxProcs: number;
  samples: number;
}

const PAGE_KB = 4; // x86-64 / arm64 Linux default page size

function readText(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/** `pid` and every descendant (children of every thread: a multi-threaded parent spawns from any). */
export function processTree(pid: number): number[] {
  const out: number[] = [];
  const todo = [pid];
  while (todo.length > 0) {
    const p = todo.pop() as number;
    out.push(p);
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      const children = readText(`/proc/${p}/task/${tid}/children`);
      if (!children) continue;
      for (const c of children.trim().split(/\s+/)) if (c) todo.push(Number(c));
    }
  }
  return out;
}

/**
 * Memory of one process: its PSS (shared pages split among the processes sharing them), so a
 * tree's sum does not count twice what a child shares with its parent (a vfork()ed or freshly
 * forked child reports its parent's whole RSS as its own); RSS where smaps_rollup is missing.
 */
function memKb(pid: number): number {
  const rollup = readText(`/proc/${pid}/smaps_rollup`);
  const pss = rollup?.match(/^Pss:\s+(\d+) kB/m);
  if (pss) return Number(pss[1]);
  const statm = readText(`/proc/${pid}/statm`);
  if (!statm) return 0;
  return Number(statm.split(" ")[1] ?? 0) * PAGE_KB;
}

function hwmKb(pid: number): number {
  const status = readText(`/proc/${pid}/status`);
  const m = status?.match(/^VmHWM:\s+(\d+) kB/m);
  return m ? Number(m[1]) : 0;
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    /* gone */
  }
}

/** Runs a command with stdin closed, in its own process group (killed with it on timeout and after exit). */
export function runMeasured(spec: RunSpec): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(spec.cmd, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    let exitAt = 0;
    let timedOut = false;
    let treePeak = 0;
    let mainPeak = 0;
    let maxProcs = 0;
    let samples = 0;
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const sample = () => {
      if (child.pid === undefined || exitAt) return;
      const pids = processTree(child.pid);
      let sum = 0;
      for (const p of spec.excludeRoot ? pids.slice(1) : pids) sum += memKb(p);
      treePeak = Math.max(treePeak, sum);
      mainPeak = Math.max(mainPeak, hwmKb(spec.excludeRoot && pids[1] !== undefined ? pids[1] : child.pid));
      maxProcs = Math.max(maxProcs, pids.length);
      samples += 1;
    };
    const sampler = spec.sampleMs ? setInterval(sample, spec.sampleMs) : null;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, spec.timeoutMs ?? 120_000);
    child.on("error", (err) => {
      clearTimeout(timer);
      if (sampler) clearInterval(sampler);
      reject(err);
    });
    child.on("exit", () => {
      exitAt = performance.now();
      if (sampler) clearInterval(sampler);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      killGroup(child.pid); // whatever it left behind in its group
      resolve({
        code,
        signal,
        timedOut,
        t0,
        wallMs: (exitAt || performance.now()) - t0,
        stdout,
        stderr,
        treePeakRssKb: treePeak,
        mainPeakRssKb: mainPeak,
        treeMaxProcs: maxProcs,
        samples,
      });
    });
  });
}
