// How the UI shows write_stdin reaching a background terminal (upstream's UnifiedExecInteractionCell).

/**
 * Upstream's lines for write_stdin to a background terminal: `• Waited for background terminal ·
 * <command>` for a poll, else `↳ Interacted with background terminal · <command>` and what was
 * typed, line by line under `└`.
 */
export function interactionText(cell: { command: string; stdin: string }): {
  mark: string;
  label: string;
  /** The command's first line. */
  command: string;
  title: string;
  typed: string[];
} {
  const waited = cell.stdin === "";
  const mark = waited ? "• " : "↳ ";
  const label = waited ? "Waited for background terminal" : "Interacted with background terminal";
  const command = cell.command.split("\n")[0] ?? "";
  const typed = waited
    ? []
    : cell.stdin
        .replace(/\n$/, "")
        .split("\n")
        .map((l, i) => `${i ? "    " : "  └ "}${l}`);
  return { mark, label, command, title: `${mark}${label}${command ? ` · ${command}` : ""}`, typed };
}
