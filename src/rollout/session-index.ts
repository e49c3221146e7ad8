// A small index of CODEX_HOME/sessions kept beside it (never inside: upstream Codex scans that
// tree), so that `resume --last` among 10,000 sessions neither lists every day folder nor reads
// every file head again. Everything in it can be rebuilt from the tree; a lost, stale or corrupt
// index only costs time.
//
// - Day folders: the rollout file names of a folder, trusted while the folder's mtime is the
//   one recorded (adding, removing or renaming a file changes it). A folder changed within the
//   last few seconds is never trusted, so coarse timestamps cannot hide a new file.
// - Files: the cwd and source of each rollout whose head is complete (session_meta and a first
//   user message). A head never changes after that, so a listing filtered by directory skips
//   other directories' sessions without opening them. Heads are not stored: the few sessions a
//   listing shows are read from their files.
//
// Format, one entry per line: `D\t<day folder>\t<mtimeMs>\t<name>/<name>/…` and
// `F\t<name>\t<cwd as JSON>\t<source as JSON>` (JSON strings carry no raw tab or newline).

import { readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../util/fs.js";
import { sessionsRoot } from "./rollout-paths.js";
import type { SessionMetaPayload } from "./rollout-types.js";

export const SESSION_INDEX_FILE = ".codex-litellm-session-index";
/** Earlier formats of this file, removed when the index is saved. */
const OLD_FILES = [".codex-litellm-session-heads.json", ".codex-litellm-session-heads.tsv"];
const HEADER = "codex-litellm session index 3";
/** A folder modified more recently than this is listed again (mtime granularity can be 1–2 s). */
const SETTLE_MS = 5_000;

/** What a listing filters on, as the index stores it: JSON strings, compared without parsing. */
export interface IndexFilterKeys {
  /** `JSON.stringify` of the resolved cwd to keep, or null for every directory. */
  cwd: string | null;
  /** `JSON.stringify` of each source to keep, or null for every source. */
  sources: readonly string[] | null;
}

export function indexFilterKeys(cwd: string | null, sources: readonly string[] | undefined): IndexFilterKeys {
  return {
    cwd: cwd === null ? null : JSON.stringify(cwd),
    sources: sources ? sources.map((s) => JSON.stringify(s)) : null,
  };
}

/** How a subagent's or a reviewer's `session_meta.source` starts, as the index stores it (never listed). */
const SUBAGENT_SOURCE_PREFIX = '{"subagent":';

export class SessionIndex {
  private dirty = false;

  private constructor(
    private readonly file: string,
    /** Day folder (absolute) → its mtime and file names when last listed. */
    private readonly days: Map<string, { mtimeMs: number; names: string[] }>,
    /** File name → `<cwd JSON>\t<source JSON>`. */
    private readonly files: Map<string, string>,
  ) {}

  static load(codexHome: string): SessionIndex {
    const file = path.join(codexHome, SESSION_INDEX_FILE);
    const days = new Map<string, { mtimeMs: number; names: string[] }>();
    const files = new Map<string, string>();
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      // missing or unreadable: start empty
    }
    if (text.startsWith(`${HEADER}\n`)) {
      for (const line of text.slice(HEADER.length + 1).split("\n")) {
        if (line.startsWith("F\t")) {
          const tab = line.indexOf("\t", 2);
          if (tab > 2) files.set(line.slice(2, tab), line.slice(tab + 1));
        } else if (line.startsWith("D\t")) {
          const [, dir, mtime, names] = line.split("\t");
          if (dir && mtime && names !== undefined && Number.isFinite(Number(mtime)))
            days.set(dir, { mtimeMs: Number(mtime), names: names === "" ? [] : names.split("/") });
        }
      }
    }
    return new SessionIndex(file, days, files);
  }

  /** The names in `dayDir`, from the index while the folder is unchanged, else from `list`. */
  dayListing(dayDir: string, list: (dir: string) => string[]): string[] {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(dayDir).mtimeMs;
    } catch {
      return list(dayDir);
    }
    const known = this.days.get(dayDir);
    if (known && known.mtimeMs === mtimeMs) return known.names;
    const names = list(dayDir);
    if (Date.now() - mtimeMs > SETTLE_MS) {
      this.days.set(dayDir, { mtimeMs, names });
      this.dirty = true;
    } else if (known) {
      this.days.delete(dayDir);
      this.dirty = true;
    }
    return names;
  }

  /** Drops files whose day folder is listed in the index without them (deleted or moved). */
  private forgetVanishedFiles(): void {
    const root = sessionsRoot(path.dirname(this.file));
    const listed = new Map<string, Set<string>>();
    for (const name of this.files.keys()) {
      const date = /^rollout-(\d{4})-(\d{2})-(\d{2})T/.exec(name)?.slice(1);
      if (!date) continue;
      const dir = path.join(root, ...date);
      const day = this.days.get(dir);
      if (!day) continue;
      let names = listed.get(dir);
      if (!names) listed.set(dir, (names = new Set(day.names)));
      if (!names.has(name)) this.files.delete(name);
    }
  }

  /** True when `name` is indexed and its cwd or source is not one `keys` keeps. */
  excludes(name: string, keys: IndexFilterKeys): boolean {
    const entry = this.files.get(name);
    if (entry === undefined) return false;
    const tab = entry.indexOf("\t");
    const source = entry.slice(tab + 1);
    if (source.startsWith(SUBAGENT_SOURCE_PREFIX)) return true;
    if (keys.cwd !== null && entry.slice(0, tab) !== keys.cwd) return true;
    return keys.sources !== null && !keys.sources.includes(source);
  }

  /** Records a complete head (metadata and first message): it will not change any more. */
  record(name: string, meta: SessionMetaPayload): void {
    if (this.files.has(name) || typeof meta.cwd !== "string" || meta.cwd === "") return;
    this.files.set(name, `${JSON.stringify(path.resolve(meta.cwd))}\t${JSON.stringify(meta.source ?? null)}`);
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    this.forgetVanishedFiles();
    const lines = [HEADER];
    for (const [dir, { mtimeMs, names }] of this.days)
      if (!dir.includes("\t") && !dir.includes("\n")) lines.push(`D\t${dir}\t${mtimeMs}\t${names.join("/")}`);
    for (const [name, entry] of this.files) lines.push(`F\t${name}\t${entry}`);
    await writeFileAtomic(this.file, `${lines.join("\n")}\n`, { mode: 0o600 }).catch(() => {});
    for (const old of OLD_FILES) rmSync(path.join(path.dirname(this.file), old), { force: true });
  }
}
