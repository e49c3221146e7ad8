// A streaming answer taller than the room left above the prompt is shown by its last rows only.
// Were Ink's frame as tall as the terminal, Ink would clear the whole screen and write the
// entire transcript again on every frame (flicker, and work that grows with the session); the
// whole answer reaches the scrollback, rendered, when it ends.
import wrapAnsi from "wrap-ansi";

export interface LiveTail {
  /** The rows to show (already wrapped at the width given). */
  text: string;
  /** Lines of the text, some or all of whose rows are not shown. */
  hiddenLines: number;
}

// Lines already wrapped, by width: a streaming answer is re-shown many times a second and only
// its last line changes (wrap-ansi measures every character, and was most of a frame's cost).
const wrappedLines = new Map<string, string[]>();
let wrappedAt = 0;
const PLAIN = /^[\x20-\x7e]*$/;

function wrapLine(line: string, columns: number): string[] {
  if (line.length <= columns && PLAIN.test(line)) return [line];
  if (columns !== wrappedAt || wrappedLines.size > 2_000) {
    wrappedLines.clear();
    wrappedAt = columns;
  }
  let rows = wrappedLines.get(line);
  if (!rows) {
    rows = wrapAnsi(line, columns, { trim: false, hard: true }).split("\n");
    wrappedLines.set(line, rows);
  }
  return rows;
}

/**
 * The last `maxRows` rows of `text` wrapped as Ink wraps a <Text> at `columns`; only the lines
 * that can be shown are wrapped, so the cost does not grow with the answer.
 */
export function liveTail(text: string, columns: number, maxRows: number): LiveTail {
  const lines = text.split("\n");
  const rows: string[] = [];
  let shown = 0;
  for (let i = lines.length - 1; i >= 0 && rows.length < maxRows; i--) {
    const wrapped = wrapLine(lines[i] ?? "", columns);
    const room = maxRows - rows.length;
    rows.unshift(...wrapped.slice(-room));
    if (wrapped.length <= room) shown++;
  }
  return { text: rows.join("\n"), hiddenLines: lines.length - shown };
}

/** The line shown above a clipped answer (the transcript view, Ctrl+T, shows all of it). */
export const hiddenAboveText = (lines: number): string => `… +${lines} lines above (ctrl + t to view transcript)`;
