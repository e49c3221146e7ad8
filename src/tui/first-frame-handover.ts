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

function takeFrame(): number | null {
  const frame = globalThis.__codexLitellmInstantFrame;
  if (!frame) return null;
  globalThis.__codexLitellmInstantFrame = undefined;
  process.off("exit", frame.restoreCursor);
  return frame.lines;
}

/**
 * Draws Ink's first frame over the launcher's: the cursor goes back to the frame's top line and
 * `draw` (Ink's first render, which writes synchronously) overwrites it line by line with the
 * same text, so nothing flickers; whatever of the old frame is left below Ink's is erased.
 */
export function drawOverInstantFrame<T>(draw: () => T): T {
  const lines = takeFrame();
  if (lines === null) return draw();
  process.stdout.write(upToFrame(lines));
  const drawn = draw();
  process.stdout.write(ERASE_BELOW);
  return drawn;
}

/** Takes the launcher's frame off the screen (the UI did not start, or starts with another screen). */
export function dismissInstantFrame(): void {
  const lines = takeFrame();
  if (lines !== null) process.stdout.write(eraseFrame(lines) + SHOW_CURSOR);
}
