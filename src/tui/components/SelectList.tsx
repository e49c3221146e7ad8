import { Box, Text } from "ink";
import React, { useRef, useState } from "react";
import { useKeys } from "./use-keys.js";
import { useScreenText } from "../screen-text.js";

export interface SelectItem<T> {
  label: string;
  detail?: string;
  value: T;
}

export interface SelectListProps<T> {
  title: string;
  /** Lines under the title (an explanation), drawn plain; "" is an empty line. */
  body?: string[];
  items: SelectItem<T>[];
  onSelect: (value: T) => void;
  onCancel: () => void;
  height?: number;
  /** Typing narrows the list to labels containing the text (for long model lists). */
  filterable?: boolean;
  /** Each item's detail on a line of its own under its label (two lines an item). */
  detailBelow?: boolean;
}

/** A vertical list: ↑/↓ move, Enter picks, Esc cancels; optionally filtered by typing. */
export function SelectList<T>({
  title,
  body,
  items,
  onSelect,
  onCancel,
  height = 10,
  filterable = false,
  detailBelow = false,
}: SelectListProps<T>) {
  // Refs, not only state: Enter may arrive before React re-renders after a key.
  const current = useRef(0);
  const filterRef = useRef("");
  const [, redraw] = useState(0);
  const show = useScreenText();
  const visible = () =>
    filterRef.current ? items.filter((i) => i.label.toLowerCase().includes(filterRef.current.toLowerCase())) : items;
  const move = (to: number) => {
    current.current = Math.max(0, Math.min(visible().length - 1, to));
    redraw((n) => n + 1);
  };
  useKeys((input, key) => {
    if (key.upArrow) move(current.current - 1);
    else if (key.downArrow) move(current.current + 1);
    else if (key.return) {
      const item = visible()[current.current];
      if (item) onSelect(item.value);
    } else if (key.escape) onCancel();
    else if (filterable && (key.backspace || key.delete)) {
      filterRef.current = filterRef.current.slice(0, -1);
      move(0);
    } else if (filterable && input && !key.ctrl && !key.meta) {
      // Text typed quickly and Enter can arrive in one chunk ("gpt\r"): filter, then pick.
      if (/^[^\r\n]+\r$/.test(input)) {
        filterRef.current += input.slice(0, -1);
        const item = visible()[0];
        if (item) onSelect(item.value);
        return;
      }
      filterRef.current += input;
      move(0);
    }
  });
  const shown = visible();
  const index = Math.min(current.current, Math.max(0, shown.length - 1));
  const start = Math.max(0, Math.min(index - Math.floor(height / 2), shown.length - height));
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>{show(title)}</Text>
      {body?.map((line, i) => (
        <Text key={`body-${i}`}>{line ? show(line) : " "}</Text>
      ))}
      {filterable ? <Text dimColor>filter: {show(filterRef.current) || "(type to filter)"}</Text> : null}
      {shown.slice(start, start + height).map((item, i) => (
        <Text key={start + i} color={start + i === index ? "cyan" : undefined}>
          {start + i === index ? "› " : "  "}
          {show(item.label)}
          {item.detail ? (
            <Text dimColor>
              {detailBelow ? "\n    " : " "}
              {show(item.detail)}
            </Text>
          ) : null}
        </Text>
      ))}
      {shown.length === 0 ? <Text dimColor>(nothing matches)</Text> : null}
      <Text dimColor>↑/↓ move · Enter select · Esc cancel{filterable ? " · type to filter" : ""}</Text>
    </Box>
  );
}
