/**
 * Works out everything a patch would do without touching the disk: the new contents
 * of every affected file, the files to delete, a unified diff per change, and the
 * summary. Hunks are applied in order against an in-memory view of the files, so a
 * later hunk sees what an earlier one did (as upstream's sequential applier does).
 */
import { promises as fsp } from "node:fs";
import path from "node:path";
import { PatchApplyError, ioFailure } from "./errors.js";
import { parsePatch, type ParsedPatch, type PatchHunk } from "./parse.js";
import { formatPatchSummary, type AffectedFiles } from "./summary.js";
import { unifiedDiff } from "./unified-diff.js";
import { applyChunks } from "./update-contents.js";

export type FileChangeKind = "add" | "delete" | "update";

/** One hunk's effect on one file; what exec `file_change` items and TUI diff cells show. */
export interface FileChange {
  kind: FileChangeKind;
  /** Absolute path of the file the hunk names. */
  path: string;
  /** Absolute destination of an `update` with `*** Move to:`, else null. */
  movePath: string | null;
  /** The path as written in the patch (the move destination for a move). */
  displayPath: string;
  /** Text before the change; for `add`, what an overwritten file held (else null). */
  oldContent: string | null;
  /** Text after the change; null for `delete`. */
  newContent: string | null;
  /** Hunks-only unified diff from old to new (empty text for no change). */
  unifiedDiff: string;
}

export interface PatchPlan extends AffectedFiles {
  /** Absolute directory relative paths were resolved against. */
  cwd: string;
  /** The patch text without a heredoc wrapper. */
  patch: string;
  /** One entry per hunk, in patch order. */
  changes: FileChange[];
  /** Final state per absolute path: new text, or null to delete. Insertion order = first touch. */
  finalContents: Map<string, string | null>;
  /** Upstream's success text for this patch. */
  summary: string;
}

/**
 * Plans a patch (text or already parsed) relative to `cwd`.
 * Throws `PatchParseError` or `PatchApplyError`; never writes.
 */
export async function planPatch(
  patch: string | ParsedPatch,
  cwd: string,
  /** A front-end's view of a file (an editor's unsaved buffer); null: the disk's. */
  readOpenFile?: OpenFileReader,
): Promise<PatchPlan> {
  const parsed = typeof patch === "string" ? parsePatch(patch) : patch;
  if (parsed.hunks.length === 0) throw new PatchApplyError("no-files-modified", "No files were modified.");

  const root = path.resolve(cwd);
  const files = new FileView(readOpenFile);
  const affected: AffectedFiles = { added: [], modified: [], deleted: [] };
  const changes: FileChange[] = [];

  for (const hunk of parsed.hunks) {
    changes.push(await planHunk(hunk, root, files, affected));
  }

  return {
    cwd: root,
    patch: parsed.patch,
    changes,
    finalContents: files.changed,
    summary: formatPatchSummary(affected),
    ...affected,
  };
}

async function planHunk(hunk: PatchHunk, root: string, files: FileView, affected: AffectedFiles): Promise<FileChange> {
  const target = path.resolve(root, hunk.path);
  switch (hunk.type) {
    case "add": {
      const previous = await files.readIfPresent(target);
      files.set(target, hunk.contents);
      affected.added.push(hunk.path);
      return change("add", target, null, hunk.path, previous, hunk.contents);
    }
    case "delete": {
      const previous = await files.read(target, `Failed to read ${target}`);
      files.set(target, null);
      affected.deleted.push(hunk.path);
      return change("delete", target, null, hunk.path, previous, null);
    }
    case "update": {
      const previous = await files.read(target, `Failed to read file to update ${target}`);
      const next = applyChunks(previous, hunk.chunks, target);
      const destination = hunk.movePath === null ? null : path.resolve(root, hunk.movePath);
      if (destination !== null && destination !== target) {
        files.set(destination, next);
        files.set(target, null);
      } else {
        // A move onto itself is a plain update (upstream would write, then delete, the file).
        files.set(target, next);
      }
      affected.modified.push(hunk.movePath ?? hunk.path);
      return change("update", target, destination, hunk.movePath ?? hunk.path, previous, next);
    }
  }
}

/** The path as the patch wrote it, for error messages; falls back to a cwd-relative path. */
export function shownPath(plan: PatchPlan, file: string): string {
  for (const change of plan.changes) {
    if ((change.movePath ?? change.path) === file) return change.displayPath;
  }
  return path.relative(plan.cwd, file) || file;
}

function change(
  kind: FileChangeKind,
  target: string,
  movePath: string | null,
  displayPath: string,
  oldContent: string | null,
  newContent: string | null,
): FileChange {
  return {
    kind,
    path: target,
    movePath,
    displayPath,
    oldContent,
    newContent,
    unifiedDiff: unifiedDiff(oldContent ?? "", newContent ?? ""),
  };
}

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The text of a file as a front-end holds it (an editor's buffer), or null to read the disk. */
export type OpenFileReader = (file: string) => Promise<string | null>;

/** The disk (or the editor's buffers) as the patch has changed it so far. */
class FileView {
  readonly changed = new Map<string, string | null>();

  constructor(private readonly readOpenFile?: OpenFileReader) {}

  set(file: string, contents: string | null): void {
    this.changed.set(file, contents);
  }

  /** Reads a file as UTF-8 text; `context` prefixes the error as upstream words it. */
  async read(file: string, context: string): Promise<string> {
    if (this.changed.has(file)) {
      const contents = this.changed.get(file);
      if (contents !== null && contents !== undefined) return contents;
      throw ioFailure(context, file, Object.assign(new Error("ENOENT"), { code: "ENOENT", errno: -2 }));
    }
    const open = await this.readOpenFile?.(file);
    if (open !== undefined && open !== null) return open;
    let bytes: Buffer;
    try {
      bytes = await fsp.readFile(file);
    } catch (error) {
      throw ioFailure(context, file, error);
    }
    try {
      return STRICT_UTF8.decode(bytes);
    } catch (error) {
      throw new PatchApplyError("io", `${context}: stream did not contain valid UTF-8`, file, { cause: error });
    }
  }

  /** The current text of a file, or null when it is absent or unreadable as text. */
  async readIfPresent(file: string): Promise<string | null> {
    try {
      return await this.read(file, "");
    } catch {
      return null;
    }
  }
}
