// Text we did not write (command output, the model's words, file names, server messages) is
// made inert before it reaches a terminal: escape sequences in it could write the clipboard
// (OSC 52), set the window title, move the cursor, clear or reset the screen. Invisible
// characters are shown by their code point instead: bidi controls (Trojan Source: text that
// displays in another order than it runs), zero-width characters (a look-alike file name or
// command), invisible operators and tag characters (text hidden from the reader but not from a
// model). Only the terminal view is cleaned; rollouts, JSON events and files keep the raw text.
// Colour it afterwards.
import ansiRegex from "ansi-regex";

/** CSI, OSC, DCS/SOS/PM/APC strings and other ESC sequences, with their C1 (8-bit) forms. */
const ESCAPE_SEQUENCE = ansiRegex();
/** Control characters a terminal acts on: C0 except tab and newline, DEL, and C1. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const CONTROLS = new RegExp(CONTROL.source, "g");
/**
 * ALM (U+061C), U+180E, zero-width space/non-joiner/joiner (U+200B–U+200D), LRM/RLM (U+200E/F),
 * embeddings and overrides (U+202A–U+202E), word joiner and invisible operators (U+2060–U+2064),
 * isolates (U+2066–U+2069), the BOM / zero-width no-break space (U+FEFF), tags (U+E0000–U+E007F).
 */
const INVISIBLE = /[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u{e0000}-\u{e007f}]/u;
const INVISIBLES = new RegExp(INVISIBLE.source, "gu");
/** A zero-width joiner inside an emoji sequence (👩‍💻) joins pictographs and is kept. */
const PICTOGRAPH_BEFORE = /\p{Extended_Pictographic}\ufe0f?$/u;
const PICTOGRAPH_AFTER = /^\p{Extended_Pictographic}/u;

/**
 * `text` without terminal control sequences: whole escape sequences are removed; a control
 * character left over (a lone ESC, a backspace, an unterminated string's introducer) is shown
 * as its Unicode control picture (␛, ␈…), C1 controls are dropped, and a lone carriage return
 * (which would let later text hide earlier text) starts a new line. Tabs and newlines stay.
 * Bidi controls and invisible characters are shown as `<U+202E>`.
 */
export function terminalSafe(text: string): string {
  const safe = CONTROL.test(text)
    ? text.replace(/\r\n/g, "\n").replace(ESCAPE_SEQUENCE, "").replace(CONTROLS, visibleControl)
    : text;
  return INVISIBLE.test(safe) ? safe.replace(INVISIBLES, visibleInvisible) : safe;
}

/** `<U+202E>` for an invisible character, except a joiner inside an emoji sequence. */
function visibleInvisible(char: string, offset: number, whole: string): string {
  const joinsEmoji =
    char === "\u200d" &&
    PICTOGRAPH_BEFORE.test(whole.slice(Math.max(0, offset - 3), offset)) &&
    PICTOGRAPH_AFTER.test(whole.slice(offset + 1, offset + 3));
  if (joinsEmoji) return char;
  return `<U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}>`;
}

function visibleControl(char: string): string {
  const code = char.charCodeAt(0);
  if (code === 0x0d) return "\n";
  if (code === 0x7f) return "\u2421";
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  return "";
}

/** A copy of `value` (strings, arrays, plain objects) with every string made {@link terminalSafe}. */
export function terminalSafeDeep<T>(value: T): T {
  return mapStrings(value, terminalSafe);
}

/** A copy of `value` with `map` applied to every string in it (arrays and plain objects are walked). */
export function mapStrings<T>(value: T, map: (text: string) => string): T {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the copy has the shape of `value` (strings stay strings, arrays and objects keep their entries), which TypeScript cannot follow through the walk
  return mapStringsIn(value, map) as T;
}

function mapStringsIn(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === "string") return map(value);
  if (Array.isArray(value)) return value.map((entry: unknown) => mapStringsIn(entry, map));
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const entries: [string, unknown][] = Object.entries(value);
    return Object.fromEntries(entries.map(([key, entry]) => [key, mapStringsIn(entry, map)]));
  }
  return value;
}
