// exec's stderr carries progress lines that are finished later (`bash -lc 'make' in /repo`, then
// ` succeeded in 1.2s:`); a notice from elsewhere (telemetry, project docs) arriving in between
// must still start on a line of its own. Everything exec writes to stderr goes through here.
import type { TextSink } from "./renderer.js";

let atLineStart = true;

export const stderrSink: TextSink = {
  get isTTY() {
    return process.stderr.isTTY === true;
  },
  write(chunk: string) {
    if (!chunk) return true;
    atLineStart = chunk.endsWith("\n");
    return process.stderr.write(chunk);
  },
};

/** Writes `text` as a whole line of its own, ending the progress line in between if there is one. */
export function stderrLine(text: string): void {
  stderrSink.write(`${atLineStart ? "" : "\n"}${text}\n`);
}
