// The transcript view (Ctrl+T, upstream's transcript overlay): every cell of the session as
// rows of the terminal's width, with all of a command's kept output (the transcript itself
// shows its first and last lines). Rows are wrapped here, as Ink would wrap them, so the
// pager scrolls by screen rows and its last page ends on the last row.
import wrapAnsi from "wrap-ansi";
import { displayCommand } from "../util/shell-quote.js";
import { outputLines } from "./command-output.js";
import { renderMarkdown } from "./lazy-markdown.js";
import type { Cell } from "./state.js";
import { interactionText } from "./interaction-text.js";

export type RowStyle = "user" | "dim" | "ok" | "error" | "warning" | "added" | "removed" | "hunk" | "bold";

export interface TranscriptRow {
  text: string;
  style?: RowStyle;
}

type Line = TranscriptRow;

const diffStyle = (line: string): RowStyle | undefined =>
  line.startsWith("+") ? "added" : line.startsWith("-") ? "removed" : line.startsWith("@@") ? "hunk" : undefined;

/** One cell's lines, before wrapping (its text already made fit for the screen). */
function cellLines(cell: Cell, width: number): Line[] {
  switch (cell.kind) {
    case "user":
      return cell.text.split("\n").map((text, i) => ({ text: `${i ? "  " : "› "}${text}`, style: "user" }));
    case "assistant":
      return renderMarkdown(cell.text, width)
        .split("\n")
        .map((text) => ({ text }));
    case "reasoning":
      return cell.text.split("\n").map((text) => ({ text, style: "dim" }));
    case "command": {
      const lines: Line[] = [{ text: `$ ${displayCommand(cell.command)}`, style: "bold" }];
      if (cell.omittedLines) lines.push({ text: `… ${cell.omittedLines} earlier lines not kept`, style: "dim" });
      lines.push(...outputLines(cell.output).map((text) => ({ text: `  ${text}`, style: "dim" as const })));
      const result =
        cell.status === "running"
          ? { text: "⋯ running", style: "warning" as const }
          : cell.status === "declined"
            ? { text: "✗ declined", style: "error" as const }
            : cell.status === "completed"
              ? { text: `✓ • ${(cell.durationMs / 1000).toFixed(1)}s`, style: "ok" as const }
              : {
                  text: `✗ (${cell.exitCode ?? "?"}) • ${(cell.durationMs / 1000).toFixed(1)}s`,
                  style: "error" as const,
                };
      return [...lines, result];
    }
    case "patch":
      return [
        {
          text:
            cell.status === "applying"
              ? "⋯ applying patch"
              : cell.status === "applied"
                ? "✓ patch applied"
                : "✗ patch failed",
          style: cell.status === "failed" ? "error" : "ok",
        },
        ...cell.changes.flatMap((c): Line[] => [
          {
            text: `  ${c.kind === "add" ? "A" : c.kind === "delete" ? "D" : "M"} ${c.path}${c.movePath ? ` → ${c.movePath}` : ""}`,
          },
          ...(c.diff ? c.diff.split("\n").map((l) => ({ text: `    ${l}`, style: diffStyle(l) })) : []),
        ]),
      ];
    case "plan":
      return [
        { text: `Plan${cell.explanation ? ` — ${cell.explanation}` : ""}`, style: "bold" },
        ...cell.plan.map((p) => ({
          text: `  ${p.status === "completed" ? "✓" : p.status === "in_progress" ? "→" : "□"} ${p.step}`,
        })),
      ];
    case "mcp":
      return [
        {
          text: `${cell.status === "running" ? "⋯" : cell.status === "completed" ? "✓" : "✗"} ${cell.server}.${cell.tool}${cell.error ? `: ${cell.error}` : ""}`,
          style: cell.status === "failed" ? "error" : undefined,
        },
      ];
    case "notice":
      return [
        {
          text: `${cell.mark ?? (cell.level === "error" ? "■" : cell.level === "warning" ? "⚠" : "•")} ${cell.text}`,
          style: cell.level === "error" ? "error" : cell.level === "warning" ? "warning" : "dim",
        },
      ];
    case "card":
      return [{ text: cell.title, style: "bold" }, ...cell.lines.map((text) => ({ text: `  ${text}` }))];
    case "activity":
      return [{ text: `• ${cell.title} ${cell.detail}` }];
    case "interaction": {
      const { title, typed } = interactionText(cell);
      return [{ text: title }, ...typed.map((text) => ({ text, style: "dim" as const }))];
    }
  }
}

/** All cells as rows at most `width` columns wide, a blank row between cells. */
export function transcriptRows(cells: readonly Cell[], width: number): TranscriptRow[] {
  const rows: TranscriptRow[] = [];
  for (const cell of cells) {
    // A tight list's items that reached the scrollback one by one stay on consecutive rows.
    if (rows.length && !(cell.kind === "assistant" && cell.joined === "line")) rows.push({ text: "" });
    for (const line of cellLines(cell, width)) {
      for (const text of wrapAnsi(line.text, Math.max(10, width), { hard: true, trim: false }).split("\n"))
        rows.push(line.style ? { text, style: line.style } : { text });
    }
  }
  return rows;
}
