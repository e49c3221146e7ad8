// macOS sandbox: `/usr/bin/sandbox-exec -p <profile> -DNAME=value ... -- argv`, with a Seatbelt
// (SBPL) profile generated from the policy, following upstream Codex's approach:
// deny by default; allow reading everything; allow writing only below the writable roots minus
// their protected subpaths (.git, .agents, .codex); allow the network only when the policy does.
// As on Linux, the writable roots come from the session's cwd, not the command's; CODEX_HOME
// stays read-only even inside a root, and its credential files (.env, auth.json, ...) can be
// neither read nor written (a deny after the allows: Seatbelt applies the last matching rule).
// Paths are passed as `-D` parameters (never spliced into the profile text) and canonicalised
// first, because macOS reaches /tmp and /var through /private symlinks and Seatbelt matches real
// paths. Only the absolute `/usr/bin/sandbox-exec` is used, so a `sandbox-exec` planted earlier
// on PATH cannot stand in for it.
//
// Not exercised on this (Linux) machine: the tests check the generated text and arguments.

import path from "node:path";

import { codexHomeView, hiddenPathsOutside, isInCodexHome } from "./codex-home.js";
import {
  CODEX_HOME_SECRET_FILES,
  codexHomeSecretFiles,
  hasFullDiskWriteAccess,
  hasFullNetworkAccess,
  realpathOrUndefined,
  writableRoots,
  type SandboxScope,
} from "./policy.js";
import type { SandboxPolicy } from "../../protocol/policies.js";

export const SEATBELT_EXECUTABLE = "/usr/bin/sandbox-exec";

/**
 * Process-level allowances every sandboxed command needs: start children (they inherit the
 * policy), signal and inspect processes of the same sandbox, read the sysctls and services that
 * common runtimes query at start-up, use /dev/null and pseudo-terminals.
 */
export const SEATBELT_BASE_PROFILE = `(version 1)

; Everything not allowed below is denied.
(deny default)

; Children run under the same profile.
(allow process-exec)
(allow process-fork)
(allow signal (target same-sandbox))
(allow process-info* (target same-sandbox))

; Preferences, host/CPU information and user lookups used by common runtimes.
(allow user-preference-read)
(allow mach-host*)
(allow sysctl-read
  (sysctl-name-prefix "hw.")
  (sysctl-name-prefix "machdep.cpu.")
  (sysctl-name "kern.argmax")
  (sysctl-name "kern.hostname")
  (sysctl-name "kern.maxfilesperproc")
  (sysctl-name "kern.maxproc")
  (sysctl-name "kern.osproductversion")
  (sysctl-name "kern.osrelease")
  (sysctl-name "kern.ostype")
  (sysctl-name "kern.osversion")
  (sysctl-name "kern.usrstack64")
  (sysctl-name "kern.version")
  (sysctl-name "sysctl.proc_cputype")
  (sysctl-name "vm.loadavg")
  (sysctl-name-prefix "kern.proc.pid.")
  (sysctl-name-prefix "kern.proc.pgrp."))
(allow mach-lookup (global-name "com.apple.system.opendirectoryd.libinfo"))
(allow ipc-posix-sem)

; /dev/null is always writable.
(allow file-write-data (require-all (path "/dev/null") (vnode-type CHARACTER-DEVICE)))

; Pseudo-terminals.
(allow pseudo-tty)
(allow file-read* file-write* file-ioctl (literal "/dev/ptmx"))
(allow file-read* file-write* file-ioctl (regex #"^/dev/ttys[0-9]+$"))
`;

const READ_ALL = "; Reading is unrestricted.\n(allow file-read*)";
const NETWORK_ALL =
  "; Network access is allowed.\n(allow network-outbound)\n(allow network-inbound)\n(allow system-socket)";

export interface SeatbeltProfile {
  /** The full SBPL text passed with `-p`. */
  profile: string;
  /** `-DNAME=value` arguments defining the path parameters the profile refers to. */
  params: string[];
}

/** CODEX_HOME's credential files at their canonical paths, also those not created yet. */
function secretPaths(codexHome: string): string[] {
  const home = realpathOrUndefined(codexHome) ?? path.resolve(codexHome);
  return [
    ...new Set([...CODEX_HOME_SECRET_FILES.map((name) => path.join(home, name)), ...codexHomeSecretFiles(codexHome)]),
  ];
}

/** Generates the Seatbelt profile and its path parameters for `policy` in the session `scope`. */
export function buildSeatbeltProfile(
  policy: SandboxPolicy,
  scope: SandboxScope,
  env: Readonly<Record<string, string | undefined>> = process.env,
): SeatbeltProfile {
  const params: string[] = [];
  let writePolicy: string;
  if (hasFullDiskWriteAccess(policy)) {
    writePolicy = '; Writing is unrestricted.\n(allow file-write* (regex #"^/"))';
  } else {
    const clauses: string[] = [];
    writableRoots(policy, scope.sessionCwd, env, scope.codexHome).forEach((wr, i) => {
      const rootParam = `WRITABLE_ROOT_${i}`;
      params.push(`-D${rootParam}=${wr.root}`);
      if (wr.readOnlySubpaths.length === 0) {
        clauses.push(`(subpath (param "${rootParam}"))`);
        return;
      }
      const parts = [`(subpath (param "${rootParam}"))`];
      wr.readOnlySubpaths.forEach((sub, j) => {
        const subParam = `${rootParam}_RO_${j}`;
        params.push(`-D${subParam}=${sub}`);
        parts.push(`(require-not (subpath (param "${subParam}")))`);
      });
      clauses.push(`(require-all ${parts.join(" ")})`);
    });
    writePolicy =
      clauses.length === 0
        ? "; No writable roots."
        : `; Writing is allowed below the writable roots only.\n(allow file-write*\n  ${clauses.join("\n  ")})`;
  }
  const secrets = secretPaths(scope.codexHome).map((file, i) => {
    params.push(`-DCODEX_HOME_SECRET_${i}=${file}`);
    return `(literal (param "CODEX_HOME_SECRET_${i}"))`;
  });
  const secretPolicy = `; CODEX_HOME's credential files are off limits.\n(deny file-read* file-write*\n  ${secrets.join("\n  ")})`;
  const hiddenHome = [
    ...hiddenCodexHomePolicy(policy, scope, env, params),
    ...hiddenLogsPolicy(policy, scope, env, params),
  ];
  const networkPolicy = hasFullNetworkAccess(policy) ? NETWORK_ALL : "; Network access is denied.";
  const profile =
    [SEATBELT_BASE_PROFILE, READ_ALL, writePolicy, secretPolicy, ...hiddenHome, networkPolicy].join("\n") + "\n";
  return { profile, params };
}

/**
 * The rest of CODEX_HOME (other projects' sessions, the history, the logs) cannot be read either:
 * only its visible entries (codex-home.ts) and writable roots inside it. Seatbelt matches paths,
 * so a file written there later (a rename over `.env`) is denied as well.
 */
function hiddenCodexHomePolicy(
  policy: SandboxPolicy,
  scope: SandboxScope,
  env: Readonly<Record<string, string | undefined>>,
  params: string[],
): string[] {
  const view = codexHomeView(scope.codexHome);
  if (!view) return [];
  params.push(`-DCODEX_HOME=${view.home}`);
  const allowed = [
    ...view.visible.map(({ target }) => target),
    ...(hasFullDiskWriteAccess(policy) ? [] : writableRoots(policy, scope.sessionCwd, env, scope.codexHome))
      .map(({ root }) => root)
      .filter((root) => root !== view.home && isInCodexHome(root, view)),
  ];
  const exceptions = allowed.map((entry, i) => {
    params.push(`-DCODEX_HOME_VISIBLE_${i}=${entry}`);
    return ` (require-not (subpath (param "CODEX_HOME_VISIBLE_${i}")))`;
  });
  return [
    "; The rest of CODEX_HOME is off limits: only its config, instructions, skills, prompts and rules are read.",
    `(deny file-read* (require-all (subpath (param "CODEX_HOME")) (require-not (literal (param "CODEX_HOME")))${exceptions.join("")}))`,
  ];
}

/** The telemetry dir and log files outside CODEX_HOME cannot be read either (bwrap.ts says which). */
function hiddenLogsPolicy(
  policy: SandboxPolicy,
  scope: SandboxScope,
  env: Readonly<Record<string, string | undefined>>,
  params: string[],
): string[] {
  const roots = hasFullDiskWriteAccess(policy) ? [] : writableRoots(policy, scope.sessionCwd, env, scope.codexHome);
  const workspace = [
    realpathOrUndefined(scope.sessionCwd) ?? path.resolve(scope.sessionCwd),
    ...roots.map((r) => r.root),
  ];
  const hidden = hiddenPathsOutside(scope.hiddenPaths ?? [], codexHomeView(scope.codexHome), workspace);
  if (hidden.length === 0) return [];
  const rules = hidden.map(({ path: hiddenPath, directory }, i) => {
    params.push(`-DHIDDEN_LOGS_${i}=${hiddenPath}`);
    return directory ? `(subpath (param "HIDDEN_LOGS_${i}"))` : `(literal (param "HIDDEN_LOGS_${i}"))`;
  });
  return [
    "; The telemetry dir and logs outside CODEX_HOME are off limits.",
    `(deny file-read*\n  ${rules.join("\n  ")})`,
  ];
}

/** The `sandbox-exec` arguments (after the executable) that run `argv` under `policy`. */
export function buildSeatbeltArgs(
  argv: readonly string[],
  policy: SandboxPolicy,
  scope: SandboxScope,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string[] {
  if (argv.length === 0) throw new Error("empty command");
  const { profile, params } = buildSeatbeltProfile(policy, scope, env);
  return ["-p", profile, ...params, "--", ...argv];
}
