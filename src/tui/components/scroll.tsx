// Long text in a fixed window (the /diff pager, a long patch in an approval prompt): the
// window's first line, the keys that move it, and diff lines coloured as git colours them.
import { Text, type Key } from "ink";
import React, { useRef, useState } from "react";

export interface ScrollWindow {
  top: number;
  height: number;
  /** "lines 3–22 of 140". */
  position: string;
  /** Moves the window for ↑/↓ and PgUp/PgDn (plus Space, g and G with `pagerKeys`); true when the key was one of them. */
  handle(input: string, key: Key, pagerKeys?: boolean): boolean;
}

/** `start`: where the window opens (the end: the last page, as a transcript opens). */
export function useScrollWindow(length: number, height: number, start: "top" | "end" = "top"): ScrollWindow {
  const top = useRef(start === "end" ? Math.max(0, length - height) : 0);
  const [, redraw] = useState(0);
  const maxTop = Math.max(0, length - height);
  top.current = Math.min(top.current, maxTop);
  const go = (to: number) => {
    top.current = Math.max(0, Math.min(maxTop, to));
    redraw((n) => n + 1);
  };
  return {
    top: top.current,
    height,
    position: `lines ${Math.min(length, top.current + 1)}–${Math.min(length, top.current + height)} of ${length}`,
    handle(input, key, pagerKeys = false) {
      if (key.upArrow) go(top.current - 1);
      else if (key.downArrow) go(top.current + 1);
      else if (key.pageUp) go(top.current - height);
      else if (key.pageDown || (pagerKeys && input === " ")) go(top.current + height);
      else if (pagerKeys && input === "g") go(0);
      else if (pagerKeys && input === "G") go(maxTop);
      else return false;
      return true;
    },
  };
}

export const diffLineColor = (line: string): string | undefined =>
  line.startsWith("+") ? "green" : line.startsWith("-") ? "red" : line.startsWith("@@") ? "cyan" : undefined;

/** One line of a unified diff, coloured; context lines dimmed when `dimContext`. */
export function DiffLine({ line, dimContext = false }: { line: string; dimContext?: boolean }) {
  return (
    <Text color={diffLineColor(line)} dimColor={dimContext && !/^[-+@]/.test(line)}>
      {line || " "}
    </Text>
  );
}
