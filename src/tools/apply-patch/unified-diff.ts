/**
 * Unified diffs in the shape upstream Codex stores in `patch_apply_begin` /
 * `FileChange` items: hunks only (no `---`/`+++` header), one line of context, and
 * ranges written like `@@ -3 +3,2 @@` (the count is left out when it is 1).
 */
import { structuredPatch } from "diff";

/** Lines of unchanged context around each change, as upstream uses. */
export const DIFF_CONTEXT_LINES = 1;

export function unifiedDiff(before: string, after: string, context: number = DIFF_CONTEXT_LINES): string {
  const patch = structuredPatch("", "", before, after, undefined, undefined, { context });
  let text = "";
  for (const hunk of patch.hunks) {
    text += `@@ -${formatRange(hunk.oldStart, hunk.oldLines)} +${formatRange(hunk.newStart, hunk.newLines)} @@\n`;
    for (const line of hunk.lines) text += `${line}\n`;
  }
  return text;
}

/** `start` is 1-based; an empty range names the line before it. */
function formatRange(start: number, count: number): string {
  if (count === 1) return String(start);
  return `${count === 0 ? start - 1 : start},${count}`;
}
