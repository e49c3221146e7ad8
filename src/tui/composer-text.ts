// The composer's text beyond plain typing: big pastes shown as upstream's placeholder
// ("[Pasted Content 1234 chars]", the whole text sent), and the rows of a long draft, so the
// composer never grows past a few rows whatever is typed or pasted.

/** Upstream's threshold: a paste of more characters than this shows as a placeholder. */
export const LARGE_PASTE_CHARS = 1000;
/** The most rows the composer's text takes; a longer draft scrolls with the cursor. */
export const COMPOSER_MAX_ROWS = 8;

export interface PendingPaste {
  placeholder: string;
  text: string;
}

/** Line endings as the model should get them. */
export const normalizePaste = (text: string): string => text.replace(/\r\n?/g, "\n");

/** What a paste inserts: the text itself, or a placeholder (added to `pending`) for a big one. */
export function pasteInsert(text: string, pending: PendingPaste[]): string {
  const chars = [...text].length;
  if (chars <= LARGE_PASTE_CHARS) return text;
  const base = `[Pasted Content ${chars} chars]`;
  const same = pending.filter((p) => p.placeholder === base || p.placeholder.startsWith(`${base} #`)).length;
  const placeholder = same ? `${base} #${same + 1}` : base;
  pending.push({ placeholder, text });
  return placeholder;
}

/** The draft with each placeholder still in it replaced by its pasted text. */
export function expandPastes(value: string, pending: readonly PendingPaste[]): string {
  // Longest first: "[Pasted Content 1001 chars]" is the start of "… chars] #2".
  return longestFirst(pending).reduce((text, p) => text.split(p.placeholder).join(p.text), value);
}

const longestFirst = (pending: readonly PendingPaste[]) =>
  [...pending].sort((a, b) => b.placeholder.length - a.placeholder.length);

/** Backspace at the end of a placeholder removes all of it (upstream treats it as one element). */
export function placeholderBefore(value: string, cursor: number, pending: readonly PendingPaste[]): number {
  const before = value.slice(0, cursor);
  const hit = longestFirst(pending).find((p) => before.endsWith(p.placeholder));
  return hit ? hit.placeholder.length : 0;
}

export interface ComposerRow {
  text: string;
  /** The cursor's column on this row, if it is here. */
  cursor: number | null;
}

/**
 * The draft as rows of at most `width` characters, at most `maxRows` of them (the window that
 * holds the cursor), and how many rows are out of sight above and below.
 */
export function composerRows(
  value: string,
  cursor: number,
  width: number,
  maxRows = COMPOSER_MAX_ROWS,
): { rows: ComposerRow[]; above: number; below: number } {
  const all: ComposerRow[] = [];
  let offset = 0;
  let cursorRow = 0;
  for (const line of value.split("\n")) {
    const chars = [...line];
    const chunks = Math.max(1, Math.ceil(chars.length / width));
    for (let i = 0; i < chunks; i++) {
      const text = chars.slice(i * width, (i + 1) * width).join("");
      const start = offset + chars.slice(0, i * width).join("").length;
      const end = start + text.length;
      const last = i === chunks - 1;
      const here = cursor >= start && (cursor < end || (last && cursor === end));
      if (here) cursorRow = all.length;
      all.push({ text, cursor: here ? [...value.slice(start, cursor)].length : null });
    }
    offset += line.length + 1;
  }
  if (all.length <= maxRows) return { rows: all, above: 0, below: 0 };
  const top = Math.min(Math.max(0, cursorRow - maxRows + 1), all.length - maxRows);
  return { rows: all.slice(top, top + maxRows), above: top, below: all.length - top - maxRows };
}
