import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import fuzzysort from "fuzzysort";

const run = promisify(execFile);
const MAX_FILES = 20_000;
const SKIP = new Set([".git", "node_modules", ".cache", "dist", "target", ".venv", "__pycache__"]);

/** The files `@` can mention: git's tracked and untracked-but-not-ignored files, else a bounded walk. */
export async function listMentionableFiles(cwd: string): Promise<string[]> {
  try {
    const { stdout } = await run("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
      cwd,
      maxBuffer: 64 << 20,
    });
    return stdout.split("\n").filter(Boolean).slice(0, MAX_FILES);
  } catch {
    const files: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(path.join(cwd, dir), { withFileTypes: true }).catch(() => [])) {
        if (files.length >= MAX_FILES || SKIP.has(entry.name)) continue;
        const rel = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.isDirectory()) await walk(rel);
        else files.push(rel);
      }
    };
    await walk("");
    return files;
  }
}

/** Best fuzzy matches of `query` among `files` (all files, shortest first, when the query is empty). */
export function matchFiles(query: string, files: readonly string[], limit = 8): string[] {
  if (!query) return [...files].sort((a, b) => a.length - b.length).slice(0, limit);
  return fuzzysort.go(query, [...files], { limit }).map((r) => r.target);
}

/** The `@word` the cursor is in, if any: its start index and the query after `@`. */
export function mentionAt(text: string, cursor: number): { start: number; query: string } | null {
  const before = text.slice(0, cursor);
  const query = /(?:^|\s)@([^\s@]*)$/.exec(before)?.[1];
  return query === undefined ? null : { start: before.length - query.length - 1, query };
}
