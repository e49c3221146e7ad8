/**
 * Applies the chunks of an `*** Update File` hunk to a file's text, in memory, the way
 * upstream Codex does:
 * - the file is split on `\n` (one trailing empty element dropped);
 * - chunks are located in order, each search starting after the previous match;
 * - `@@ <context>` first moves the search past that line;
 * - a chunk without old lines appends its new lines at the end of the file;
 * - if the old lines are not found and end with an empty line, the search is retried
 *   without it (the empty line standing for the file's final newline);
 * - the result always ends with a newline.
 */
import { PatchApplyError } from "./errors.js";
import type { UpdateChunk } from "./parse.js";
import { seekSequence } from "./seek-sequence.js";

interface Replacement {
  start: number;
  oldLength: number;
  newLines: readonly string[];
}

/**
 * Returns the new text of a file after applying `chunks` to `original`.
 * `displayPath` is the path named in error messages.
 * Throws `PatchApplyError` (`context-not-found` / `expected-lines-not-found`).
 */
export function applyChunks(original: string, chunks: readonly UpdateChunk[], displayPath: string): string {
  const lines = original.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();

  const replacements = locateReplacements(lines, chunks, displayPath);
  const updated = spliceReplacements(lines, replacements);
  if (updated[updated.length - 1] !== "") updated.push("");
  return updated.join("\n");
}

function locateReplacements(
  lines: readonly string[],
  chunks: readonly UpdateChunk[],
  displayPath: string,
): Replacement[] {
  const replacements: Replacement[] = [];
  let lineIndex = 0;

  for (const chunk of chunks) {
    if (chunk.changeContext !== null) {
      const found = seekSequence(lines, [chunk.changeContext], lineIndex, false);
      if (found === null) {
        throw new PatchApplyError(
          "context-not-found",
          `Failed to find context '${chunk.changeContext}' in ${displayPath}`,
          displayPath,
        );
      }
      lineIndex = found + 1;
    }

    if (chunk.oldLines.length === 0) {
      // Pure addition: goes at the end of the file (before a trailing empty line, if any).
      const insertAt = lines[lines.length - 1] === "" ? lines.length - 1 : lines.length;
      replacements.push({ start: insertAt, oldLength: 0, newLines: chunk.newLines });
      continue;
    }

    let pattern: readonly string[] = chunk.oldLines;
    let newLines: readonly string[] = chunk.newLines;
    let found = seekSequence(lines, pattern, lineIndex, chunk.isEndOfFile);
    if (found === null && pattern[pattern.length - 1] === "") {
      pattern = pattern.slice(0, -1);
      if (newLines[newLines.length - 1] === "") newLines = newLines.slice(0, -1);
      found = seekSequence(lines, pattern, lineIndex, chunk.isEndOfFile);
    }
    if (found === null) {
      throw new PatchApplyError(
        "expected-lines-not-found",
        `Failed to find expected lines in ${displayPath}:\n${chunk.oldLines.join("\n")}`,
        displayPath,
      );
    }
    replacements.push({ start: found, oldLength: pattern.length, newLines });
    lineIndex = found + pattern.length;
  }

  // Stable sort, so insertions at the same place keep the patch's order.
  return replacements.sort((a, b) => a.start - b.start);
}

/** Applies replacements from the last to the first so earlier indices stay valid. */
function spliceReplacements(lines: readonly string[], replacements: readonly Replacement[]): string[] {
  let result = [...lines];
  for (const { start, oldLength, newLines } of [...replacements].reverse()) {
    const removable = Math.max(0, Math.min(oldLength, result.length - start));
    // slice/concat rather than splice(...spread): files can have more lines than a call takes arguments.
    result = result.slice(0, start).concat(newLines, result.slice(start + removable));
  }
  return result;
}
