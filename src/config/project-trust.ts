// Upstream's `[projects."<path>"].trust_level`: a folder the user trusted (or marked untrusted)
// gets workspace-write by default, and approvals `on-request` (trusted) or `untrusted`; a folder
// with no decision stays read-only and the UI asks before anything runs. A decision is looked up
// for the working folder itself, then for its git repository's root (a worktree's main checkout),
// not for other parent folders, as upstream 0.171 does; it is saved for the repository's root.
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Table } from "../util/tables.js";
import { isTable } from "../util/tables.js";

export const TRUST_LEVELS = ["trusted", "untrusted"] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

export interface ProjectTrust {
  /** The saved decision for this folder, or null when none was made. */
  level: TrustLevel | null;
  /** The folder a decision is saved for: the git repository's root, else the working folder. */
  folder: string;
}

export function projectTrust(projects: unknown, cwd: string): ProjectTrust {
  const folder = gitProjectRoot(cwd) ?? cwd;
  const levelOf = (key: string): TrustLevel | null => {
    const entry = isTable(projects) ? projects[key] : undefined;
    const level = isTable(entry) ? entry.trust_level : undefined;
    return level === "trusted" || level === "untrusted" ? level : null;
  };
  return { level: levelOf(cwd) ?? levelOf(folder), folder };
}

/** The root of the git checkout holding `cwd` (a linked worktree's main checkout), or null outside one. */
export function gitProjectRoot(cwd: string): string | null {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, ".git");
    if (existsSync(dotGit)) return statSync(dotGit).isFile() ? (mainCheckoutOf(dotGit) ?? dir) : dir;
    if (path.dirname(dir) === dir) return null;
  }
}

/** A worktree's `.git` file says `gitdir: <main>/.git/worktrees/<name>`: its main checkout is `<main>`. */
function mainCheckoutOf(dotGitFile: string): string | null {
  const match = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGitFile, "utf8"));
  const gitdir = match?.[1]?.trim();
  if (!gitdir) return null;
  const resolved = path.resolve(path.dirname(dotGitFile), gitdir);
  const parts = resolved.split(path.sep);
  const at = parts.lastIndexOf("worktrees");
  return at > 0 && parts[at - 1] === ".git" ? parts.slice(0, at - 1).join(path.sep) || path.sep : null;
}

/** Saves the decision as `[projects."<folder>"] trust_level = "…"`, keeping the file's comments and layout. */
export async function saveProjectTrust(configFile: string, folder: string, level: TrustLevel): Promise<void> {
  // The TOML editor (about 240 KB) is loaded only to write, never by config loading.
  const { editConfigFile } = await import("./edit.js");
  await editConfigFile(configFile, (doc: Table) => {
    const projects = isTable(doc.projects) ? doc.projects : (doc.projects = {});
    const existing = projects[folder];
    if (isTable(existing)) existing.trust_level = level;
    else projects[folder] = { trust_level: level };
  });
}
