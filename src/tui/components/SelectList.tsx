import { Box, Text, useInput } from "ink";
import React, { useRef, useState } from "react";

export interface SelectItem<T> {
  label: string;
  detail?: string;
  value: T;
}

/** A vertical list: ↑/↓ move, Enter picks, Esc cancels. Shows a window of `height` items. */
export function SelectList<T>({ title, items, onSelect, onCancel, height = 10 }: { title: string; items: SelectItem<T>[]; onSelect(value: T): void; onCancel(): void; height?: number }) {
  // A ref, not only state: Enter may arrive before React re-renders after an arrow key.
  const current = useRef(0);
  const [index, setIndex] = useState(0);
  const move = (to: number) => {
    current.current = Math.max(0, Math.min(items.length - 1, to));
    setIndex(current.current);
  };
  useInput((_input, key) => {
    if (key.upArrow) move(current.current - 1);
    else if (key.downArrow) move(current.current + 1);
    else if (key.return && items[current.current]) onSelect((items[current.current] as SelectItem<T>).value);
    else if (key.escape) onCancel();
  });
  const start = Math.max(0, Math.min(index - Math.floor(height / 2), items.length - height));
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>{title}</Text>
      {items.slice(start, start + height).map((item, i) => (
        <Text key={start + i} color={start + i === index ? "cyan" : undefined}>
          {start + i === index ? "› " : "  "}
          {item.label}
          {item.detail ? <Text dimColor> {item.detail}</Text> : null}
        </Text>
      ))}
      <Text dimColor>↑/↓ move · Enter select · Esc cancel</Text>
    </Box>
  );
}
