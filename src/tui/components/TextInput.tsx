import { Text } from "ink";
import React, { useRef, useState } from "react";
import { useKeys } from "./use-keys.js";
import { usePaste } from "./use-paste.js";

/** One-line input; `mask` hides what is typed (API keys). Enter submits. */
export function TextInput({
  label,
  initial = "",
  mask = false,
  onSubmit,
}: {
  label: string;
  initial?: string;
  mask?: boolean;
  onSubmit: (value: string) => void;
}) {
  // A ref, not only state: Enter may arrive before React re-renders the typed text.
  const valueRef = useRef(initial);
  const [, redraw] = useState(0);
  const set = (value: string) => {
    valueRef.current = value;
    redraw((n) => n + 1);
  };
  // A pasted key or URL arrives whole (bracketed paste), its line breaks dropped.
  const paste = usePaste((text) => set(valueRef.current + text.replace(/[\r\n]/g, "")));
  useKeys((input, key) => {
    if (paste.swallowing()) return;
    if (key.return) return onSubmit(valueRef.current.trim());
    if (key.backspace || key.delete) return set(valueRef.current.slice(0, -1));
    if (
      key.ctrl ||
      key.meta ||
      key.escape ||
      key.upArrow ||
      key.downArrow ||
      key.leftArrow ||
      key.rightArrow ||
      key.tab
    )
      return;
    // Text and Enter can arrive in one chunk ("http://host:4000\r"): take the text, then submit.
    const submits = /\r$/.test(input);
    set(valueRef.current + input.replace(/[\r\n]/g, ""));
    if (submits) onSubmit(valueRef.current.trim());
  });
  return (
    <Text>
      <Text bold>{label}</Text>
      {mask ? "•".repeat(valueRef.current.length) : valueRef.current}
      <Text inverse> </Text>
    </Text>
  );
}
