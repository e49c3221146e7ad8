// Skills as upstream Codex finds them: `SKILL.md` files (YAML front matter with `name` and
// `description`, then instructions) under the skill roots, listed to the model by name,
// description and path so it can open the file when a task calls for it.
//
// Roots, highest precedence first (upstream's core-skills loader): `.codex/skills` of each folder
// from cwd up to the project root, `$CODEX_HOME/skills`, `$HOME/.agents/skills`,
// `$CODEX_HOME/skills/.system`, `/etc/codex/skills`, then `.agents/skills` of each folder from
// the project root down to cwd. Each root is walked breadth first, six levels deep at most,
// hidden entries skipped. Only directories are listed and one small file per skill is read, so a
// home without skills costs a few failed `readdir`s at start-up.
import { existsSync, promises as fsp, type Dirent } from "node:fs";
import path from "node:path";
import { findGitRoot } from "./project-docs.js";

export type SkillScope = "repo" | "user" | "system" | "admin";

export interface Skill {
  name: string;
  description: string;
  /** Absolute path of the SKILL.md (links resolved). */
  path: string;
  scope: SkillScope;
}

export interface SkillRoot {
  path: string;
  scope: SkillScope;
}

export interface LoadedSkills {
  skills: Skill[];
  /** One line per SKILL.md that could not be used, naming the file and why. */
  errors: string[];
}

const SKILL_FILE = "SKILL.md";
const MAX_SCAN_DEPTH = 6;
const MAX_DIRS_PER_ROOT = 2000;
const MAX_NAME_CHARS = 64;
const MAX_DESCRIPTION_CHARS = 1024;
/** A SKILL.md's front matter is at its top: no more than this is read. */
const MAX_SKILL_FILE_BYTES = 64 * 1024;
export const ADMIN_SKILLS_DIR = "/etc/codex/skills";

/** The folders from `root` down to `cwd`, both included (just `cwd` when it is not under `root`). */
function foldersFromRoot(root: string, cwd: string): string[] {
  const dirs: string[] = [];
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    dirs.unshift(dir);
    if (dir === root || path.dirname(dir) === dir) break;
  }
  return dirs[0] === root ? dirs : [cwd];
}

export async function skillRoots(options: { codexHome: string; home?: string; cwd: string }): Promise<SkillRoot[]> {
  const cwd = path.resolve(options.cwd);
  const projectRoot = (await findGitRoot(cwd)) ?? cwd;
  const projectDirs = foldersFromRoot(projectRoot, cwd);
  const userSkills = path.join(options.codexHome, "skills");
  const roots: SkillRoot[] = [
    ...[...projectDirs].reverse().map((dir) => ({ path: path.join(dir, ".codex", "skills"), scope: "repo" as const })),
    { path: userSkills, scope: "user" },
    ...(options.home ? [{ path: path.join(options.home, ".agents", "skills"), scope: "user" as const }] : []),
    { path: path.join(userSkills, ".system"), scope: "system" },
    { path: ADMIN_SKILLS_DIR, scope: "admin" },
    ...projectDirs.map((dir) => ({ path: path.join(dir, ".agents", "skills"), scope: "repo" as const })),
  ];
  const seen = new Set<string>();
  return roots.filter((root) => !seen.has(root.path) && seen.add(root.path));
}

/** Every usable skill under `roots`, each SKILL.md once (the first root that reaches it wins). */
export async function loadSkills(roots: SkillRoot[]): Promise<LoadedSkills> {
  const skills: Skill[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const root of roots) {
    for (const file of await skillFilesUnder(root)) {
      const real = await fsp.realpath(file).catch(() => file);
      if (seen.has(real)) continue;
      seen.add(real);
      const parsed = await readSkill(real, root.scope);
      if (typeof parsed === "string") {
        if (root.scope !== "system") errors.push(`skipped skill ${file}: ${parsed}`);
      } else skills.push(parsed);
    }
  }
  return { skills, errors };
}

async function skillFilesUnder(root: SkillRoot): Promise<string[]> {
  const files: string[] = [];
  const visited = new Set<string>([root.path]);
  const queue: { dir: string; depth: number }[] = [{ dir: root.path, depth: 0 }];
  // Links are followed except in the system root, which codex writes itself.
  const followLinks = root.scope !== "system";
  // Most roots do not exist: asked without an exception (a failed readdir builds an Error and its stack).
  if (!existsSync(root.path)) return files;
  for (let next = queue.shift(); next; next = queue.shift()) {
    let entries: Dirent[];
    try {
      entries = await fsp.readdir(next.dir, { withFileTypes: true });
    } catch {
      continue; // a missing root (the usual case) or an unreadable folder
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(next.dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        if (!followLinks) continue;
        const target = await fsp.stat(full).catch(() => null);
        isDir = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isDir) {
        const dir = await fsp.realpath(full).catch(() => full);
        if (next.depth + 1 > MAX_SCAN_DEPTH || visited.has(dir) || visited.size >= MAX_DIRS_PER_ROOT) continue;
        visited.add(dir);
        queue.push({ dir, depth: next.depth + 1 });
      } else if (isFile && entry.name === SKILL_FILE) files.push(full);
    }
  }
  return files;
}

/** A skill, or why its file cannot be one. */
async function readSkill(file: string, scope: SkillScope): Promise<Skill | string> {
  let text: string;
  try {
    const handle = await fsp.open(file, "r");
    try {
      const buf = Buffer.alloc(MAX_SKILL_FILE_BYTES);
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      text = buf.subarray(0, bytesRead).toString("utf8");
    } finally {
      await handle.close();
    }
  } catch (err) {
    return `cannot read it (${err instanceof Error ? err.message : String(err)})`;
  }
  const front = frontMatter(text);
  if (front === null) return "missing YAML front matter delimited by ---";
  const name = singleLine(front.name ?? "") || singleLine(path.basename(path.dirname(file))) || "skill";
  const description = singleLine(front.description ?? "");
  if ([...name].length > MAX_NAME_CHARS) return `invalid name: longer than ${MAX_NAME_CHARS} characters`;
  if ([...description].length > MAX_DESCRIPTION_CHARS)
    return `invalid description: longer than ${MAX_DESCRIPTION_CHARS} characters`;
  return { name, description, path: file, scope };
}

const singleLine = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * `name` and `description` from the front matter between the first two `---` lines: plain,
 * single- or double-quoted values and `|`/`>` blocks (what SKILL.md files use); other keys are
 * ignored. Null when the file has no front matter.
 */
export function frontMatter(text: string): { name?: string; description?: string } | null {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (lines[0]?.trim() !== "---") return null;
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === "---");
  if (end < 0) return null;
  const body = lines.slice(1, end);
  const out: { name?: string; description?: string } = {};
  for (let i = 0; i < body.length; i++) {
    const match = /^(name|description)\s*:\s*(.*)$/.exec(body[i] ?? "");
    if (!match) continue;
    const key = match[1] === "name" ? "name" : "description";
    const raw = (match[2] ?? "").trim();
    if (/^[|>][+-]?$/.test(raw)) {
      const block: string[] = [];
      while (i + 1 < body.length && (/^\s/.test(body[i + 1] ?? "") || (body[i + 1] ?? "").trim() === "")) {
        block.push((body[++i] ?? "").trim());
      }
      out[key] = raw.startsWith("|") ? block.join("\n") : block.join(" ");
    } else out[key] = unquote(raw);
  }
  return out;
}

function unquote(raw: string): string {
  if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) {
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value === "string") return value;
    } catch {
      /* not a JSON string: taken as written */
    }
    return raw.slice(1, -1);
  }
  if (raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2) return raw.slice(1, -1).replace(/''/g, "'");
  return raw.replace(/\s+#.*$/, "");
}
