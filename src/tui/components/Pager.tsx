import { Box, Text, useInput, useStdout } from "ink";
import React, { useRef, useState } from "react";
import { useOnScreen } from "../screen-text.js";

/** Long text in a window: ↑/↓ a line, PgUp/PgDn or Space a page, g/G ends, q or Esc closes. */
export function Pager({ title, lines: raw, onClose }: { title: string; lines: string[]; onClose(): void }) {
  const lines = useOnScreen(raw);
  const { stdout } = useStdout();
  const height = Math.max(5, (stdout.rows || 30) - 8);
  const top = useRef(0);
  const [, redraw] = useState(0);
  const maxTop = Math.max(0, lines.length - height);
  const go = (to: number) => {
    top.current = Math.max(0, Math.min(maxTop, to));
    redraw((n) => n + 1);
  };
  useInput((input, key) => {
    if (key.escape || input === "q") onClose();
    else if (key.upArrow) go(top.current - 1);
    else if (key.downArrow) go(top.current + 1);
    else if (key.pageUp) go(top.current - height);
    else if (key.pageDown || input === " ") go(top.current + height);
    else if (input === "g") go(0);
    else if (input === "G") go(maxTop);
  });
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>
        {title} <Text dimColor>lines {top.current + 1}–{Math.min(lines.length, top.current + height)} of {lines.length}</Text>
      </Text>
      {lines.slice(top.current, top.current + height).map((l, i) => (
        <Text key={top.current + i} color={l.startsWith("+") ? "green" : l.startsWith("-") ? "red" : l.startsWith("@@") ? "cyan" : undefined}>
          {l || " "}
        </Text>
      ))}
      <Text dimColor>↑/↓ line · PgUp/PgDn/Space page · g/G top/end · q close</Text>
    </Box>
  );
}
