// Writes an approved patch plan where the policy's sandbox decides what is writable, atomically
// against concurrent changes by sandboxed processes. Checking paths in the agent and writing
// later is racy: a long-lived sandboxed command can swap a workspace symlink between the check
// and the write. So under read-only and workspace-write the writes are made by the apply_patch
// helper (sandbox-helper.ts) running inside the very sandbox commands get (same bwrap/Seatbelt
// arguments), whose kernel-enforced read-only mounts no swap can get around.
//
// One helper serves a session's patches (a Node start costs tens of milliseconds on an idle
// machine, much more on a loaded one); it is restarted whenever the sandbox it would get today
// differs (policy, writable roots, a protected `.git` that appeared), and ends with the agent:
// its stdin closes, bwrap's --die-with-parent, and the reaper (exec/reaper.ts).
//
// In-process, as before: danger-full-access and external sandboxes (no sandbox, as upstream),
// where no sandbox is available (then commands cannot run sandboxed either), and for writes the
// user approved outside the writable roots.
import { spawn, type ChildProcess } from "node:child_process";
import { Socket } from "node:net";
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { registerWithReaper, unregisterFromReaper } from "../exec/reaper.js";
import {
  BWRAP_SECCOMP_FD,
  policyRequiresSandbox,
  prepareSandboxedCommand,
  SandboxUnavailableError,
} from "../sandbox/index.js";
import { commitPatchPlan } from "./apply.js";
import { APPLY_PATCH_HELPER_ARG, hiddenModeArgv } from "../hidden-modes.js";
import { shownPath, type PatchPlan } from "./plan.js";
import type { HelperAnswer, HelperRequest } from "./sandbox-helper.js";
import { PatchApplyError } from "./errors.js";
import type { SandboxPolicy } from "../../protocol/policies.js";

/** How long one patch may take inside the helper (its start included) before it is given up. */
export const HELPER_ANSWER_TIMEOUT_MS = 60_000;

export interface PatchSandbox {
  policy: SandboxPolicy;
  /** The session's working directory (the writable roots come from it). */
  sessionCwd: string;
  codexHome: string;
  /** Folders and files commands (and so the helper) may not read: the logs outside CODEX_HOME. */
  hiddenPaths?: readonly string[];
}

/** Writes `plan` inside `sandbox`'s sandbox when the policy has one; see the file comment for when it does not. */
export async function commitPatchInSandbox(plan: PatchPlan, sandbox: PatchSandbox): Promise<void> {
  const helper = policyRequiresSandbox(sandbox.policy) ? helperFor(sandbox) : null;
  if (!helper) return commitPatchPlan(plan);
  const request: HelperRequest = {
    writes: [...plan.finalContents],
    shown: [...plan.finalContents.keys()].map((file) => [file, shownPath(plan, file)]),
  };
  const answer = await helper.send(request);
  if (answer.error !== undefined) throw new PatchApplyError("io", answer.error);
}

/** Environment variables that decide the writable roots ($TMPDIR, Termux's temp dir) or let Node start. */
const HELPER_ENV_VARS = ["PATH", "TMPDIR", "PREFIX", "TERMUX_VERSION", "LANG"];

let current: PatchHelper | null = null;

function helperFor(sandbox: PatchSandbox): PatchHelper | null {
  const argv = hiddenModeArgv(APPLY_PATCH_HELPER_ARG);
  if (argv === null) throw new PatchApplyError("io", "the apply_patch helper (dist/cli.cjs) is missing");
  const env: Record<string, string> = {};
  for (const name of HELPER_ENV_VARS) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  let prepared;
  try {
    prepared = prepareSandboxedCommand({
      argv,
      cwd: sandbox.sessionCwd,
      sandboxPolicyCwd: sandbox.sessionCwd,
      codexHome: sandbox.codexHome,
      ...(sandbox.hiddenPaths ? { hiddenPaths: sandbox.hiddenPaths } : {}),
      env,
      policy: sandbox.policy,
    });
  } catch (err) {
    // No sandbox on this machine: commands cannot run sandboxed either, so none can race us.
    if (err instanceof SandboxUnavailableError) return null;
    throw err;
  }
  if (prepared.sandbox === "none") return null;
  const key = JSON.stringify([prepared.argv, prepared.env]);
  if (current?.key === key && current.alive) return current;
  current?.close();
  current = new PatchHelper(key, prepared.argv, prepared.env, prepared.seccompProgram);
  return current;
}

/** One running helper; requests are answered in order. */
class PatchHelper {
  private readonly child: ChildProcess;
  private readonly waiting: ((answer: HelperAnswer) => void)[] = [];
  private stderr = "";
  alive = true;

  constructor(
    readonly key: string,
    argv: readonly string[],
    env: Record<string, string>,
    seccompProgram: Buffer | undefined,
  ) {
    const [program = "", ...args] = argv;
    const stdio: ("pipe" | "ignore")[] = ["pipe", "pipe", "pipe"];
    if (seccompProgram) stdio[BWRAP_SECCOMP_FD] = "pipe";
    this.child = spawn(program, args, { env, stdio, detached: true });
    const seccompPipe = this.child.stdio[BWRAP_SECCOMP_FD];
    if (seccompProgram && seccompPipe instanceof Writable) {
      seccompPipe.on("error", () => {});
      seccompPipe.end(seccompProgram);
    }
    if (this.child.pid !== undefined) registerWithReaper(this.child.pid);
    this.child.stdin?.on("error", () => {});
    this.child.stderr?.on("data", (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-2000)));
    if (this.child.stdout) {
      createInterface({ input: this.child.stdout, crlfDelay: Infinity }).on("line", (line) => {
        this.waiting.shift()?.(parseAnswer(line));
      });
    }
    const ended = (why: string) => {
      this.alive = false;
      if (this.child.pid !== undefined) unregisterFromReaper(this.child.pid);
      const error = `the apply_patch helper ${why}${this.stderr.trim() ? `: ${this.stderr.trim()}` : ""}`;
      for (const resolve of this.waiting.splice(0)) resolve({ error });
    };
    this.child.on("error", (err) => ended(`could not start (${err.message})`));
    this.child.on("exit", (code, signal) => ended(`exited (${signal ?? `code ${code}`})`));
    // An idle helper must not keep the agent running.
    this.child.unref();
    for (const pipe of [this.child.stdin, this.child.stdout, this.child.stderr]) unrefPipe(pipe);
  }

  send(request: HelperRequest): Promise<HelperAnswer> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.close();
        resolve({ error: `the apply_patch helper did not answer within ${HELPER_ANSWER_TIMEOUT_MS / 1000} s` });
      }, HELPER_ANSWER_TIMEOUT_MS);
      this.waiting.push((answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      this.child.stdin?.write(`${JSON.stringify(request)}\n`);
    });
  }

  close(): void {
    this.alive = false;
    this.child.stdin?.end();
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Child process pipes are sockets, which can stop holding the event loop. */
export function unrefPipe(pipe: unknown): void {
  if (pipe instanceof Socket) pipe.unref();
}

function parseAnswer(line: string): HelperAnswer {
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed && typeof parsed === "object" && "error" in parsed && typeof parsed.error === "string")
      return { error: parsed.error };
    return {};
  } catch {
    return { error: `the apply_patch helper answered something unreadable: ${line.slice(0, 200)}` };
  }
}
