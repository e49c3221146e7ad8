// Which program a bare command name runs. A known-safe name is only known-safe when it runs the
// host's program of that name, not one the workspace supplies: `ls` with `.` (or any relative
// folder) early in PATH, or with a PATH folder inside the workspace, may run the repo's own `ls`.
import { accessSync, constants, realpathSync, statSync } from "node:fs";
import path from "node:path";

import { realPathOfNearestAncestor } from "../../util/fs.js";
import { isWithin } from "../../util/paths.js";

export interface ProgramLookup {
  /** PATH of the command's environment. */
  pathEnv: string | undefined;
  /** Folders whose files the model or the repo controls: the session's cwd, the command's workdir. */
  workspaceRoots: readonly string[];
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * True when bare `name` resolves along PATH (as execvp and the shells search it) to an
 * executable outside the workspace, and no relative PATH entry (`""`, `.`, `bin`…) comes before
 * it: those depend on the folder the command runs in, which a script's `cd` can change. A name
 * with a `/`, or one not found, is not a host program.
 */
export function isHostProgram(name: string, lookup: ProgramLookup): boolean {
  if (name === "" || name.includes("/")) return false;
  for (const entry of (lookup.pathEnv ?? "").split(path.delimiter)) {
    if (!path.isAbsolute(entry)) return false;
    const candidate = path.join(entry, name);
    if (!isExecutableFile(candidate)) continue;
    const real = realpathSync(candidate);
    return !lookup.workspaceRoots.some((root) => isWithin(real, realPathOfNearestAncestor(root)));
  }
  return false;
}
