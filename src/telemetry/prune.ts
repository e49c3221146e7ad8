import { lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync, type Dirent } from "node:fs";
import { mkdir, readdir, readFile, rm, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import * as z from "zod";
import { errnoCode } from "../util/errors.js";
import { isOwnLogName } from "./file-names.js";

/** Folder (inside the telemetry dir) where each live process lists the logs it writes. */
export const ACTIVE_MARKERS_DIR = ".active";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errnoCode(err) === "EPERM";
  }
}

/** Declares `files` as this process's active logs, so other processes' pruning leaves them alone. */
export async function writeActiveMarker(dir: string, files: string[]): Promise<string> {
  const markers = path.join(dir, ACTIVE_MARKERS_DIR);
  await mkdir(markers, { recursive: true, mode: 0o700 });
  const marker = path.join(markers, `${process.pid}.json`);
  await writeFile(marker, JSON.stringify({ pid: process.pid, files }), { mode: 0o600 });
  return marker;
}

const activeMarkerSchema = z.object({ pid: z.number(), files: z.array(z.string()) });

/** Files other live processes declared active; markers of dead processes are removed. */
async function filesOfLiveProcesses(dir: string): Promise<Set<string>> {
  const markers = path.join(dir, ACTIVE_MARKERS_DIR);
  const active = new Set<string>();
  for (const name of await readdir(markers).catch((): string[] => [])) {
    if (!/^\d+\.json$/.test(name)) continue; // markers are <pid>.json
    const file = path.join(markers, name);
    try {
      const marker = activeMarkerSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
      if (!marker.success) continue;
      const { pid, files } = marker.data;
      if (pid !== process.pid && !alive(pid)) {
        await rm(file, { force: true });
        continue;
      }
      for (const f of files) active.add(path.resolve(f));
    } catch {
      // a marker being written right now, or garbage: ignore it
    }
  }
  return active;
}

/**
 * Pruning: while this program's logs in the telemetry directory add up to `maxBytes`
 * or more, delete the oldest (by modification time). Only our own logs count and can go: regular
 * files directly in the directory named like a debug log (YYYYMMDD-HHMMSS.log), like one of the
 * configured logs (the names of `ownActive` in `dir`: codex-tui.log, codex-litellm-session.jsonl…),
 * or a rotated copy of either (`.1`, `-20250101.gz`…). Anything else — a user's files, symlinks,
 * subfolders, the marker folder — is never touched. Logs that this process or another live
 * codex-litellm process is writing are never deleted. `maxBytes` 0 disables.
 */
export async function pruneTelemetryDir(
  dir: string,
  maxBytes: number,
  ownActive: readonly string[],
): Promise<PruneResult> {
  if (maxBytes <= 0) return { deleted: [], totalBytes: 0 };
  const logNames = ownActive
    .filter((f) => path.dirname(path.resolve(f)) === path.resolve(dir))
    .map((f) => path.basename(f));
  // List the files first, then read the markers: a process writes its marker before it creates
  // its logs, so any log in this listing is already declared (the other order could delete a log
  // created between reading the markers and listing the folder).
  const files = listFiles(dir, (name) => isOwnLogName(name, logNames));
  const protectedFiles = await filesOfLiveProcesses(dir);
  for (const f of ownActive) protectedFiles.add(path.resolve(f));
  let total = files.reduce((sum, f) => sum + f.size, 0);
  const deleted: string[] = [];
  for (const f of files.filter((f) => !protectedFiles.has(f.full)).sort((a, b) => a.mtime - b.mtime)) {
    if (total < maxBytes) break;
    if (
      await unlink(f.full).then(
        () => true,
        () => false,
      )
    ) {
      total -= f.size;
      deleted.push(f.full);
    }
  }
  recordScan(dir, total);
  return { deleted, totalBytes: total };
}

/** Beside the markers: when a process last measured the directory, and its total then. */
const LAST_SCAN_FILE = "last-scan.json";
/** A scan this recent that found the directory under half its limit makes a start-up scan pointless. */
const RECENT_SCAN_MS = 10 * 60_000;

const lastScanSchema = z.object({ at: z.number(), totalBytes: z.number() });

function recordScan(dir: string, totalBytes: number): void {
  try {
    mkdirSync(path.join(dir, ACTIVE_MARKERS_DIR), { recursive: true, mode: 0o700 });
    writeFileSync(path.join(dir, ACTIVE_MARKERS_DIR, LAST_SCAN_FILE), JSON.stringify({ at: Date.now(), totalBytes }), {
      mode: 0o600,
    });
  } catch {
    // best effort: the next start-up scans
  }
}

/**
 * The directory's total from a scan by any process in the last minutes, when it was under half
 * of `maxBytes` (growing past the limit from there takes tens of MiB of logs, and every writer
 * prunes after its own turns once its writes could cross it); else null: scan.
 */
export function recentScanTotal(dir: string, maxBytes: number, now = Date.now()): number | null {
  try {
    const scan = lastScanSchema.safeParse(
      JSON.parse(readFileSync(path.join(dir, ACTIVE_MARKERS_DIR, LAST_SCAN_FILE), "utf8")),
    );
    if (!scan.success) return null;
    const { at, totalBytes } = scan.data;
    return now - at >= 0 && now - at < RECENT_SCAN_MS && totalBytes < maxBytes / 2 ? totalBytes : null;
  } catch {
    return null;
  }
}

/**
 * The regular files directly in `dir` whose names `wanted` accepts (symlinks are not followed),
 * with size and mtime.
 * Synchronous on purpose: a stat per file through the thread pool costs several times the CPU,
 * and thousands of them queued at start-up delay every other file access of the process.
 */
function listFiles(dir: string, wanted: (name: string) => boolean): { full: string; size: number; mtime: number }[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const files: { full: string; size: number; mtime: number }[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !wanted(entry.name)) continue;
    const full = path.join(dir, entry.name);
    const s = lstatSync(full, { throwIfNoEntry: false });
    if (s?.isFile()) files.push({ full, size: s.size, mtime: s.mtimeMs });
  }
  return files;
}

export interface PruneResult {
  deleted: string[];
  /** What our logs in the directory add up to afterwards. */
  totalBytes: number;
}
