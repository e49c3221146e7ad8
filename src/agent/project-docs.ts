import { promises as fsp } from "node:fs";
import path from "node:path";

const OVERRIDE = "AGENTS.override.md";
const AGENTS = "AGENTS.md";
export const PROJECT_DOC_SEPARATOR = "\n\n--- project-doc ---\n\n";

export interface ProjectDocs {
  /** Combined instructions text (global, then project docs), or null when there are none. */
  text: string | null;
  /** Files that contributed, in order (for /status). */
  files: string[];
}

async function readNonEmpty(file: string, maxBytes: number): Promise<string | null> {
  try {
    const handle = await fsp.open(file, "r");
    try {
      const buf = Buffer.alloc(Math.max(0, maxBytes));
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      const text = buf.subarray(0, bytesRead).toString("utf8");
      return text.trim() ? text : null;
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

async function exists(p: string): Promise<boolean> {
  return fsp.stat(p).then(
    () => true,
    () => false,
  );
}

/** Nearest ancestor of `cwd` (itself included) that contains `.git`; null outside a repository. */
export async function findGitRoot(cwd: string): Promise<string | null> {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (await exists(path.join(dir, ".git"))) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

/**
 * Upstream's AGENTS.md discovery: CODEX_HOME/AGENTS.override.md or AGENTS.md (global), then
 * for each folder from the git root down to cwd the first of AGENTS.override.md, AGENTS.md
 * and the fallback names, read within a total budget of `maxBytes` (0 disables project docs).
 */
export async function discoverProjectDocs(options: { codexHome: string; cwd: string; maxBytes: number; fallbackFilenames?: string[] }): Promise<ProjectDocs> {
  const files: string[] = [];
  let global: string | null = null;
  for (const name of [OVERRIDE, AGENTS]) {
    const file = path.join(options.codexHome, name);
    global = await readNonEmpty(file, 1 << 20);
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
    const dirs: string[] = [];
    for (let dir = cwd; ; dir = path.dirname(dir)) {
      dirs.unshift(dir);
      if (dir === root || path.dirname(dir) === dir) break;
    }
    for (const dir of dirs) {
      if (budget <= 0) break;
      for (const name of [OVERRIDE, AGENTS, ...(options.fallbackFilenames ?? [])]) {
        const file = path.join(dir, name);
        const text = await readNonEmpty(file, budget);
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
  return { text, files };
}

/** The user message carrying AGENTS.md instructions, in upstream's newer envelope. */
export function projectDocsMessageText(cwd: string, text: string): string {
  return `# AGENTS.md instructions for ${cwd}\n\n<INSTRUCTIONS>\n${text}\n</INSTRUCTIONS>`;
}
