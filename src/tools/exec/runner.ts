// Runs one model-requested command: optionally inside the sandbox, in its own process group,
// with a timeout and an abort signal that take down the whole process tree, and with bounded
// output capture (a command flooding gigabytes costs a few hundred KiB).
//
// Lifecycle (mirrors upstream core/src/exec.rs):
// - spawned detached (setsid), so the command and everything it starts share one process group;
// - on timeout or abort: SIGTERM to the group, SIGKILL after `killGraceMs`; a timeout reports
//   exit code 124 (`timeout(1)`'s convention, as upstream);
// - after the main process exits we wait up to `drainMs` for its pipes to close (a background
//   child may hold them); then the rest of the group is SIGKILLed so nothing keeps the pipes
//   (and our promise) open. Processes that detached their output on purpose are left alone.
// - under bwrap, killing bwrap's group is usually enough (--die-with-parent plus the PID
//   namespace), but not always: so an abort or timeout also SIGKILLs the process tree as it was
//   when the kill began (process-tree.ts), which takes the namespace down with its init.

import { spawn } from "node:child_process";
import type { SecretRedactor } from "../../util/redact.js";
import { signalExitCode } from "../../util/signals.js";
import { StreamRedactor } from "../../util/stream-redact.js";
import { Writable } from "node:stream";

import {
  BWRAP_SECCOMP_FD,
  createPidsCgroup,
  hasFullNetworkAccess,
  prepareSandboxedCommand,
  type SandboxDetection,
  type SandboxKind,
} from "../sandbox/index.js";
import {
  capturedText,
  countNewlines,
  OutputCapture,
  DEFAULT_HEAD_CAP,
  DEFAULT_TAIL_CAP,
  type CapturedOutput,
} from "./capture.js";
import { adaptArgvForPlatform } from "./platform.js";
import { descendants, signalIfSame, type ProcessRef } from "./process-tree.js";
import { registerWithReaper, unregisterFromReaper } from "./reaper.js";
import type { SandboxPolicy } from "../../protocol/policies.js";

/** Upstream's default when the model gives no `timeout_ms`. */
export const DEFAULT_EXEC_TIMEOUT_MS = 10_000;
/** Exit code reported for a command killed by its timeout. */
export const EXEC_TIMEOUT_EXIT_CODE = 124;
export const DEFAULT_KILL_GRACE_MS = 2_000;
export const DEFAULT_DRAIN_MS = 2_000;

export type OutputStream = "stdout" | "stderr";

export interface RunCommandOptions {
  argv: readonly string[];
  /** Where the command runs. Under a sandbox this grants no access by itself. */
  cwd: string;
  /** The session's working directory: the sandbox's writable roots come from it, not from `cwd`. */
  sandboxPolicyCwd: string;
  /** CODEX_HOME, read-only for sandboxed commands, its credential files hidden (default: from the environment). */
  codexHome?: string;
  /** Folders and files sandboxed commands may not read (the telemetry dir and logs outside CODEX_HOME). */
  hiddenPaths?: readonly string[];
  /** The command's complete environment (see `buildCommandEnv`). Default: a copy of `process.env`. */
  env?: Readonly<Record<string, string>>;
  /** Default 10 000 ms. `0` or `Infinity` disables the timeout. */
  timeoutMs?: number;
  sandboxPolicy: SandboxPolicy;
  signal?: AbortSignal;
  /**
   * The session's secrets: replaced by [REDACTED] in the output as it arrives, before anything
   * (capture, truncation, `onOutput`) sees it, so no part of a secret survives a cut.
   */
  redactor?: SecretRedactor;
  /** Called with every chunk as it arrives (not bounded: the caller decides what to keep). */
  onOutput?: (chunk: Buffer, stream: OutputStream) => void;
  /** Gives the command a stdin pipe, handed over once spawned (default: stdin is /dev/null). */
  onStdin?: (stdin: Writable) => void;
  /** Handed, once spawned, a way to signal the command's process group (write_stdin's Ctrl-C). */
  onSignaller?: (signalGroup: (signal: NodeJS.Signals) => void) => void;
  /** Sandbox backend to use (default: `detectSandbox()`). */
  sandbox?: SandboxDetection;
  /** When the policy needs a sandbox and none is available, run anyway (after user approval). */
  allowUnsandboxed?: boolean;
  killGraceMs?: number;
  drainMs?: number;
  /** Bytes kept from the start and the end of each stream (default 64 KiB each; at least 10 KiB for exact model formatting). */
  captureHeadBytes?: number;
  captureTailBytes?: number;
}

export interface RunCommandResult {
  exitCode: number;
  /** Retained text: complete when small, otherwise head and tail around an omission marker. */
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved in arrival order (retained text, as above). */
  aggregatedOutput: string;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
  /** Heuristic: the command failed and its output looks like a sandbox denial (upstream's rule). */
  sandboxDenied: boolean;
  /** The backend the command actually ran under. */
  sandbox: SandboxKind;
  /** The signal that ended the main process, if any. */
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (exit code 127). */
  spawnError?: string;
  /** Exact totals plus the retained head/tail windows, for `formatOutputForModel`. */
  aggregated: CapturedOutput;
  stdoutCapture: CapturedOutput;
  stderrCapture: CapturedOutput;
}

// Upstream core/src/exec.rs is_likely_sandbox_denied: keywords looked for, lower-cased, in the
// output of a failed sandboxed command.
const SANDBOX_DENIED_KEYWORDS = [
  "operation not permitted",
  "permission denied",
  "read-only file system",
  "seccomp",
  "sandbox",
  "landlock",
  "failed to write file",
];
// Our addition: inside bwrap's empty network namespace a name lookup or a route fails before
// any socket call the seccomp filter would refuse. Only consulted when the policy turned the
// network off.
const NETWORK_DENIED_KEYWORDS = [
  "network is unreachable",
  "temporary failure in name resolution",
  "could not resolve host",
  "name or service not known",
];

/**
 * Upstream's heuristic: a sandboxed command that was killed by SIGSYS, or failed and mentions a
 * denial keyword.
 */
export function isLikelySandboxDenied(
  sandbox: SandboxKind,
  exitCode: number,
  texts: readonly string[],
  networkDisabled = false,
): boolean {
  if (sandbox === "none" || exitCode === 0) return false;
  // The seccomp filter kills syscalls made through a foreign ABI with SIGSYS.
  if (exitCode === signalExitCode("SIGSYS")) return true;
  const keywords = networkDisabled ? [...SANDBOX_DENIED_KEYWORDS, ...NETWORK_DENIED_KEYWORDS] : SANDBOX_DENIED_KEYWORDS;
  return texts.some((t) => {
    const lower = t.toLowerCase();
    return keywords.some((k) => lower.includes(k));
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone (ESRCH) or not ours to signal: nothing left to do.
  }
}

/**
 * Process groups of commands still running. If this process exits meanwhile (a second Ctrl-C
 * exits at once, skipping the usual SIGTERM → grace → SIGKILL), they are killed on the way out
 * with their process trees, so no command outlives the agent; where no exit handler runs
 * (SIGKILL, SIGHUP), the reaper does it (reaper.ts).
 */
const runningGroups = new Set<number>();
let exitHookInstalled = false;
function trackGroup(pid: number): void {
  runningGroups.add(pid);
  registerWithReaper(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const group of runningGroups) killAll(group, descendants(group));
  });
}

/** SIGKILL to the command's process group and to every process of `tree` (see process-tree.ts). */
function killAll(pid: number, tree: readonly ProcessRef[]): void {
  killGroup(pid, "SIGKILL");
  for (const ref of tree) signalIfSame(ref, "SIGKILL");
}

function defaultEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return env;
}

/** Runs `argv` per the options; resolves when the command has finished (or was killed). */
export async function runCommand(options: RunCommandOptions): Promise<RunCommandResult> {
  if (options.argv.length === 0) throw new Error("runCommand: empty argv");
  const baseEnv = options.env ?? defaultEnv();
  const prepared = prepareSandboxedCommand({
    argv: adaptArgvForPlatform(options.argv, baseEnv),
    cwd: options.cwd,
    sandboxPolicyCwd: options.sandboxPolicyCwd,
    ...(options.codexHome !== undefined ? { codexHome: options.codexHome } : {}),
    ...(options.hiddenPaths ? { hiddenPaths: options.hiddenPaths } : {}),
    env: baseEnv,
    policy: options.sandboxPolicy,
    ...(options.sandbox ? { detection: options.sandbox } : {}),
    ...(options.allowUnsandboxed !== undefined ? { allowUnsandboxed: options.allowUnsandboxed } : {}),
  });
  const timeoutMs = options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
  const killGraceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const drainMs = options.drainMs ?? DEFAULT_DRAIN_MS;
  const headCap = options.captureHeadBytes ?? DEFAULT_HEAD_CAP;
  const tailCap = options.captureTailBytes ?? DEFAULT_TAIL_CAP;
  const stdoutCap = new OutputCapture(headCap, tailCap);
  const stderrCap = new OutputCapture(headCap, tailCap);
  const aggCap = new OutputCapture(headCap, tailCap);

  const start = performance.now();
  // A sandboxed command's process count is capped (sandbox/process-limit.ts): a fork bomb stops.
  const pidsCgroup = prepared.sandbox === "bwrap" ? createPidsCgroup() : undefined;
  const [program = "", ...args] = pidsCgroup ? pidsCgroup.wrap(prepared.argv) : prepared.argv;

  return new Promise<RunCommandResult>((resolve) => {
    let timedOut = false;
    let aborted = false;
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let spawnError: string | undefined;
    let exited = false;
    let stdoutClosed = false;
    let stderrClosed = false;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];

    const stdio: ("ignore" | "pipe")[] = [options.onStdin ? "pipe" : "ignore", "pipe", "pipe"];
    // bwrap reads its seccomp program from this fd until end of file.
    if (prepared.seccompProgram) stdio[BWRAP_SECCOMP_FD] = "pipe";
    const child = spawn(program, args, { cwd: options.cwd, env: prepared.env, detached: true, stdio });
    const pid = child.pid;
    const seccompPipe = child.stdio[BWRAP_SECCOMP_FD];
    if (prepared.seccompProgram && seccompPipe instanceof Writable) {
      seccompPipe.on("error", () => {}); // bwrap failed before reading it: its exit status tells
      seccompPipe.end(prepared.seccompProgram);
    }

    let killRequested = false;
    // The tree below the command when the kill began: members outside its process group die too.
    let tree: ProcessRef[] = [];
    const killEverything = () => {
      if (pid !== undefined) killAll(pid, tree);
    };
    const terminate = () => {
      if (killRequested || pid === undefined) return;
      killRequested = true;
      tree = descendants(pid);
      killGroup(pid, "SIGTERM");
      const t = setTimeout(killEverything, killGraceMs);
      t.unref();
      timers.push(t);
    };

    const onAbort = () => {
      if (exited) return;
      aborted = true;
      terminate();
    };

    const finish = () => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      // After a timeout or abort nothing of the group may survive, not even members that
      // ignored SIGTERM and no longer hold our pipes.
      if (killRequested) killEverything();
      if (pid !== undefined && runningGroups.delete(pid)) unregisterFromReaper(pid);
      pidsCgroup?.release();
      options.signal?.removeEventListener("abort", onAbort);
      child.stdout?.destroy();
      child.stderr?.destroy();
      const durationMs = performance.now() - start;
      let code: number;
      if (spawnError !== undefined) code = 127;
      else if (timedOut) code = EXEC_TIMEOUT_EXIT_CODE;
      else if (exitCode !== null) code = exitCode;
      else if (exitSignal) code = signalExitCode(exitSignal);
      else code = -1;
      const stdoutCapture = stdoutCap.snapshot();
      const stderrCapture = stderrCap.snapshot();
      const aggregated = aggCap.snapshot();
      const stdout = capturedText(stdoutCapture);
      const stderr = capturedText(stderrCapture);
      const aggregatedOutput = capturedText(aggregated);
      const sandboxDenied =
        !timedOut &&
        !aborted &&
        isLikelySandboxDenied(
          prepared.sandbox,
          code,
          [stderr, stdout, aggregatedOutput],
          !hasFullNetworkAccess(options.sandboxPolicy),
        );
      resolve({
        exitCode: code,
        stdout,
        stderr,
        aggregatedOutput,
        timedOut,
        aborted,
        durationMs,
        sandboxDenied,
        sandbox: prepared.sandbox,
        signal: exitSignal,
        ...(spawnError !== undefined ? { spawnError } : {}),
        aggregated,
        stdoutCapture,
        stderrCapture,
      });
    };

    const maybeFinish = () => {
      if (exited && stdoutClosed && stderrClosed) finish();
    };

    const redactors = {
      stdout: options.redactor && new StreamRedactor(options.redactor),
      stderr: options.redactor && new StreamRedactor(options.redactor),
    };
    const keep = (stream: OutputStream, cap: OutputCapture) => (chunk: Buffer) => {
      if (chunk.length === 0) return;
      const newlines = countNewlines(chunk);
      cap.push(chunk, newlines);
      aggCap.push(chunk, newlines);
      if (options.onOutput) {
        try {
          options.onOutput(chunk, stream);
        } catch {
          // A failing observer must not break the command.
        }
      }
    };
    const onStdout = keep("stdout", stdoutCap);
    const onStderr = keep("stderr", stderrCap);
    child.stdout?.on("data", (chunk: Buffer) => onStdout(redactors.stdout?.push(chunk) ?? chunk));
    child.stderr?.on("data", (chunk: Buffer) => onStderr(redactors.stderr?.push(chunk) ?? chunk));
    // What a stream redactor held back (the start of a secret that never completed) goes out at the end.
    child.stdout?.on("close", () => {
      if (redactors.stdout) onStdout(redactors.stdout.end());
      stdoutClosed = true;
      maybeFinish();
    });
    child.stderr?.on("close", () => {
      if (redactors.stderr) onStderr(redactors.stderr.end());
      stderrClosed = true;
      maybeFinish();
    });

    child.on("error", (err) => {
      // Only a failed spawn matters here (no process, so no "exit" will follow); errors of a
      // running child (e.g. a failed kill) are not fatal.
      if (pid !== undefined) return;
      spawnError = err.message;
      const line = Buffer.from(`${err.message}\n`);
      stderrCap.push(line);
      aggCap.push(line);
      exited = true;
      stdoutClosed = true;
      stderrClosed = true;
      finish();
    });

    child.on("exit", (code, signal) => {
      exited = true;
      exitCode = code;
      exitSignal = signal;
      if (stdoutClosed && stderrClosed) {
        finish();
        return;
      }
      // Something else still holds the pipes: give it `drainMs`, then kill the rest of the group.
      const t = setTimeout(() => {
        if (killRequested) killEverything();
        else if (pid !== undefined) killGroup(pid, "SIGKILL");
        const t2 = setTimeout(finish, 100);
        timers.push(t2);
      }, drainMs);
      timers.push(t);
    });

    if (pid === undefined) return;
    trackGroup(pid);
    options.onSignaller?.((signal) => {
      if (!exited) killGroup(pid, signal);
    });
    if (options.onStdin && child.stdin) {
      child.stdin.on("error", () => {}); // the command closed its stdin: writes fail, its exit tells the rest
      options.onStdin(child.stdin);
    }
    if (options.signal) {
      if (options.signal.aborted) onAbort();
      else options.signal.addEventListener("abort", onAbort, { once: true });
    }
    if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
      const t = setTimeout(() => {
        if (exited) return;
        timedOut = true;
        terminate();
      }, timeoutMs);
      timers.push(t);
    }
  });
}
