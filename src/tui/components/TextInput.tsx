import { Text, useInput } from "ink";
import React, { useState } from "react";

/** One-line input; `mask` hides what is typed (API keys). Enter submits. */
export function TextInput({ label, initial = "", mask = false, onSubmit }: { label: string; initial?: string; mask?: boolean; onSubmit(value: string): void }) {
  const [value, setValue] = useState(initial);
  useInput((input, key) => {
    if (key.return) return onSubmit(value.trim());
    if (key.backspace || key.delete) return setValue((v) => v.slice(0, -1));
    if (key.ctrl || key.meta || key.escape || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.tab) return;
    setValue((v) => v + input.replace(/[\r\n]/g, ""));
  });
  return (
    <Text>
      <Text bold>{label}</Text>
      {mask ? "•".repeat(value.length) : value}
      <Text inverse> </Text>
    </Text>
  );
}
