// What a sandboxed command sees of CODEX_HOME: only what a command legitimately reads (the
// config, the global instructions, skills, prompts and rules), never the key file, other
// projects' session transcripts, the history or the logs.
//
// Hiding single files does not last: `login` (and every atomic rewrite) renames a new file over
// `.env`, and a rename detaches a bind mount covering the old file in every other mount namespace,
// so a long-running sandboxed process read the new key. So the directory itself is hidden (an
// empty read-only tmpfs under bwrap, a deny rule under Seatbelt), whatever is later written in
// it, and the visible entries are bound back read-only; a rename over one of those only makes it
// disappear from a running sandbox, never a hidden file appear.
import { lstatSync, statSync } from "node:fs";
import path from "node:path";

import { succeeds } from "../../util/errors.js";
import { isWithin } from "../../util/paths.js";
import { isDirectory, realpathOrUndefined } from "./policy.js";

/** The entries of CODEX_HOME commands may read. */
export const CODEX_HOME_VISIBLE: readonly string[] = [
  "config.toml",
  "AGENTS.md",
  "AGENTS.override.md",
  "skills",
  "prompts",
  "rules",
];

export interface CodexHomeView {
  /** CODEX_HOME, symlinks resolved. */
  home: string;
  /** The visible entries that exist: `source` (symlinks resolved) shown at `target` (in `home`). */
  visible: { source: string; target: string; directory: boolean }[];
}

/** CODEX_HOME as a sandboxed command sees it; null when it does not exist (nothing to hide). */
export function codexHomeView(codexHome: string): CodexHomeView | null {
  const home = realpathOrUndefined(codexHome);
  if (!home || !isDirectory(home)) return null;
  const visible: CodexHomeView["visible"] = [];
  for (const name of CODEX_HOME_VISIBLE) {
    const target = path.join(home, name);
    if (!exists(target)) continue;
    const source = realpathOrUndefined(target);
    if (!source) continue;
    const directory = isDirectory(source);
    if (directory || isFile(source)) visible.push({ source, target, directory });
  }
  return { home, visible };
}

/**
 * Of `hiddenPaths` (the telemetry dir and log files), those that exist outside CODEX_HOME (which
 * hides what is in it), symlinks resolved. A folder holding a writable root or the session's
 * folder is left out: hiding it would hide the workspace (its log files, listed too, are hidden).
 */
export function hiddenPathsOutside(
  hiddenPaths: readonly string[],
  view: CodexHomeView | null,
  /** The session's folder and the writable roots (symlinks resolved). */
  workspace: readonly string[],
): { path: string; directory: boolean }[] {
  const out = new Map<string, boolean>();
  for (const entry of hiddenPaths) {
    const real = realpathOrUndefined(entry);
    if (!real || isInCodexHome(real, view) || (view !== null && isWithin(view.home, real))) continue;
    const directory = isDirectory(real);
    if (directory && workspace.some((folder) => isWithin(folder, real))) continue;
    if (directory || isFile(real)) out.set(real, directory);
  }
  // A file inside a hidden folder is covered by the folder.
  const dirs = [...out].filter(([, directory]) => directory).map(([p]) => p);
  return [...out]
    .filter(([p, directory]) => directory || !dirs.some((dir) => isWithin(p, dir)))
    .map(([p, directory]) => ({ path: p, directory }));
}

/** True when `p` lies in CODEX_HOME (then the hidden directory covers it). */
export function isInCodexHome(p: string, view: CodexHomeView | null): boolean {
  return view !== null && isWithin(p, view.home);
}

function exists(p: string): boolean {
  return succeeds(() => lstatSync(p));
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
