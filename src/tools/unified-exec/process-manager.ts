// The processes exec_command starts and write_stdin talks to: each runs through the command
// runner (sandbox, process group, kill on abort), with a PTY when asked, and keeps its output
// until the model collects it. One manager per agent session; `close()` kills what still runs
// (a turn's interrupt does not: upstream keeps them for the next turn).
//
// Upstream's numbers (core/src/unified_exec): a yield waits 250 ms–30 s (exec_command default
// 10 s, write_stdin 250 ms); an empty write_stdin is a poll and waits 5 s–300 s; at most 64
// processes, the least recently used (never one of the 8 latest) is killed to make room; 1 MiB
// of output is kept per process between collections. Session ids are drawn at random in
// 1000..99999, never one in use or recently ended (process-ids.ts); sequential only for tests.
import { StringDecoder } from "node:string_decoder";
import type { Writable } from "node:stream";
import { capturedText, OutputCapture } from "../exec/capture.js";
import { runCommand, type OutputStream, type RunCommandOptions, type RunCommandResult } from "../exec/index.js";
import { ProcessIdAllocator } from "./process-ids.js";
import { detectPtyWrapper, NO_PTY_NOTE, wrapInPty, type PtyWrapper } from "./pty.js";

export const MIN_YIELD_TIME_MS = 250;
export const MAX_YIELD_TIME_MS = 30_000;
export const DEFAULT_EXEC_YIELD_TIME_MS = 10_000;
export const DEFAULT_WRITE_STDIN_YIELD_TIME_MS = 250;
export const MIN_EMPTY_YIELD_TIME_MS = 5_000;
export const MAX_BACKGROUND_POLL_MS = 300_000;
export const MAX_PROCESSES = 64;
const PROTECTED_RECENT = 8;
const PENDING_HALF_BYTES = 512 * 1024;

/** Upstream's environment for every unified exec process: no colours, no pagers, UTF-8. */
export const UNIFIED_EXEC_ENV: Readonly<Record<string, string>> = {
  NO_COLOR: "1",
  TERM: "dumb",
  LANG: "C.UTF-8",
  LC_CTYPE: "C.UTF-8",
  LC_ALL: "C.UTF-8",
  COLORTERM: "",
  PAGER: "cat",
  GIT_PAGER: "cat",
  GH_PAGER: "cat",
  CODEX_CI: "1",
};

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** How long exec_command waits for output before answering. */
export const execYieldMs = (requested: number | undefined) =>
  clamp(requested ?? DEFAULT_EXEC_YIELD_TIME_MS, MIN_YIELD_TIME_MS, MAX_YIELD_TIME_MS);

/** How long write_stdin waits: a write at most 30 s, an empty poll at least 5 s. */
export const writeYieldMs = (requested: number | undefined, chars: string) =>
  chars === ""
    ? clamp(requested ?? DEFAULT_WRITE_STDIN_YIELD_TIME_MS, MIN_EMPTY_YIELD_TIME_MS, MAX_BACKGROUND_POLL_MS)
    : clamp(requested ?? DEFAULT_WRITE_STDIN_YIELD_TIME_MS, MIN_YIELD_TIME_MS, MAX_YIELD_TIME_MS);

export type StartOptions = Omit<RunCommandOptions, "onOutput" | "onStdin" | "signal" | "timeoutMs"> & {
  tty: boolean;
  /** The tool call that started it: its command_end is reported when the exit is seen. */
  callId: string;
  /** The command as the model wrote it, for listings (default: the argv joined). */
  display?: string;
  /** Each piece of output as text, as it arrives. */
  onOutput?: (text: string, stream: OutputStream) => void;
};

/** One running (or just finished) process. */
export class ExecProcess {
  readonly startedAt = performance.now();
  /** Set once the runner has seen the exit and the pipes closed. */
  result: RunCommandResult | null = null;
  readonly finished: Promise<RunCommandResult>;
  lastUsed = performance.now();
  private pending: OutputCapture | null = null;
  /** Everything it printed (head and tail kept), for its end event when it is killed before its exit is seen. */
  private readonly transcript = new OutputCapture();
  private stdin: Writable | null = null;
  private signalGroup: ((signal: NodeJS.Signals) => void) | null = null;
  private readonly killer = new AbortController();

  constructor(
    readonly id: number,
    /** The command as the model asked for it (before any PTY wrapper). */
    readonly command: readonly string[],
    readonly options: StartOptions,
    /** Set when a PTY was asked for and none could be had: told with the first output. */
    private note: string,
  ) {
    const decoders = { stdout: new StringDecoder("utf8"), stderr: new StringDecoder("utf8") };
    this.finished = runCommand({
      ...options,
      timeoutMs: 0,
      signal: this.killer.signal,
      ...(options.tty ? { onStdin: (stdin: Writable) => (this.stdin = stdin) } : {}),
      onSignaller: (signalGroup) => (this.signalGroup = signalGroup),
      onOutput: (chunk, stream) => {
        const text = decoders[stream].write(chunk);
        if (!text) return;
        this.pending ??= new OutputCapture(PENDING_HALF_BYTES, PENDING_HALF_BYTES);
        const bytes = Buffer.from(text);
        this.pending.push(bytes);
        this.transcript.push(bytes);
        options.onOutput?.(text, stream);
      },
    }).then((result) => (this.result = result));
    // A failed start (no sandbox available) rejects: `collect` reports it, nothing else must.
    this.finished.catch(() => {});
  }

  get hasStdin(): boolean {
    return this.stdin !== null;
  }

  /** Sends `chars` to the process's terminal; false when its stdin is gone. */
  write(chars: string): boolean {
    if (!this.stdin || this.stdin.destroyed || this.stdin.writableEnded) return false;
    this.stdin.write(chars);
    return true;
  }

  /** Ctrl-C for a process without a terminal: SIGINT to its process group, as upstream delivers it. */
  interrupt(): void {
    if (!this.result) this.signalGroup?.("SIGINT");
  }

  /** Everything it has printed so far. */
  get outputSoFar(): string {
    return capturedText(this.transcript.snapshot());
  }

  /** The command for a listing. */
  get displayCommand(): string {
    return this.options.display ?? this.command.join(" ");
  }

  /** Its last `n` lines of output that are not blank. */
  recentLines(n: number): string[] {
    return this.outputSoFar
      .split(/\r?\n/)
      .filter((line) => line.trim() !== "")
      .slice(-n);
  }

  /** The output since the last call (the first call starts with the note, if any). */
  drain(): string {
    const pending = this.pending;
    const note = this.note;
    this.pending = null;
    this.note = "";
    return note + (pending ? capturedText(pending.snapshot()) : "");
  }

  /** Waits until the process has finished or `ms` have passed (or `signal` aborts). */
  async settle(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.result || signal?.aborted) return;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    await Promise.race([
      this.finished,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ms);
        onAbort = resolve;
        signal?.addEventListener("abort", onAbort, { once: true });
      }),
    ]);
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }

  /** Ends the process tree (SIGTERM, then SIGKILL after the runner's grace). */
  kill(): void {
    this.killer.abort();
  }
}

export interface Collected {
  output: string;
  wallTimeMs: number;
  /** The exit code once exited; the process has then left the manager. */
  exitCode: number | null;
  /** The id to reach it by while it still runs. */
  sessionId: number | null;
}

export class ProcessManager {
  private readonly processes = new Map<number, ExecProcess>();
  private readonly ids: ProcessIdAllocator;
  private closed = false;

  constructor(
    private readonly settings: { maxProcesses?: number; sequentialIds?: boolean } = {},
    private readonly ptyWrapper: () => PtyWrapper = detectPtyWrapper,
  ) {
    this.ids = new ProcessIdAllocator(settings.sequentialIds ?? false);
  }

  /** Starts a process; it is kept (and reachable by its id) until its exit is collected. */
  start(options: StartOptions): ExecProcess {
    if (this.closed) throw new Error("the session has ended");
    this.makeRoom();
    const wrapper = options.tty ? this.ptyWrapper() : { kind: "none" as const };
    const wrapped = wrapInPty(options.argv, wrapper);
    const env = { ...(options.env ?? {}), ...UNIFIED_EXEC_ENV, ...wrapped.env };
    const note = options.tty && wrapper.kind === "none" ? NO_PTY_NOTE : "";
    // Without a PTY program a tty request still gets a stdin pipe, so interaction keeps working.
    const proc = new ExecProcess(this.ids.reserve(), options.argv, { ...options, argv: wrapped.argv, env }, note);
    this.processes.set(proc.id, proc);
    return proc;
  }

  get(id: number): ExecProcess | undefined {
    return this.processes.get(id);
  }

  get size(): number {
    return this.processes.size;
  }

  /**
   * Waits up to `yieldMs` (less when the process exits), then answers with the output so far. An
   * exited process leaves the manager.
   */
  async collect(proc: ExecProcess, yieldMs: number, signal?: AbortSignal): Promise<Collected> {
    const start = performance.now();
    proc.lastUsed = start;
    try {
      await proc.settle(yieldMs, signal);
    } catch (err) {
      this.forget(proc);
      throw err;
    }
    // An interrupted call's answer is thrown away: its output stays for the next call to collect.
    if (signal?.aborted)
      return { output: "", wallTimeMs: performance.now() - start, exitCode: null, sessionId: proc.id };
    const output = proc.drain();
    const exitCode = proc.result?.exitCode ?? null;
    if (exitCode !== null) this.forget(proc);
    return {
      output,
      wallTimeMs: performance.now() - start,
      exitCode,
      sessionId: exitCode === null ? proc.id : null,
    };
  }

  /** The processes whose exit has not been collected yet. */
  get live(): ExecProcess[] {
    return [...this.processes.values()];
  }

  /** Kills every process (the user's /stop); the manager stays usable. */
  async killAll(): Promise<void> {
    const all = [...this.processes.values()];
    for (const p of all) {
      this.forget(p);
      p.kill();
    }
    await Promise.allSettled(all.map((p) => p.finished));
  }

  /** Kills every process and refuses new ones (the session has ended). */
  async close(): Promise<void> {
    this.closed = true;
    await this.killAll();
  }

  /** At the cap: the least recently used process, other than the latest few, is killed. */
  private makeRoom(): void {
    if (this.processes.size < (this.settings.maxProcesses ?? MAX_PROCESSES)) return;
    const byUse = [...this.processes.values()].sort((a, b) => a.lastUsed - b.lastUsed);
    const candidates = byUse.slice(0, Math.max(1, byUse.length - PROTECTED_RECENT));
    const victim = candidates.find((p) => p.result !== null) ?? candidates[0];
    if (!victim) return;
    this.forget(victim);
    victim.kill();
  }

  /** `proc` leaves the manager: its id is unknown from now on, and not drawn again soon. */
  private forget(proc: ExecProcess): void {
    if (this.processes.get(proc.id) !== proc) return;
    this.processes.delete(proc.id);
    this.ids.release(proc.id);
  }
}
