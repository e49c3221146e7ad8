// The UI's first frame (the "starting…" header, the empty prompt and the footer) as plain text
// with ANSI styles, for the launcher to print before Node has loaded Ink, React and Yoga (about
// 150 ms): the prompt is on screen as soon as Node runs, and Ink's first frame replaces it in
// place (src/tui/first-frame-handover.ts). It draws what App draws for a new session before config is
// read; first-frame-text.test.tsx holds the two side by side at several widths.
import { VERSION_LINE } from "../version.js";

export const PROMPT_PLACEHOLDER = "Ask anything, or / for commands";
export const KEY_HINTS = "⏎ send · ⇧⏎ newline · / commands";
/** The footer's counts before the session has started. */
const NO_SESSION_COUNTS = " · 0/0 tokens · 0 used this session";
const NO_SESSION_GAUGE = "–";

/**
 * Whether the footer's two halves fit on one line: one column of padding on each side and at least
 * two between them. Where they do not (80 columns), the right half goes on a line of its own.
 */
export const footerFitsOneLine = (left: string, right: string, columns: number) =>
  left.length + right.length + 4 <= columns;

/** A styled piece of a line and how many columns it takes (all of the frame's text is one column per character). */
interface Piece {
  text: string;
  width: number;
}

export interface FirstFrame {
  text: string;
  lines: number;
}

/**
 * The frame for a terminal of `columns` × `rows`, or null where it could wrap or scroll (a terminal
 * too small: Ink lays those out itself). `color` false draws it without styles (NO_COLOR).
 */
export function firstFrame(columns: number, rows: number, color: boolean): FirstFrame | null {
  const inner = columns - 4; // a round border and one column of padding on each side
  if (inner < VERSION_LINE.length || inner < PROMPT_PLACEHOLDER.length + 3) return null;
  const style = (open: number, close: number) => (text: string) =>
    color ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  const cyan = style(36, 39);
  const dim = style(2, 22);
  const bold = style(1, 22);
  const inverse = style(7, 27);
  const plain = (text: string): Piece => ({ text, width: text.length });

  const box = (rowsInside: Piece[]): string[] => [
    cyan(`╭${"─".repeat(columns - 2)}╮`),
    ...rowsInside.map((p) => `${cyan("│")} ${p.text}${" ".repeat(inner - p.width)} ${cyan("│")}`),
    cyan(`╰${"─".repeat(columns - 2)}╯`),
  ];
  const header = box([
    { text: bold(VERSION_LINE), width: VERSION_LINE.length },
    { text: dim("starting…"), width: 9 },
    plain(" "),
  ]);
  const prompt = box([
    { text: `${cyan("› ")}${dim(PROMPT_PLACEHOLDER)}${inverse(" ")}`, width: 2 + PROMPT_PLACEHOLDER.length + 1 },
  ]);
  const footer = footerFitsOneLine(NO_SESSION_GAUGE + NO_SESSION_COUNTS, KEY_HINTS, columns)
    ? [`  ${" ".repeat(columns - 3 - KEY_HINTS.length)}${dim(KEY_HINTS)} `]
    : ["  ", ` ${dim(KEY_HINTS)}`];
  const lines = [...header, "", ...prompt, ...footer];
  if (lines.length + 1 >= rows) return null;
  return { text: `${lines.join("\n")}\n`, lines: lines.length };
}
