// Which part of a streaming answer is final, so the UI can move it into the scrollback (Ink's
// <Static>) as upstream's stream controller commits finished lines: the live frame, which Ink
// rebuilds from nothing on every frame, then holds only the unfinished tail. A part is final when
// no line still to come can change how it renders: a top-level block once the next one has begun
// (a table keeps its column widths, a fenced code block its end), and in the list being written,
// the items before the last one.
import type { Marked, Token, Tokens } from "marked";

/** How a finished part is followed by the next: on the next row (a tight list's items) or after a blank row. */
export type PartGap = "line" | "block";

export interface FinishedMarkdown {
  /** Characters of the text that are final. */
  length: number;
  /** What separates that part from the rest when the whole is rendered. */
  gap: PartGap;
}

const isList = (token: Token): token is Tokens.List => token.type === "list";
const rawLength = (tokens: readonly Token[]): number => tokens.reduce((n, t) => n + t.raw.length, 0);

/**
 * The final prefix of a streaming markdown `text` (null: none yet). Only lines the model has
 * ended count; rendering the prefix alone, and the rest alone, gives the lines rendering the
 * whole gives (joined by `gap`).
 */
export function finishedMarkdown(lexer: Marked, text: string): FinishedMarkdown | null {
  const end = text.lastIndexOf("\n") + 1;
  if (end === 0) return null;
  const source = text.slice(0, end);
  let tokens: Token[];
  try {
    tokens = lexer.lexer(source);
  } catch {
    return null;
  }
  // The lexer's tokens tile the source; anything else (a normalised character) and nothing is committed.
  if (tokens.map((t) => t.raw).join("") !== source) return null;
  let last = tokens.length - 1;
  while (last >= 0 && tokens[last]?.type === "space") last--;
  const open = tokens[last];
  if (!open) return null;
  const openAt = rawLength(tokens.slice(0, last));
  if (isList(open)) {
    const items = open.items.slice(0, -1);
    // A list item's raw text ends where the next item begins.
    if (items.length) return { length: openAt + rawLength(items), gap: open.loose ? "block" : "line" };
  }
  return openAt > 0 ? { length: openAt, gap: "block" } : null;
}
