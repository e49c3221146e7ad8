// Which sandbox backend this machine can actually use. For bwrap the binary being present is
// not enough (user namespaces may be disabled, a container may forbid mounting /proc), so it is
// probed once with the same flags the real wrapper uses and the answer is cached.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

import { isTermux } from "../exec/platform.js";
import { SEATBELT_EXECUTABLE } from "./seatbelt.js";
import { procArgs } from "./bwrap.js";
import { findPrlimit } from "./process-limit.js";

export type SandboxKind = "bwrap" | "seatbelt" | "none";

export interface SandboxDetection {
  kind: SandboxKind;
  /** Human-readable explanation: which binary was found and probed, or why there is none. */
  reason: string;
  /** Absolute path of the sandbox executable (bwrap or sandbox-exec). */
  executable?: string;
  /** bwrap only: whether `--proc /proc` works here (false in some restrictive containers). */
  mountProc?: boolean;
  /** bwrap only: the host's `prlimit`, which caps the processes a command may create (process-limit.ts). */
  prlimit?: string;
}

export interface DetectSandboxOptions {
  platform?: NodeJS.Platform;
  env?: Readonly<Record<string, string | undefined>>;
  /** bwrap paths to try, in order (default: /usr/bin, /usr/local/bin, $PREFIX/bin, then PATH). */
  bwrapCandidates?: string[];
}

let cached: SandboxDetection | undefined;

/** Forgets the cached detection (tests, or after installing bubblewrap). */
export function resetSandboxDetection(): void {
  cached = undefined;
}

function bwrapCandidates(env: Readonly<Record<string, string | undefined>>): string[] {
  const out = ["/usr/bin/bwrap", "/usr/local/bin/bwrap"];
  if (isTermux(env) && env.PREFIX) out.push(path.join(env.PREFIX, "bin", "bwrap"));
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (dir && path.isAbsolute(dir)) out.push(path.join(dir, "bwrap"));
  }
  return [...new Set(out)];
}

function probeBwrap(executable: string, mountProc: boolean): { ok: boolean; detail: string } {
  const args = ["--new-session", "--die-with-parent"];
  if (typeof process.getuid === "function" && process.getuid() === 0) args.push("--cap-drop", "ALL");
  args.push("--ro-bind", "/", "/", "--dev", "/dev", "--unshare-pid", "--unshare-net");
  args.push(...procArgs(mountProc));
  args.push("--", "true");
  const res = spawnSync(executable, args, { stdio: ["ignore", "ignore", "pipe"], timeout: 5000, encoding: "utf8" });
  if (res.error) return { ok: false, detail: res.error.message };
  if (res.status === 0) return { ok: true, detail: "" };
  const firstLine = (res.stderr ?? "").trim().split("\n")[0] ?? "";
  return { ok: false, detail: firstLine || `exit status ${res.status ?? res.signal}` };
}

function detect(options: DetectSandboxOptions): SandboxDetection {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  if (platform === "darwin") {
    return existsSync(SEATBELT_EXECUTABLE)
      ? { kind: "seatbelt", reason: `${SEATBELT_EXECUTABLE} (Seatbelt)`, executable: SEATBELT_EXECUTABLE }
      : { kind: "none", reason: `${SEATBELT_EXECUTABLE} not found` };
  }
  if (platform !== "linux" && platform !== "android") {
    return { kind: "none", reason: `no sandbox backend for platform ${platform}` };
  }
  const candidates = (options.bwrapCandidates ?? bwrapCandidates(env)).filter((p) => existsSync(p));
  const executable = candidates[0];
  if (!executable && isTermux(env)) {
    // Android gives apps no user namespaces: no sandbox tool can work in Termux.
    return { kind: "none", reason: "Android (Termux) offers apps no way to sandbox commands" };
  }
  if (!executable)
    return { kind: "none", reason: "bubblewrap (bwrap) not found; install it, e.g. `apt-get install bubblewrap`" };
  const prlimit = findPrlimit();
  const limiter = prlimit ? { prlimit } : {};
  const full = probeBwrap(executable, true);
  if (full.ok) return { kind: "bwrap", reason: `${executable} works`, executable, mountProc: true, ...limiter };
  const noProc = probeBwrap(executable, false);
  if (noProc.ok) {
    return {
      kind: "bwrap",
      reason: `${executable} works (an empty /proc: a fresh one is refused here: ${full.detail})`,
      executable,
      mountProc: false,
      ...limiter,
    };
  }
  return { kind: "none", reason: `${executable} is installed but does not work here: ${full.detail}` };
}

/**
 * Detects the sandbox backend: `seatbelt` on macOS, `bwrap` on Linux when a bwrap binary passes
 * a probe run, otherwise `none` with the reason. The default call (no options) is cached for the
 * life of the process.
 */
export function detectSandbox(options?: DetectSandboxOptions): SandboxDetection {
  if (options) return detect(options);
  cached ??= detect({});
  return cached;
}

/** The one-line notice shown when no sandbox is available. */
export function sandboxUnavailableMessage(detection: SandboxDetection): string {
  return `No sandbox available (${detection.reason}): commands under read-only or workspace-write need your approval to run unsandboxed, and are rejected when approval_policy is "never".`;
}
