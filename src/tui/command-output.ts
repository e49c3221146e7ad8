// A command's output as the transcript keeps and shows it. The cell keeps the last
// KEPT_LINES lines (and counts the lines dropped before them), so the transcript view (Ctrl+T)
// can show all of a long output while a long session's memory stays bounded; the cell shows its
// first and last lines with upstream's "… +N lines" between them.

/** Lines and characters kept per command for the transcript view (a long session's memory stays bounded). */
export const KEPT_LINES = 2_000;
const KEPT_CHARS = 128 * 1024;
/** Lines a finished or running command shows in the transcript: head, the "… +N lines" line, tail. */
const HEAD_LINES = 2;
const TAIL_LINES = 5;

export interface KeptOutput {
  output: string;
  /** Lines dropped from the start of `output` to keep it bounded. */
  omittedLines: number;
}

/** `output` with `more` appended, keeping its last KEPT_LINES lines. */
export function keepOutput(kept: KeptOutput, more: string, replace = false): KeptOutput {
  const text = replace ? more : kept.output + more;
  const omittedBefore = replace ? 0 : kept.omittedLines;
  const lines = text.split("\n");
  if (lines.length <= KEPT_LINES + 1 && text.length <= KEPT_CHARS) return { output: text, omittedLines: omittedBefore };
  let drop = Math.max(0, lines.length - KEPT_LINES - 1);
  let size = text.length - lines.slice(0, drop).reduce((n, line) => n + line.length + 1, 0);
  while (size > KEPT_CHARS && drop < lines.length - 1) size -= (lines[drop++]?.length ?? 0) + 1;
  return { output: lines.slice(drop).join("\n"), omittedLines: omittedBefore + drop };
}

/** At the command's end: its aggregated output, unless what streamed had more lines (the aggregate is capped). */
export function finalOutput(streamed: KeptOutput, aggregated: string): KeptOutput {
  const final = keepOutput({ output: "", omittedLines: 0 }, aggregated, true);
  const total = (k: KeptOutput) => k.omittedLines + outputLines(k.output).length;
  return total(final) >= total(streamed) ? final : streamed;
}

/** The output's lines (without a trailing empty line). */
export const outputLines = (output: string): string[] => {
  const trimmed = output.replace(/\s+$/, "");
  return trimmed ? trimmed.split("\n") : [];
};

/** What the cell shows: its first and last lines and how many lines between them are hidden. */
export function outputPreview(kept: KeptOutput): { head: string[]; hidden: number; tail: string[] } {
  const lines = outputLines(kept.output);
  const total = lines.length + kept.omittedLines;
  if (total <= HEAD_LINES + TAIL_LINES + 1) return { head: [], hidden: 0, tail: lines };
  const head = kept.omittedLines ? [] : lines.slice(0, HEAD_LINES);
  const tail = lines.slice(-TAIL_LINES);
  return { head, hidden: total - head.length - tail.length, tail };
}

/** Upstream's line for the hidden part of an output. */
export const hiddenLinesText = (hidden: number): string => `… +${hidden} lines (ctrl + t to view transcript)`;
