/**
 * apply_patch end to end: parse, plan every file's new contents in memory, and only
 * then write. If any hunk fails (bad format, missing file, lines not found), no file
 * is touched and the error carries upstream Codex's message.
 */
import { commitFileContents } from "./commit.js";
import type { ParsedPatch } from "./parse.js";
import { planPatch, shownPath, type FileChange, type PatchPlan } from "./plan.js";
import type { AffectedFiles } from "./summary.js";

export interface ApplyPatchOptions {
  /** Directory relative paths in the patch are resolved against (absolute paths are used as is). */
  cwd: string;
}

export interface ApplyPatchResult extends AffectedFiles {
  /** Upstream's stdout text: `Success. Updated the following files:\nA …\nM …\nD …\n`. */
  summary: string;
  /** One entry per hunk, in patch order, with absolute paths and a unified diff. */
  changes: FileChange[];
  /** Absolute directory the patch was applied in. */
  cwd: string;
  /** The patch text without a heredoc wrapper. */
  patch: string;
}

/**
 * Applies a patch (text, or the result of `parsePatch`) under `options.cwd`.
 * Throws `PatchParseError` or `PatchApplyError` (see `errors.ts`).
 */
export async function applyPatch(patch: string | ParsedPatch, options: ApplyPatchOptions): Promise<ApplyPatchResult> {
  const plan = await planPatch(patch, options.cwd);
  await commitPatchPlan(plan);
  return resultOf(plan);
}

/** Writes a plan made by `planPatch` (e.g. after the user approved its changes). */
export async function commitPatchPlan(plan: PatchPlan): Promise<void> {
  await commitFileContents(plan.finalContents, (file) => shownPath(plan, file));
}

function resultOf(plan: PatchPlan): ApplyPatchResult {
  const { summary, changes, cwd, patch, added, modified, deleted } = plan;
  return { summary, changes, cwd, patch, added, modified, deleted };
}
