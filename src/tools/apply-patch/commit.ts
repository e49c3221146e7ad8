/**
 * Writes a planned patch to disk as close to all-or-nothing as a file system allows:
 *   1. every new text goes to a temp file beside its target (parent folders created);
 *      if any of that fails, the temp files and new folders are removed and nothing
 *      visible has changed;
 *   2. the temp files are renamed over their targets (atomic per file);
 *   3. deleted files (and the sources of moves) are removed.
 * An existing file keeps its permission bits; writing through a symlink replaces the
 * file it points to, as a plain write would.
 */
import { randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { errnoCode } from "../../util/errors.js";
import { ioFailure } from "./errors.js";

interface StagedWrite {
  /** Where the text finally goes (a symlink's target when `file` is a symlink). */
  target: string;
  temp: string;
  /** The name used in error messages. */
  shownAs: string;
}

/**
 * Applies `finalContents` (absolute path -> new text, or null to delete).
 * `displayPath` maps an absolute path to the name used in error messages.
 * Throws `PatchApplyError` (`io`).
 */
export async function commitFileContents(
  finalContents: ReadonlyMap<string, string | null>,
  displayPath: (file: string) => string = (file) => file,
): Promise<void> {
  const staged: StagedWrite[] = [];
  const createdFolders: string[] = [];
  try {
    for (const [file, contents] of finalContents) {
      if (contents === null) continue;
      staged.push(await stageWrite(file, contents, displayPath(file), createdFolders));
    }
  } catch (error) {
    await discard(staged, createdFolders);
    throw error;
  }

  for (const [i, { target, temp, shownAs }] of staged.entries()) {
    try {
      await fsp.rename(temp, target);
    } catch (error) {
      await discard(staged.slice(i), []);
      throw ioFailure(`Failed to write file ${shownAs}`, target, error);
    }
  }

  for (const [file, contents] of finalContents) {
    if (contents !== null) continue;
    try {
      await fsp.unlink(file);
    } catch (error) {
      if (errnoCode(error) === "ENOENT") continue;
      throw ioFailure(`Failed to delete file ${displayPath(file)}`, file, error);
    }
  }
}

async function stageWrite(
  file: string,
  contents: string,
  shownAs: string,
  createdFolders: string[],
): Promise<StagedWrite> {
  const target = await resolveWriteTarget(file);
  const folder = path.dirname(target);
  try {
    const firstCreated = await fsp.mkdir(folder, { recursive: true });
    if (firstCreated !== undefined) createdFolders.push(...foldersBetween(firstCreated, folder));
  } catch (error) {
    throw ioFailure(`Failed to create parent directories for ${shownAs}`, file, error);
  }

  const existing = await fsp.stat(target).catch(() => null);
  if (existing?.isDirectory()) {
    // Caught here, before anything is renamed into place, rather than by a failing rename later.
    throw ioFailure(
      `Failed to write file ${shownAs}`,
      file,
      Object.assign(new Error("EISDIR"), { code: "EISDIR", errno: -21 }),
    );
  }
  const existingMode = existing?.isFile() ? existing.mode & 0o7777 : null;
  const temp = path.join(
    folder,
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.apply-patch.tmp`,
  );
  try {
    await fsp.writeFile(temp, contents, { encoding: "utf8", flag: "wx", mode: 0o666 });
    if (existingMode !== null) await fsp.chmod(temp, existingMode);
  } catch (error) {
    await fsp.rm(temp, { force: true }).catch(() => {});
    throw ioFailure(`Failed to write file ${shownAs}`, file, error);
  }
  return { target, temp, shownAs };
}

/** A symlink is written through (its target is replaced); anything else is written in place. */
async function resolveWriteTarget(file: string): Promise<string> {
  const stats = await fsp.lstat(file).catch(() => null);
  if (stats === null || !stats.isSymbolicLink()) return file;
  return fsp.realpath(file).catch(() => file);
}

/** Folders from `top` down to `bottom` inclusive (mkdir -p created all of them). */
function foldersBetween(top: string, bottom: string): string[] {
  const folders: string[] = [];
  for (let folder = bottom; ; folder = path.dirname(folder)) {
    folders.push(folder);
    if (folder === top || path.dirname(folder) === folder) break;
  }
  return folders.reverse();
}

async function discard(staged: readonly StagedWrite[], createdFolders: readonly string[]): Promise<void> {
  for (const { temp } of staged) await fsp.rm(temp, { force: true }).catch(() => {});
  // Deepest first; a folder that is no longer empty is left alone.
  for (const folder of [...createdFolders].reverse()) await fsp.rmdir(folder).catch(() => {});
}
