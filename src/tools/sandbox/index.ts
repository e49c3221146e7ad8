// Turns a command plus a sandbox policy into the argv/env that actually gets spawned.
//
// What happens when the policy needs a sandbox but the machine has none
// ---------------------------------------------------------------------
// Upstream Codex never silently drops the sandbox for read-only / workspace-write:
// - Linux and macOS are assumed to have one (upstream ships its own helper); if it cannot be set
//   up the command fails rather than running unconfined.
// - Where the platform has none (`get_platform_sandbox()` returns None), the approval layer
//   (core/src/safety.rs) asks instead of auto-approving: `on-request` and `on-failure` turn into
//   "ask the user", `never` rejects the command ("auto-rejected because command is not on trusted
//   list"), `untrusted` asks anyway. Patches likewise fall back to asking.
// We do the same, split in two:
// - `prepareSandboxedCommand` fails closed: it throws `SandboxUnavailableError` unless the
//   caller passes `allowUnsandboxed` (which it may only do after the user approved running this
//   command without a sandbox, or for danger-full-access).
// - `unsandboxedFallback(approvalPolicy)` tells the approval layer what to do instead: ask or
//   reject.

import { resolveCodexHome } from "../../config/home.js";
import type { ApprovalPolicy } from "../../config/schema.js";
import { buildBwrapArgs } from "./bwrap.js";
import { detectSandbox, sandboxUnavailableMessage, type SandboxDetection, type SandboxKind } from "./detect.js";
import { hasFullNetworkAccess, policyRequiresSandbox } from "./policy.js";
import { withNprocLimit } from "./process-limit.js";
import { networkSeccompProgram } from "./seccomp.js";
import { buildSeatbeltArgs } from "./seatbelt.js";
import type { SandboxPolicy } from "../../protocol/policies.js";

export * from "./policy.js";
export { createPidsCgroup, SANDBOX_MAX_PROCESSES, type PidsCgroup } from "./process-limit.js";
export { buildBwrapArgs, BWRAP_SECCOMP_FD, type BwrapOptions, type SandboxPaths } from "./bwrap.js";
export {
  buildSeatbeltArgs,
  buildSeatbeltProfile,
  SEATBELT_BASE_PROFILE,
  SEATBELT_EXECUTABLE,
  type SeatbeltProfile,
} from "./seatbelt.js";
export {
  detectSandbox,
  resetSandboxDetection,
  sandboxUnavailableMessage,
  type DetectSandboxOptions,
  type SandboxDetection,
  type SandboxKind,
} from "./detect.js";

/** Set for commands whose policy turns the network off, as upstream does (whatever enforces it). */
export const CODEX_SANDBOX_NETWORK_DISABLED_ENV_VAR = "CODEX_SANDBOX_NETWORK_DISABLED";
/** Set to `seatbelt` for commands run under the macOS sandbox, as upstream does. */
export const CODEX_SANDBOX_ENV_VAR = "CODEX_SANDBOX";

/**
 * Variables pointing commands at the user's agents and daemons over Unix sockets (SSH and GPG
 * agents, the keyring, D-Bus, Docker/Podman). Dropped when the policy turns the network off:
 * the sandbox refuses those connections anyway, and a command should not even be told where
 * they are.
 */
export const HOST_SOCKET_ENV_VARS: readonly string[] = [
  "SSH_AUTH_SOCK",
  "SSH_AGENT_PID",
  "GPG_AGENT_INFO",
  "GNOME_KEYRING_CONTROL",
  "DBUS_SESSION_BUS_ADDRESS",
  "DOCKER_HOST",
  "CONTAINER_HOST",
];

export class SandboxUnavailableError extends Error {
  constructor(
    readonly detection: SandboxDetection,
    readonly policy: SandboxPolicy,
  ) {
    super(sandboxUnavailableMessage(detection));
    this.name = "SandboxUnavailableError";
  }
}

export interface PrepareSandboxedCommandOptions {
  argv: readonly string[];
  /** Where the command runs (the model's `workdir`); grants no access by itself. */
  cwd: string;
  /** The session's working directory, which workspace-write's writable roots come from. */
  sandboxPolicyCwd: string;
  /** CODEX_HOME, kept read-only with its credential files hidden (default: from `process.env`). */
  codexHome?: string;
  /** Folders and files commands may not read (the telemetry dir and logs outside CODEX_HOME). */
  hiddenPaths?: readonly string[];
  env: Readonly<Record<string, string>>;
  policy: SandboxPolicy;
  /** Backend to use (default: `detectSandbox()`). */
  detection?: SandboxDetection;
  /** Run without a sandbox when none is available (only after the user approved exactly that). */
  allowUnsandboxed?: boolean;
}

export interface SandboxedCommand {
  argv: string[];
  env: Record<string, string>;
  /** The backend actually wrapping the command (`none` for full access or an approved fallback). */
  sandbox: SandboxKind;
  /** A seccomp program the spawner must supply on the child's fd `BWRAP_SECCOMP_FD`. */
  seccompProgram?: Buffer;
}

/** Wraps `argv` for `policy`; throws `SandboxUnavailableError` when it cannot be enforced. */
export function prepareSandboxedCommand(options: PrepareSandboxedCommandOptions): SandboxedCommand {
  const { argv, cwd, policy } = options;
  const env: Record<string, string> = { ...options.env };
  if (!hasFullNetworkAccess(policy)) {
    env[CODEX_SANDBOX_NETWORK_DISABLED_ENV_VAR] = "1";
    for (const name of HOST_SOCKET_ENV_VARS) delete env[name];
  }
  if (!policyRequiresSandbox(policy)) return { argv: [...argv], env, sandbox: "none" };

  const detection = options.detection ?? detectSandbox();
  const codexHome = options.codexHome ?? resolveCodexHome();
  switch (detection.kind) {
    case "bwrap": {
      const networkOff = !hasFullNetworkAccess(policy);
      const seccompProgram = networkSeccompProgram(networkOff ? "restricted" : "vm-sockets");
      if (networkOff && !seccompProgram) {
        // Without the filter, Unix sockets of the host (docker.sock, D-Bus) stay reachable.
        if (options.allowUnsandboxed) return { argv: [...argv], env, sandbox: "none" };
        throw new SandboxUnavailableError(
          {
            kind: "none",
            reason: `no seccomp filter for ${process.arch}, so bwrap cannot keep commands off the host's Unix sockets`,
          },
          policy,
        );
      }
      const paths = {
        sessionCwd: options.sandboxPolicyCwd,
        commandCwd: cwd,
        codexHome,
        hiddenPaths: options.hiddenPaths,
      };
      const limited = detection.prlimit ? withNprocLimit(detection.prlimit, argv) : argv;
      const args = buildBwrapArgs(limited, policy, paths, {
        mountProc: detection.mountProc ?? true,
        env: options.env,
        seccomp: seccompProgram !== undefined,
      });
      return {
        argv: [detection.executable ?? "bwrap", ...args],
        env,
        sandbox: "bwrap",
        ...(seccompProgram ? { seccompProgram } : {}),
      };
    }
    case "seatbelt": {
      env[CODEX_SANDBOX_ENV_VAR] = "seatbelt";
      const scope = { sessionCwd: options.sandboxPolicyCwd, codexHome, hiddenPaths: options.hiddenPaths };
      const args = buildSeatbeltArgs(argv, policy, scope, options.env);
      return { argv: [detection.executable ?? "/usr/bin/sandbox-exec", ...args], env, sandbox: "seatbelt" };
    }
    case "none":
      if (options.allowUnsandboxed) return { argv: [...argv], env, sandbox: "none" };
      throw new SandboxUnavailableError(detection, policy);
  }
}

export type UnsandboxedFallback = { action: "ask" } | { action: "reject"; reason: string };

/**
 * What the approval layer does with a command that needs a sandbox when none is available
 * (upstream safety.rs): ask the user, except under `never`, where nobody can be asked.
 */
export function unsandboxedFallback(approvalPolicy: ApprovalPolicy): UnsandboxedFallback {
  if (approvalPolicy === "never") {
    return { action: "reject", reason: 'auto-rejected: no sandbox is available and approval_policy is "never"' };
  }
  return { action: "ask" };
}
