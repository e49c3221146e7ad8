// The UI's first frame printed by the launcher (src/cli/launcher.ts) while Node loads the UI, and
// its hand-over to Ink. The launcher and the UI are separate bundles, so what is on screen is
// recorded on `globalThis`.
import { hasConfigFile } from "../config/home.js";
import { firstFrame } from "./first-frame-text.js";
import { BRACKETED_PASTE_OFF, BRACKETED_PASTE_ON } from "./bracketed-paste.js";

declare global {
  /** Lines of the first frame the launcher printed and Ink has not yet drawn over. */
  var __codexLitellmInstantFrame: { lines: number; restoreCursor: () => void } | undefined;
}

const SHOW_CURSOR = "\u001b[?25h";
const HIDE_CURSOR = "\u001b[?25l";
const ERASE_BELOW = "\u001b[J";
/** Synchronized output (DEC mode 2026): the terminal shows what is between as one picture. */
const SYNC_START = "\u001b[?2026h";
const SYNC_END = "\u001b[?2026l";
const upToFrame = (lines: number) => `\u001b[${lines}A\r`;
/** Line by line from the bottom (not "erase below" from the top, which tmux and some terminals keep in their scrollback). */
const eraseFrame = (lines: number) => "\u001b[1A\u001b[2K".repeat(lines) + "\r";

const colorWanted = (env: NodeJS.ProcessEnv) => !env.NO_COLOR && env.FORCE_COLOR !== "0" && env.TERM !== "dumb";

/**
 * For `codex-litellm` with no arguments: in a terminal, for a home with a config.toml, the same case in
 * which the UI draws its session screen before reading config (run-tui.tsx). Prints the first
 * frame at once and puts the terminal in raw mode, so keys typed before Ink reads them are
 * neither echoed over the frame nor lost.
 */
export function drawInstantFrame(): void {
  const { stdin, stdout } = process;
  if (!stdin.isTTY || !stdout.isTTY || !stdout.columns || !stdout.rows || !hasConfigFile()) return;
  const frame = firstFrame(stdout.columns, stdout.rows, colorWanted(process.env));
  if (!frame) return;
  // Raw before drawn: once the prompt shows, what is typed goes to it.
  stdin.setRawMode(true);
  const restoreCursor = () => stdout.write(SHOW_CURSOR + BRACKETED_PASTE_OFF);
  process.once("exit", restoreCursor); // should the UI never start
  globalThis.__codexLitellmInstantFrame = { lines: frame.lines, restoreCursor };
  stdout.write(BRACKETED_PASTE_ON + HIDE_CURSOR + frame.text);
}

/** Whether the launcher's frame is on screen, waiting for Ink to draw over it. */
export const instantFrameShown = (): boolean => globalThis.__codexLitellmInstantFrame !== undefined;

function takeFrame(): number | null {
  const frame = globalThis.__codexLitellmInstantFrame;
  if (!frame) return null;
  globalThis.__codexLitellmInstantFrame = undefined;
  process.off("exit", frame.restoreCursor);
  return frame.lines;
}

/**
 * Draws Ink's first frame over the launcher's. The same frame (keys typed before the session was
 * ready) is drawn in place: the cursor goes back to the frame's top line and `draw` (Ink's first
 * render, which writes synchronously) overwrites it line by line with the same text, so nothing
 * flickers. Another frame (the ready session's header and gauge, notices) replaces the
 * launcher's lines, erased first, in one synchronized update. Whatever of the old frame is left
 * below Ink's is erased.
 */
export function drawOverInstantFrame<T>(draw: () => T, same = true): T {
  const lines = takeFrame();
  if (lines === null) return draw();
  if (same) process.stdout.write(upToFrame(lines));
  const erase = same ? () => {} : beforeNextWrite(SYNC_START + eraseFrame(lines));
  const drawn = draw();
  erase();
  process.stdout.write(same ? ERASE_BELOW : ERASE_BELOW + SYNC_END);
  return drawn;
}

/**
 * Writes `text` with the next thing written to stdout (Ink's first frame, which takes a while to
 * compute): the terminal gets the erasing and the new frame together, never the erased lines
 * alone. Returns what writes `text` then if nothing was written meanwhile.
 */
function beforeNextWrite(text: string): () => void {
  const { stdout } = process;
  const write: unknown = Reflect.get(stdout, "write");
  if (typeof write !== "function") return () => void stdout.write(text);
  let due = true;
  const writeText = () => {
    if (!due) return;
    due = false;
    Reflect.set(stdout, "write", write);
    stdout.write(text);
  };
  stdout.write = (...args: unknown[]): boolean => {
    writeText();
    return Reflect.apply(write, stdout, args) === true;
  };
  return writeText;
}

/** Takes the launcher's frame off the screen (the UI did not start, or starts with another screen). */
export function dismissInstantFrame(): void {
  const lines = takeFrame();
  if (lines !== null) process.stdout.write(eraseFrame(lines) + SHOW_CURSOR);
}
