import { constants as fsConstants, existsSync, promises as fsp } from "node:fs";
import path from "node:path";
import { isWithin } from "../util/paths.js";

const OVERRIDE = "AGENTS.override.md";
const AGENTS = "AGENTS.md";
export const PROJECT_DOC_SEPARATOR = "\n\n--- project-doc ---\n\n";

export interface ProjectDocs {
  /** Combined instructions text (global, then project docs), or null when there are none. */
  text: string | null;
  /** Files that contributed, in order (for /status). */
  files: string[];
  /** One line per doc that was skipped as unsafe to read, naming the file and why. */
  warnings: string[];
}

/** Pseudo-filesystems whose "files" are the process's environment, memory or devices. */
const SYSTEM_ROOTS = ["/proc", "/sys", "/dev"];

/**
 * Reads a doc only when it is safe: it resolves (links followed) to a regular file, never under
 * /proc, /sys or /dev, and, for a project doc, inside the project root `within` — a repository
 * could otherwise ship `AGENTS.md -> /proc/self/environ` and send the environment, keys
 * included, to the model. Returns the text (null when absent or empty) or why it was skipped.
 */
async function readDoc(
  file: string,
  maxBytes: number,
  within: string | null,
): Promise<{ text: string | null } | { skipped: string }> {
  // Most candidates do not exist: asked without an exception (a failed realpath builds an Error and its stack).
  if (!existsSync(file)) return { text: null };
  let real: string;
  try {
    real = await fsp.realpath(file);
  } catch {
    return { text: null };
  }
  const target = real === file ? "it" : `it resolves to ${real}, which`;
  if (SYSTEM_ROOTS.some((root) => isWithin(real, root))) return { skipped: `${target} is a system file` };
  if (within !== null && !isWithin(real, within)) return { skipped: `${target} is outside the project (${within})` };
  let handle: fsp.FileHandle;
  try {
    // O_NONBLOCK: a FIFO must not hang the start-up before fstat can tell what it is.
    handle = await fsp.open(real, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK);
  } catch {
    return { text: null };
  }
  try {
    if (!(await handle.stat()).isFile()) return { skipped: `${target} is not a regular file` };
    const buf = Buffer.alloc(Math.max(0, maxBytes));
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const text = buf.subarray(0, bytesRead).toString("utf8");
    return { text: text.trim() ? text : null };
  } catch {
    return { text: null };
  } finally {
    await handle.close();
  }
}

async function exists(p: string): Promise<boolean> {
  return fsp.stat(p).then(
    () => true,
    () => false,
  );
}

/**
 * Nearest ancestor of `cwd` (itself included) that contains `.git`; null outside a repository.
 * Like git, the search does not go up into a folder GIT_CEILING_DIRECTORIES lists.
 */
export async function findGitRoot(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const ceilings = new Set(
    (env.GIT_CEILING_DIRECTORIES ?? "")
      .split(path.delimiter)
      .filter((d) => path.isAbsolute(d))
      .map((d) => path.resolve(d)),
  );
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (await exists(path.join(dir, ".git"))) return dir;
    if (path.dirname(dir) === dir || ceilings.has(path.dirname(dir))) return null;
  }
}

/**
 * Nearest ancestor of `cwd` that holds a git repository, as upstream's exec check judges one
 * (observed with upstream 0.171): a `.git` file (a worktree's or submodule's pointer), or a
 * `.git` directory holding `HEAD`, or both `objects` and `refs`. An empty `.git` directory is not one.
 */
export async function findGitRepository(cwd: string): Promise<string | null> {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, ".git");
    const stat = await fsp.stat(dotGit).catch(() => null);
    if (stat?.isFile()) return dir;
    if (stat?.isDirectory()) {
      const has = (name: string) => exists(path.join(dotGit, name));
      if ((await has("HEAD")) || ((await has("objects")) && (await has("refs")))) return dir;
    }
    if (path.dirname(dir) === dir) return null;
  }
}

/**
 * Upstream's AGENTS.md discovery: CODEX_HOME/AGENTS.override.md or AGENTS.md (global), then
 * for each folder from the git root down to cwd the first of AGENTS.override.md, AGENTS.md
 * and the fallback names, read within a total budget of `maxBytes` (0 disables project docs).
 * Beyond upstream, a doc is read only when {@link readDoc} finds it safe; a skipped one gets a
 * warning and the next name is tried.
 */
export async function discoverProjectDocs(options: {
  codexHome: string;
  cwd: string;
  maxBytes: number;
  fallbackFilenames?: string[];
}): Promise<ProjectDocs> {
  const files: string[] = [];
  const warnings: string[] = [];
  const read = async (file: string, maxBytes: number, within: string | null): Promise<string | null> => {
    const result = await readDoc(file, maxBytes, within);
    if ("text" in result) return result.text;
    warnings.push(`skipped ${file}: ${result.skipped}`);
    return null;
  };
  let global: string | null = null;
  for (const name of [OVERRIDE, AGENTS]) {
    const file = path.join(options.codexHome, name);
    global = await read(file, 1 << 20, null);
    if (global !== null) {
      files.push(file);
      break;
    }
  }
  const docs: string[] = [];
  let budget = options.maxBytes;
  if (budget > 0) {
    const cwd = path.resolve(options.cwd);
    const root = (await findGitRoot(cwd)) ?? cwd;
    const realRoot = await fsp.realpath(root).catch(() => root);
    const dirs: string[] = [];
    for (let dir = cwd; ; dir = path.dirname(dir)) {
      dirs.unshift(dir);
      if (dir === root || path.dirname(dir) === dir) break;
    }
    for (const dir of dirs) {
      if (budget <= 0) break;
      for (const name of [OVERRIDE, AGENTS, ...(options.fallbackFilenames ?? [])]) {
        const file = path.join(dir, name);
        const text = await read(file, budget, realRoot);
        if (text === null) continue;
        docs.push(text);
        files.push(file);
        budget -= Buffer.byteLength(text, "utf8");
        break;
      }
    }
  }
  const project = docs.length ? docs.join("\n\n") : null;
  const text = global && project ? `${global}${PROJECT_DOC_SEPARATOR}${project}` : (global ?? project);
  return { text, files, warnings };
}

/** The user message carrying AGENTS.md instructions, in upstream's newer envelope. */
export function projectDocsMessageText(cwd: string, text: string): string {
  return `# AGENTS.md instructions for ${cwd}\n\n<INSTRUCTIONS>\n${text}\n</INSTRUCTIONS>`;
}
