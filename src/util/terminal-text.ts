// Text we did not write (command output, the model's words, file names, server messages) is
// made inert before it reaches a terminal: escape sequences in it could write the clipboard
// (OSC 52), set the window title, move the cursor, clear or reset the screen. Only the terminal
// view is cleaned; rollouts, JSON events and files keep the raw text. Colour it afterwards.
import ansiRegex from "ansi-regex";

/** CSI, OSC, DCS/SOS/PM/APC strings and other ESC sequences, with their C1 (8-bit) forms. */
const ESCAPE_SEQUENCE = ansiRegex();
/** Control characters a terminal acts on: C0 except tab and newline, DEL, and C1. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const CONTROLS = new RegExp(CONTROL.source, "g");

/**
 * `text` without terminal control sequences: whole escape sequences are removed; a control
 * character left over (a lone ESC, a backspace, an unterminated string's introducer) is shown
 * as its Unicode control picture (␛, ␈…), C1 controls are dropped, and a lone carriage return
 * (which would let later text hide earlier text) starts a new line. Tabs and newlines stay.
 */
export function terminalSafe(text: string): string {
  if (!CONTROL.test(text)) return text;
  return text.replace(/\r\n/g, "\n").replace(ESCAPE_SEQUENCE, "").replace(CONTROLS, visibleControl);
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
