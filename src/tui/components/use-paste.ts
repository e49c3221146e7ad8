// Bracketed paste (the UI turns it on: run-tui.tsx): the terminal wraps pasted text in
// ESC[200~ … ESC[201~, so a paste arrives as text, never as keys (its newlines do not send).
// Ink hands key handlers the markers without their ESC; this hook reads the raw input events
// instead (the key router gives them before any key handler runs), gathers the pasted text, and
// says which events belong to a paste, so the component's key handler can ignore them.
import { useLayoutEffect, useRef } from "react";
import { useRawInput } from "./use-keys.js";

const PASTE_START = "\u001b[200~";
const PASTE_END = "\u001b[201~";

export interface PasteEvents {
  /** The input event being handled is part of a paste (markers included): not a key. */
  swallowing(): boolean;
}

/** Calls `onPaste` with each bracketed paste's whole text. */
export function usePaste(onPaste: (text: string) => void, isActive = true): PasteEvents {
  const pasted = useRef<string | null>(null);
  const swallow = useRef(false);
  useRawInput((data: string) => {
    if (pasted.current === null) {
      swallow.current = data.startsWith(PASTE_START);
      if (!swallow.current) return;
      pasted.current = "";
      data = data.slice(PASTE_START.length);
    } else swallow.current = true;
    const end = data.indexOf(PASTE_END);
    if (end === -1) {
      pasted.current += data;
      return;
    }
    const text = pasted.current + data.slice(0, end);
    pasted.current = null;
    onPaste(text);
  }, isActive);
  // A paste cut short by the component going inactive is dropped, not carried into the next one.
  useLayoutEffect(() => {
    if (!isActive) return;
    return () => {
      pasted.current = null;
      swallow.current = false;
    };
  }, [isActive]);
  return { swallowing: () => swallow.current };
}
