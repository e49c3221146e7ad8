// Sandbox policies, in the shape upstream Codex writes into `turn_context.sandbox_policy`
// (tagged by `type`), and the writable-root computation both sandbox backends share.
//
// Upstream rules (codex-rs/protocol SandboxPolicy::get_writable_roots_with_cwd):
// - read-only: nothing writable; danger-full-access / external-sandbox: no restriction by us.
// - workspace-write: configured `writable_roots` + cwd + `/tmp` (unless `exclude_slash_tmp`,
//   and only if it is a directory) + `$TMPDIR` (unless `exclude_tmpdir_env_var`, if set).
// - inside every writable root the top-level `.git` (directory, or worktree pointer file plus the
//   gitdir it points at), `.agents` and `.codex` stay read-only.
// - network is off unless `network_access = true`.
// The roots come from the SESSION's cwd (upstream's sandbox_policy_cwd), never from the
// directory a command runs in: a model choosing `workdir: "/"` gets a read-only `/`.
// Our additions: CODEX_HOME stays read-only even when a writable root contains it (HOME as the
// workspace, CODEX_HOME under /tmp), and its credential files are hidden from commands.

import { existsSync, lstatSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";

import type { SandboxPolicy } from "../../protocol/policies.js";
import { isWithin } from "../../util/paths.js";
import { tempDir } from "../exec/platform.js";

export type SandboxMode = "read-only" | "workspace-write" | "danger-full-access";

export interface WorkspaceWriteSettings {
  writable_roots?: string[];
  network_access?: boolean;
  exclude_tmpdir_env_var?: boolean;
  exclude_slash_tmp?: boolean;
}

/** Builds the policy from config: `sandbox_mode` plus the `[sandbox_workspace_write]` table. */
export function sandboxPolicyFromMode(mode: SandboxMode, settings: WorkspaceWriteSettings = {}): SandboxPolicy {
  switch (mode) {
    case "read-only":
      return { type: "read-only" };
    case "danger-full-access":
      return { type: "danger-full-access" };
    case "workspace-write":
      return {
        type: "workspace-write",
        writable_roots: settings.writable_roots ?? [],
        network_access: settings.network_access ?? false,
        exclude_tmpdir_env_var: settings.exclude_tmpdir_env_var ?? false,
        exclude_slash_tmp: settings.exclude_slash_tmp ?? false,
      };
  }
}

/** True when the policy leaves the filesystem unrestricted (we do not wrap the command). */
export function hasFullDiskWriteAccess(policy: SandboxPolicy): boolean {
  return policy.type === "danger-full-access" || policy.type === "external-sandbox";
}

export function hasFullNetworkAccess(policy: SandboxPolicy): boolean {
  switch (policy.type) {
    case "danger-full-access":
      return true;
    case "external-sandbox":
      return policy.network_access === "enabled";
    case "read-only":
    case "workspace-write":
      return policy.network_access === true;
  }
}

/** True when the policy needs a platform sandbox (bwrap / Seatbelt) to be enforced. */
export function policyRequiresSandbox(policy: SandboxPolicy): boolean {
  return policy.type === "read-only" || policy.type === "workspace-write";
}

/** What a sandbox is computed from besides the policy: the session, never a command's own directory. */
export interface SandboxScope {
  /** The session's working directory: workspace-write's writable root. */
  sessionCwd: string;
  /** CODEX_HOME: read-only for commands, its credential files hidden. */
  codexHome: string;
  /**
   * Other folders and files commands may not read: the telemetry dir (when configured outside
   * CODEX_HOME) and our log files outside it (sandboxed-paths in tools/tool.ts).
   */
  hiddenPaths?: readonly string[];
}

export interface WritableRoot {
  /** Absolute, symlink-resolved path that is bound read-write. */
  root: string;
  /** Absolute, symlink-resolved paths under `root` that stay read-only. */
  readOnlySubpaths: string[];
}

/** `realpath`, or undefined when the path does not exist. */
export function realpathOrUndefined(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

export function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Resolves a `.git` pointer file (`gitdir: <path>`, as worktrees and submodules use) to its target. */
function gitdirFromPointerFile(dotGit: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(dotGit, "utf8");
  } catch {
    return undefined;
  }
  const match = /^gitdir:\s*(.+?)\s*$/m.exec(text);
  if (!match?.[1]) return undefined;
  return realpathOrUndefined(path.resolve(path.dirname(dotGit), match[1]));
}

/**
 * The protected subpaths of one (already resolved) writable root. Only paths that exist are
 * returned: bwrap needs an existing mount target, and creating placeholders would leave files
 * behind in the user's workspace. (Upstream additionally blocks the creation of a missing
 * `.codex` in cwd; we do not.)
 */
export function readOnlySubpathsFor(root: string): string[] {
  const out = new Set<string>();
  const dotGit = path.join(root, ".git");
  let gitStat: ReturnType<typeof lstatSync> | undefined;
  try {
    gitStat = lstatSync(dotGit);
  } catch {
    gitStat = undefined;
  }
  if (gitStat) {
    const resolved = realpathOrUndefined(dotGit);
    if (resolved) {
      out.add(resolved);
      if (statSync(resolved).isFile()) {
        const gitdir = gitdirFromPointerFile(resolved);
        if (gitdir) out.add(gitdir);
      }
    }
  }
  for (const name of [".agents", ".codex"]) {
    const candidate = path.join(root, name);
    const resolved = realpathOrUndefined(candidate);
    if (resolved && isDirectory(resolved)) out.add(resolved);
  }
  return [...out];
}

/**
 * Files in CODEX_HOME that hold credentials: ours (`.env`, where login keeps the API key) and
 * upstream Codex's, which shares the folder (`auth.json`; `.credentials.json`, MCP OAuth tokens).
 */
export const CODEX_HOME_SECRET_FILES: readonly string[] = [".env", "auth.json", ".credentials.json"];

/** The credential files of `codexHome` that exist, symlinks resolved: what bwrap hides. */
export function codexHomeSecretFiles(codexHome: string): string[] {
  const out = new Set<string>();
  for (const name of CODEX_HOME_SECRET_FILES) {
    const real = realpathOrUndefined(path.join(codexHome, name));
    if (real && statSync(real).isFile()) out.add(real);
  }
  return [...out];
}

/**
 * The writable roots for `policy` in a session at `sessionCwd`, symlinks resolved (so a root
 * reached through a symlink is bound at its real location, and a symlink inside a root that
 * points elsewhere grants nothing). Roots that do not exist are skipped. Empty for every policy
 * but workspace-write. `codexHome`, when inside a root, is one of its read-only subpaths.
 */
export function writableRoots(
  policy: SandboxPolicy,
  sessionCwd: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  codexHome?: string,
): WritableRoot[] {
  if (policy.type !== "workspace-write") return [];
  const candidates: string[] = [];
  for (const root of policy.writable_roots ?? []) candidates.push(path.resolve(sessionCwd, root));
  candidates.push(path.resolve(sessionCwd));
  if (!policy.exclude_slash_tmp) {
    const slashTmp = tempDir(env);
    if (isDirectory(slashTmp)) candidates.push(slashTmp);
  }
  if (!policy.exclude_tmpdir_env_var) {
    const tmpdir = env.TMPDIR;
    if (tmpdir && path.isAbsolute(tmpdir)) candidates.push(tmpdir);
  }

  const realCodexHome = codexHome === undefined ? undefined : realpathOrUndefined(codexHome);
  const seen = new Set<string>();
  const roots: WritableRoot[] = [];
  for (const candidate of candidates) {
    const real = realpathOrUndefined(candidate);
    if (!real || seen.has(real) || !existsSync(real)) continue;
    seen.add(real);
    const readOnlySubpaths = readOnlySubpathsFor(real);
    if (realCodexHome && isWithin(realCodexHome, real) && !readOnlySubpaths.includes(realCodexHome))
      readOnlySubpaths.push(realCodexHome);
    roots.push({ root: real, readOnlySubpaths });
  }
  return roots;
}
