// A program in a pseudo-terminal of a given size (util-linux `script` holds the pty), with every
// byte it writes kept and timestamped, so a bench can time a keystroke to its echo, count Ink's
// frames (each is wrapped in a synchronized-update pair) and full-screen clears, and find the
// program's pid for /proc.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { readFileSync } from "node:fs";

const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;

/** Ink's synchronized-update start: one per frame it writes. */
export const FRAME_START = "\x1b[?2026h";
/** Erase the whole screen (ansi-escapes' clearTerminal starts with it): what flickers. */
export const CLEAR_SCREEN = "\x1b[2J";

export class PtyTerminal {
  readonly child: ChildProcessWithoutNullStreams;
  /**
   * What it wrote, as the chunks read. Never one growing string: searching a string of tens of
   * megabytes (a 2,000-item session) on every chunk made this process, which also runs the fake
   * model server, slow enough to slow the stream being measured.
   */
  private chunks: string[] = [];
  private starts: number[] = [];
  /** Characters written so far: the offset of what comes next. */
  length = 0;
  private waiters: Array<() => void> = [];

  constructor(argv: string[], options: { env: Record<string, string>; cwd: string; columns: number; rows: number }) {
    const command = `stty rows ${options.rows} cols ${options.columns}; exec ${argv.map(quote).join(" ")}`;
    this.child = spawn("script", ["-qfec", command, "/dev/null"], { env: options.env, cwd: options.cwd });
    this.child.stdout.setEncoding("utf8");
    this.child.stdout.on("data", (chunk: string) => {
      this.starts.push(this.length);
      this.chunks.push(chunk);
      this.length += chunk.length;
      for (const w of this.waiters.splice(0)) w();
    });
    this.child.stderr.resume();
  }

  write(keys: string): void {
    this.child.stdin.write(keys);
  }

  /** What was written from offset `from` to `to`. */
  text(from: number, to = this.length): string {
    let i = this.chunkAt(from);
    let out = "";
    for (; i < this.chunks.length && (this.starts[i] ?? 0) < to; i++) {
      const start = this.starts[i] ?? 0;
      const chunk = this.chunks[i] ?? "";
      out += chunk.slice(Math.max(0, from - start), Math.max(0, to - start));
    }
    return out;
  }

  /** The offset of `needle` at or after `from`, or -1. */
  indexOf(needle: string, from: number): number {
    const found = this.text(from).indexOf(needle);
    return found < 0 ? -1 : from + found;
  }

  private chunkAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return Math.max(0, lo);
  }

  /** Resolves when `needle` was written at or after `from` (each chunk is searched once); rejects after `timeoutMs`. */
  async waitForText(needle: string, from: number, timeoutMs = 60_000): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    let scanFrom = from;
    for (;;) {
      if (this.indexOf(needle, scanFrom) >= 0) return performance.now();
      scanFrom = Math.max(from, this.length - needle.length + 1);
      const left = deadline - performance.now();
      if (left <= 0)
        throw new Error(`${JSON.stringify(needle)}: not seen after ${timeoutMs} ms; the last output:\n${this.tail()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The last output without escapes, for error messages. */
  tail(chars = 3000): string {
    const escapes = new RegExp(String.raw`\x1b\[[0-9;?]*[A-Za-z]`, "g");
    return this.text(Math.max(0, this.length - chars * 3))
      .replace(escapes, "")
      .slice(-chars);
  }

  /** The program's pid: `script`'s child (the shell exec'd it). */
  programPid(): number {
    const r = spawnSync("pgrep", ["-P", String(this.child.pid)], { encoding: "utf8" });
    const pid = Number(r.stdout.trim().split("\n")[0]);
    if (!pid) throw new Error("the program under the pty is not running");
    return pid;
  }

  /** Ends the program as a terminal's hang-up would (SIGTERM: it quits as the user would), then `script`. */
  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    try {
      process.kill(this.programPid(), "SIGTERM");
    } catch {
      // already gone
    }
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Occurrences of `needle` in `text` from `from` to `to`. */
export function countIn(text: string, needle: string, from = 0, to = text.length): number {
  let n = 0;
  for (let i = text.indexOf(needle, from); i >= 0 && i < to; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** User + system CPU of `pid` so far, ms (all its threads). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/** Resident set of `pid`, bytes. */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : NaN;
}
