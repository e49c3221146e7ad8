// Upstream's `[tui.keymap]`, where it fits our UI: `global.open_transcript` (Ctrl+T by default).
// A binding is one key spec (`ctrl-o`, `alt-t`, `f2`…) or a list of them; an empty list unbinds
// the action. The other actions are named at start-up (config/known-keys.ts).
import type { Key } from "ink";

export const DEFAULT_TRANSCRIPT_KEYS: readonly string[] = ["ctrl-t"];

/** The keys that open the transcript: `tui.keymap.global.open_transcript`, else Ctrl+T. */
export function transcriptKeys(tui: Record<string, unknown> | undefined): readonly string[] {
  const keymap = tui?.keymap;
  const global = isRecord(keymap) ? keymap.global : undefined;
  const binding = isRecord(global) ? global.open_transcript : undefined;
  if (typeof binding === "string") return [binding];
  if (Array.isArray(binding)) return binding.filter((b): b is string => typeof b === "string");
  return DEFAULT_TRANSCRIPT_KEYS;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const NAMED: Record<string, (key: Key) => boolean> = {
  enter: (k) => k.return,
  tab: (k) => k.tab,
  esc: (k) => k.escape,
  escape: (k) => k.escape,
  backspace: (k) => k.backspace,
  delete: (k) => k.delete,
  up: (k) => k.upArrow,
  down: (k) => k.downArrow,
  left: (k) => k.leftArrow,
  right: (k) => k.rightArrow,
  "page-up": (k) => k.pageUp,
  "page-down": (k) => k.pageDown,
};

/** Whether Ink's `input`/`key` is the key `spec` names (modifiers `ctrl`, `alt`/`option`, `shift`, then the key). */
export function keyMatches(spec: string, input: string, key: Key): boolean {
  const parts = spec.trim().toLowerCase().split("-");
  const mods = { ctrl: false, alt: false, shift: false };
  while (parts.length > 1) {
    const mod = parts[0] === "control" ? "ctrl" : parts[0] === "option" ? "alt" : parts[0];
    if (mod !== "ctrl" && mod !== "alt" && mod !== "shift") break;
    mods[mod] = true;
    parts.shift();
  }
  const name = parts.join("-");
  if (mods.ctrl !== key.ctrl || mods.alt !== key.meta) return false;
  const named = NAMED[name];
  if (named) return named(key) && mods.shift === key.shift;
  if (name === "space") return input === " ";
  return (
    name.length === 1 && input.toLowerCase() === name && (!mods.shift || input !== input.toLowerCase() || key.shift)
  );
}
