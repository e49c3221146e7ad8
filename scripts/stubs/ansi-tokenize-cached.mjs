// Ink's output grid (ink/build/output.js) turns every line of every frame into styled cells
// with @alcalzone/ansi-tokenize, from nothing each frame: most of a frame's CPU time, and what a
// typed key's echo waits for while an answer streams. The bundle gives Ink this module instead
// (scripts/bundle.mjs): the same functions, with a line's cells kept between frames (Ink only
// reads them) and a row's text written without diffing the styles of neighbouring cells that
// share them. Output is byte for byte the package's (test/packaging/ansi-tokenize-cached.test.ts).
import {
  ansiCodesToString,
  diffAnsiCodes,
  styledCharsFromTokens as cellsOf,
  tokenize as tokensOf,
} from "@alcalzone/ansi-tokenize";

export * from "@alcalzone/ansi-tokenize";

// Lines kept (a frame has a few dozen; each line's cells take a few KB).
const LIMIT = 200;
let tokens = new Map();
const cells = new WeakMap();

/** The package's tokens for `line`, the same array each time it is asked for the same line. */
export function tokenize(line, endChar) {
  if (endChar !== undefined) return tokensOf(line, endChar);
  let found = tokens.get(line);
  if (!found) {
    if (tokens.size >= LIMIT) tokens = new Map();
    found = tokensOf(line);
    tokens.set(line, found);
  }
  return found;
}

const sameCodes = (a, b) => a.length === b.length && a.every((code, i) => code.code === b[i]?.code);

/** The package's cells, made once per token array; neighbours with equal styles share one array. */
export function styledCharsFromTokens(list) {
  let found = cells.get(list);
  if (!found) {
    found = cellsOf(list);
    for (let i = 1; i < found.length; i++)
      if (sameCodes(found[i - 1].styles, found[i].styles)) found[i].styles = found[i - 1].styles;
    cells.set(list, found);
  }
  return found;
}

const NONE = [];

/** The package's styledCharsToString, skipping the diff where a cell's styles are its neighbour's or both are plain. */
export function styledCharsToString(chars) {
  let out = "";
  let previous = NONE;
  for (const char of chars) {
    const styles = char.styles;
    if (styles !== previous && (styles.length || previous.length))
      out += ansiCodesToString(diffAnsiCodes(previous, styles));
    out += char.value;
    previous = styles;
  }
  if (previous.length) out += ansiCodesToString(diffAnsiCodes(previous, NONE));
  return out;
}
