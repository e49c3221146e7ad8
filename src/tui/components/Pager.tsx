import { Box, Text, useStdout } from "ink";
import React from "react";
import { useKeys } from "./use-keys.js";
import { useOnScreen } from "../screen-text.js";
import { DiffLine, useScrollWindow } from "./scroll.js";

/** Long text in a window: ↑/↓ a line, PgUp/PgDn or Space a page, g/G ends, q or Esc closes. */
export function Pager({ title, lines: raw, onClose }: { title: string; lines: string[]; onClose: () => void }) {
  const lines = useOnScreen(raw);
  const { stdout } = useStdout();
  const scroll = useScrollWindow(lines.length, Math.max(5, (stdout.rows || 30) - 8));
  useKeys((input, key) => {
    if (key.escape || input === "q") onClose();
    else scroll.handle(input, key, true);
  });
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>
        {title} <Text dimColor>{scroll.position}</Text>
      </Text>
      {lines.slice(scroll.top, scroll.top + scroll.height).map((l, i) => (
        <DiffLine key={scroll.top + i} line={l} />
      ))}
      <Text dimColor>↑/↓ line · PgUp/PgDn/Space page · g/G top/end · q close</Text>
    </Box>
  );
}
