/** Files a patch touched, by the paths written in the patch (a move counts under its new path). */
export interface AffectedFiles {
  added: string[];
  modified: string[];
  deleted: string[];
}

/**
 * Upstream's success text, e.g.
 * `Success. Updated the following files:\nA hello.txt\nM README.md\n`:
 * added, then modified, then deleted files, each group in patch order.
 */
export function formatPatchSummary(affected: AffectedFiles): string {
  let text = "Success. Updated the following files:\n";
  for (const path of affected.added) text += `A ${path}\n`;
  for (const path of affected.modified) text += `M ${path}\n`;
  for (const path of affected.deleted) text += `D ${path}\n`;
  return text;
}
