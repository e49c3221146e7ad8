// Fitting rendered markdown (ANSI text) to the terminal's width ourselves rather than leaving
// it to Ink: a wrapped line keeps its list item's or quote's indent (a quote keeps its "> "
// marker), never starts with a space, and a table's columns shrink to fit instead of its
// borders wrapping.
import ansiRegex from "ansi-regex";
import Table from "cli-table3";
import wrapAnsi from "wrap-ansi";

const ANSI = ansiRegex();
const ANSI_AT = new RegExp(ANSI.source, "y");

/** Columns `text` takes (escape sequences take none; one column per code point). */
export const visibleWidth = (text: string): number => [...text.replace(ANSI, "")].length;

/** A line's indent, bullets and quote markers ("  - ", "> > ", "  12. "). */
const LEAD = /^(?:\s*(?:> |[*•-] |\d+\. ))*\s*/;

/** `raw` cut after `columns` visible characters (escape sequences before the cut stay with the head). */
function cutVisible(raw: string, columns: number): [string, string] {
  let i = 0;
  let seen = 0;
  while (i < raw.length && seen < columns) {
    ANSI_AT.lastIndex = i;
    const code = ANSI_AT.exec(raw);
    if (code) i += code[0].length;
    else {
      i += (raw.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
      seen++;
    }
  }
  return [raw.slice(0, i), raw.slice(i)];
}

/** One rendered line as lines at most `width` wide, continuation lines under the text after its lead. */
function fitLine(line: string, width: number): string[] {
  const visible = line.replace(ANSI, "");
  if (!visible.trim()) return [""];
  if ([...visible].length <= width) return [line.replace(/\s+$/, "")];
  const lead = LEAD.exec(visible)?.[0] ?? "";
  // Room for at least a few words after the lead, however deep the nesting.
  const leadWidth = [...lead].length <= width - 10 ? [...lead].length : 0;
  const [head, rest] = cutVisible(line, leadWidth);
  const continuation = lead.slice(0, leadWidth).replace(/[^>\s]/g, " ");
  return wrapAnsi(rest, width - leadWidth, { hard: true, trim: true })
    .split("\n")
    .map((part, i) => (i === 0 ? head : continuation) + part);
}

/** Rendered markdown fitted to `width` columns. */
export function fitToWidth(rendered: string, width: number): string {
  return rendered
    .split("\n")
    .flatMap((line) => fitLine(line, width))
    .join("\n");
}

/** Column widths (cell text plus padding) that fit `width`: the widest columns give way first. */
function columnWidths(rows: string[][], width: number): number[] {
  const count = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: count }, (_, c) =>
    Math.max(3, ...rows.map((r) => Math.max(...(r[c] ?? "").split("\n").map(visibleWidth)) + 2)),
  );
  const room = width - (count + 1);
  while (widths.reduce((a, b) => a + b, 0) > room) {
    const widest = widths.indexOf(Math.max(...widths));
    if ((widths[widest] ?? 0) <= 6) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  return widths;
}

/** A table drawn with box borders, its columns narrowed and its cells wrapped to fit `width`. */
export function renderTable(header: string[], rows: string[][], width: number | undefined): string {
  const widths = columnWidths([header, ...rows], width ?? Number.MAX_SAFE_INTEGER);
  const table = new Table({
    head: header,
    colWidths: widths,
    wordWrap: true,
    style: { head: ["bold"], border: ["gray"] },
  });
  table.push(...rows);
  return table.toString();
}
