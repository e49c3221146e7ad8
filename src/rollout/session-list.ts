// Lists recorded sessions newest first and finds a session file by id, walking
// CODEX_HOME/sessions/YYYY/MM/DD in descending order and reading only file heads, so the cost
// of a page does not grow with the number of sessions on disk.

import { readdirSync, type Dirent } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { isUuid, parseRolloutFileName, sessionsRoot } from "./rollout-paths.js";
import type { GitInfo, SessionMetaPayload } from "./rollout-types.js";
import { indexFilterKeys, SessionIndex } from "./session-index.js";
import { errnoCode } from "../util/errors.js";
import { readSessionHead, type SessionHead } from "./session-head.js";

export const DEFAULT_PAGE_SIZE = 25;
/** Upper bound on rollout file heads read per request (as upstream's scan cap). */
export const MAX_SCAN_FILES = 10_000;

export interface SessionSummary {
  id: string;
  path: string;
  /** `session_meta.timestamp` (ISO 8601 UTC). */
  timestamp: string;
  cwd: string;
  model_provider: string | null;
  /** First real user message; `""` only when it was too large to read from the file head. */
  preview: string;
  /** Last modification of the file (≈ last activity). */
  mtime: Date;
  source: SessionMetaPayload["source"];
  originator: string;
  cli_version: string;
  model?: string;
  git?: GitInfo;
}

export interface ListSessionsOptions {
  codexHome: string;
  /** Only sessions started in this directory (unless `all`). */
  cwd?: string;
  /** List sessions from every directory. */
  all?: boolean;
  /** Only sessions whose `session_meta.source` is one of these (e.g. `["cli", "vscode"]` for an interactive picker). */
  sources?: readonly string[];
  pageSize?: number;
  /** `nextCursor` from the previous page. */
  cursor?: string | null;
  maxScanFiles?: number;
}

export interface SessionPage {
  sessions: SessionSummary[];
  /** Pass as `cursor` for the next page; `null` when there is nothing more. */
  nextCursor: string | null;
  /** Rollout file names considered (including those skipped because of the cursor). */
  scannedFiles: number;
  /** Rollout files looked at, from the index or their head (bounded by `maxScanFiles`). */
  headsRead: number;
  /** Rollout files actually opened to read their head (the index spares the others). */
  filesOpened: number;
  reachedScanCap: boolean;
}

export class InvalidCursorError extends Error {
  override readonly name = "InvalidCursorError";
}

interface FileKey {
  fileTimestamp: string;
  id: string;
}

type Cursor = FileKey;

/** Cursor text: `<YYYY-MM-DDThh-mm-ss>|<uuid>` (the file name's timestamp and id). */
export function formatCursor(key: FileKey): string {
  return `${key.fileTimestamp}|${key.id}`;
}

export function parseCursor(text: string): Cursor {
  const [ts, id, extra] = text.split("|");
  if (extra !== undefined || !ts || !id || !/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}$/.test(ts) || !isUuid(id)) {
    throw new InvalidCursorError(`invalid session list cursor: ${text}`);
  }
  return { fileTimestamp: ts, id: id.toLowerCase() };
}

/** Descending order: newer timestamp first, then larger uuid first. */
function compareDesc(a: FileKey, b: FileKey): number {
  if (a.fileTimestamp !== b.fileTimestamp) return a.fileTimestamp < b.fileTimestamp ? 1 : -1;
  if (a.id !== b.id) return a.id < b.id ? 1 : -1;
  return 0;
}

// Synchronous: a listing walks hundreds of day folders before anything else happens, and a
// thread-pool round trip per folder costs more than the read itself.
function readDirSafe(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    const code = errnoCode(err);
    if (code === "ENOENT" || code === "ENOTDIR") return [];
    throw err;
  }
}

/** Numeric subdirectories of `dir`, largest first. */
function numericDirsDesc(dir: string): string[] {
  const entries = readDirSafe(dir);
  return entries
    .filter((e) => e.isDirectory() && /^\d+$/.test(e.name))
    .sort((a, b) => Number(b.name) - Number(a.name))
    .map((e) => join(dir, e.name));
}

interface RolloutFileEntry extends FileKey {
  name: string;
  dayDir: string;
}

/** Names of the rollout files in `dayDir` (names only: no stat, no Dirent objects). */
function rolloutNames(dayDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dayDir);
  } catch {
    return [];
  }
  return names.filter((name) => parseRolloutFileName(name) !== null);
}

function rolloutFilesDesc(dayDir: string, index?: SessionIndex): RolloutFileEntry[] {
  const files: RolloutFileEntry[] = [];
  for (const name of index ? index.dayListing(dayDir, rolloutNames) : rolloutNames(dayDir)) {
    const parsed = parseRolloutFileName(name);
    if (parsed) files.push({ ...parsed, name, dayDir });
  }
  return files.sort(compareDesc);
}

/** Every day folder, newest first, without reading more of the tree than needed. */
function* dayDirsDesc(codexHome: string): Generator<string> {
  for (const year of numericDirsDesc(sessionsRoot(codexHome))) {
    for (const month of numericDirsDesc(year)) {
      for (const day of numericDirsDesc(month)) yield day;
    }
  }
}

export async function listSessions(options: ListSessionsOptions): Promise<SessionPage> {
  const pageSize = Math.max(1, options.pageSize ?? DEFAULT_PAGE_SIZE);
  const maxScan = options.maxScanFiles ?? MAX_SCAN_FILES;
  const anchor = options.cursor ? parseCursor(options.cursor) : null;
  const cwdFilter = options.all || options.cwd === undefined ? null : resolve(options.cwd);
  const page: SessionPage = {
    sessions: [],
    nextCursor: null,
    scannedFiles: 0,
    headsRead: 0,
    filesOpened: 0,
    reachedScanCap: false,
  };
  let lastReturned: FileKey | null = null;
  let lastScanned: FileKey | null = null;
  let moreAvailable = false;
  const index = SessionIndex.load(options.codexHome);
  const filterKeys = indexFilterKeys(cwdFilter, options.sources);

  outer: for (const dayDir of dayDirsDesc(options.codexHome)) {
    for (const file of rolloutFilesDesc(dayDir, index)) {
      if (anchor && compareDesc(file, anchor) <= 0) {
        page.scannedFiles += 1;
        continue;
      }
      if (page.sessions.length >= pageSize) {
        moreAvailable = true;
        break outer;
      }
      if (page.headsRead >= maxScan) {
        page.reachedScanCap = true;
        moreAvailable = true;
        break outer;
      }
      page.scannedFiles += 1;
      page.headsRead += 1;
      lastScanned = file;
      if (index.excludes(file.name, filterKeys)) continue;
      page.filesOpened += 1;
      const summary = await summarize(
        file,
        // A session that recorded no cwd (the 2025 legacy format) could be from anywhere: listed everywhere, as Codex then did.
        (meta) =>
          !isSubagentSource(meta.source) &&
          (cwdFilter === null || meta.cwd === "" || meta.cwd === cwdFilter || resolve(meta.cwd) === cwdFilter) &&
          (!options.sources || (typeof meta.source === "string" && options.sources.includes(meta.source))),
        index,
      );
      if (!summary) continue;
      page.sessions.push(summary);
      lastReturned = file;
    }
  }

  await index.save();
  if (moreAvailable) {
    // After a scan cap, continue after the last file looked at, not the last one returned.
    const resumeAfter = page.reachedScanCap ? lastScanned : lastReturned;
    page.nextCursor = resumeAfter ? formatCursor(resumeAfter) : null;
  }
  return page;
}

/** Summary of one rollout file, or `null` for files upstream would not list (no metadata, no user message). */
export async function readSessionSummary(path: string): Promise<SessionSummary | null> {
  const name = basename(path);
  const parsed = parseRolloutFileName(name);
  return parsed ? summarize({ ...parsed, name, dayDir: dirname(path) }) : null;
}

async function summarize(
  file: RolloutFileEntry,
  keep: (meta: SessionMetaPayload) => boolean = () => true,
  index?: SessionIndex,
): Promise<SessionSummary | null> {
  const filePath = join(file.dayDir, file.name);
  let head: SessionHead;
  try {
    head = await readSessionHead(filePath);
  } catch {
    return null; // unreadable file: not listable
  }
  const meta = head.meta;
  if (!meta) return null;
  if (head.preview === null && !head.cutShort) return null;
  index?.record(file.name, meta);
  if (!keep(meta)) return null;
  let mtime: Date;
  try {
    mtime = (await stat(filePath)).mtime;
  } catch {
    return null;
  }
  const summary: SessionSummary = {
    id: meta.id,
    path: filePath,
    timestamp: meta.timestamp || fileTimestampToIso(file.fileTimestamp),
    cwd: meta.cwd,
    model_provider: meta.model_provider,
    preview: head.preview ?? "",
    mtime,
    source: meta.source,
    originator: meta.originator,
    cli_version: meta.cli_version,
  };
  if (meta.model !== undefined) summary.model = meta.model;
  if (meta.git) summary.git = meta.git;
  return summary;
}

/** `YYYY-MM-DDThh-mm-ss` (local time, from a file name) as ISO 8601 UTC. */
function fileTimestampToIso(fileTimestamp: string): string {
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, se = 0] = fileTimestamp.split(/[T-]/).map(Number);
  return new Date(y, mo - 1, d, h, mi, se).toISOString();
}

/**
 * The rollout file of session `id` (the file whose name ends with `-<id>.jsonl`), searching the
 * newest days first and stopping at the first hit. `null` when not found or `id` is not a UUID.
 */
export function findSessionById(codexHome: string, id: string): Promise<string | null> {
  return Promise.resolve().then(() => findSessionByIdSync(codexHome, id));
}

function findSessionByIdSync(codexHome: string, id: string): string | null {
  if (!isUuid(id)) return null;
  const suffix = `-${id.toLowerCase()}.jsonl`;
  for (const dayDir of dayDirsDesc(codexHome)) {
    for (const entry of readDirSafe(dayDir)) {
      if (entry.isFile() && entry.name.startsWith("rollout-") && entry.name.toLowerCase().endsWith(suffix))
        return join(dayDir, entry.name);
    }
  }
  return null;
}

/** A subagent's or a reviewer's session (`{subagent: …}`): driven by its parent, never listed or resumed on its own, as upstream. */
function isSubagentSource(source: SessionMetaPayload["source"] | undefined): boolean {
  return typeof source === "object" && source !== null && "subagent" in source;
}

/** The most recent listable session (for `resume --last`), honouring the cwd filter. */
export async function findLatestSession(
  options: Omit<ListSessionsOptions, "pageSize" | "cursor">,
): Promise<SessionSummary | null> {
  const page = await listSessions({ ...options, pageSize: 1 });
  return page.sessions[0] ?? null;
}
