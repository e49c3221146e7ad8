// Bracketed paste (the UI turns it on: run-tui.tsx): the terminal wraps pasted text in
// ESC[200~ … ESC[201~, so a paste arrives as text, never as keys (its newlines do not send).
// Ink hands useInput the markers without their ESC; this hook reads Ink's raw input events
// instead, gathers the pasted text, and says which events belong to a paste, so the
// component's useInput can ignore them.
import { useStdin } from "ink";
import { useEffect, useRef } from "react";

const PASTE_START = "\u001b[200~";
const PASTE_END = "\u001b[201~";

export interface PasteEvents {
  /** The input event being handled is part of a paste (markers included): not a key. */
  swallowing(): boolean;
}

/**
 * Calls `onPaste` with each bracketed paste's whole text. Call it before the component's
 * useInput: Ink gives events to listeners in the order they subscribed, and this one
 * subscribes once while useInput subscribes anew at each render.
 */
export function usePaste(onPaste: (text: string) => void, isActive = true): PasteEvents {
  const { internal_eventEmitter: events } = useStdin();
  const handler = useRef(onPaste);
  handler.current = onPaste;
  const pasted = useRef<string | null>(null);
  const swallow = useRef(false);
  useEffect(() => {
    if (!isActive) return;
    const onInput = (data: string) => {
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
      handler.current(text);
    };
    events.on("input", onInput);
    return () => {
      events.off("input", onInput);
      pasted.current = null;
      swallow.current = false;
    };
  }, [events, isActive]);
  return { swallowing: () => swallow.current };
}
