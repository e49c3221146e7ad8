import { Box, Text, useStdout } from "ink";
import React, { useMemo } from "react";
import { useKeys } from "./use-keys.js";
import type { Cell } from "../state.js";
import { useOnScreen } from "../screen-text.js";
import { transcriptRows, type RowStyle } from "../transcript-lines.js";
import { useScrollWindow } from "./scroll.js";

const STYLE: Record<RowStyle, { color?: string; dimColor?: boolean; bold?: boolean }> = {
  user: { color: "cyan" },
  dim: { dimColor: true },
  ok: { color: "green" },
  error: { color: "red" },
  warning: { color: "yellow" },
  added: { color: "green" },
  removed: { color: "red" },
  hunk: { color: "cyan" },
  bold: { bold: true },
};

/**
 * Upstream's transcript overlay (Ctrl+T): the whole session with every command's output, as
 * tall as the terminal, opened at its end. ↑/↓ a line, PgUp/PgDn or Space a page, g/G the
 * ends; q, Esc or Ctrl+T close it.
 */
export function TranscriptView({ cells: raw, onClose }: { cells: readonly Cell[]; onClose: () => void }) {
  const cells = useOnScreen(raw);
  const { stdout } = useStdout();
  const columns = stdout.columns || 80;
  const rows = useMemo(() => transcriptRows(cells, columns - 4), [raw, columns]);
  // Border (2), title and key line: the rest of the screen, less a row Ink keeps for the cursor.
  const scroll = useScrollWindow(rows.length, Math.max(3, (stdout.rows || 30) - 5), "end");
  useKeys((input, key) => {
    if (key.escape || input === "q" || (key.ctrl && (input === "t" || input === "c"))) onClose();
    else scroll.handle(input, key, true);
  });
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1}>
      <Text bold>
        Transcript <Text dimColor>{scroll.position}</Text>
      </Text>
      {rows.slice(scroll.top, scroll.top + scroll.height).map((row, i) => (
        <Text key={scroll.top + i} {...(row.style ? STYLE[row.style] : {})} wrap="truncate-end">
          {row.text || " "}
        </Text>
      ))}
      <Text dimColor>↑/↓ line · PgUp/PgDn/Space page · g/G top/end · q or Esc close</Text>
    </Box>
  );
}
