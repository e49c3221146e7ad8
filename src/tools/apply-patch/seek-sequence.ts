/**
 * Locates a run of pattern lines inside a file's lines, as upstream Codex does: four
 * passes of decreasing strictness, each scanning the whole candidate range before the
 * next pass is tried:
 *   1. exact equality;
 *   2. equality ignoring trailing whitespace;
 *   3. equality ignoring leading and trailing whitespace;
 *   4. equality after trimming and mapping typographic punctuation (dashes, quotes,
 *      odd spaces) to ASCII.
 * With `endOfFile`, the only candidate position is the one that ends at the last line.
 */
import { rustTrim, rustTrimEnd } from "./rust-text.js";

/** Which pass found the match (exposed for tests and diagnostics). */
export type MatchPass = "exact" | "trim-end" | "trim" | "normalized";

export interface SequenceMatch {
  index: number;
  pass: MatchPass;
}

const PASSES: ReadonlyArray<{ pass: MatchPass; key: (line: string) => string }> = [
  { pass: "exact", key: (line) => line },
  { pass: "trim-end", key: rustTrimEnd },
  { pass: "trim", key: rustTrim },
  { pass: "normalized", key: normalizePunctuation },
];

/**
 * Returns the index where `pattern` starts in `lines`, searching from `start`, or null.
 * An empty pattern matches at `start`; a pattern longer than the file never matches.
 */
export function seekSequence(
  lines: readonly string[],
  pattern: readonly string[],
  start: number,
  endOfFile: boolean,
): number | null {
  return seekSequenceWithPass(lines, pattern, start, endOfFile)?.index ?? null;
}

/** Like `seekSequence`, also telling which pass matched. */
export function seekSequenceWithPass(
  lines: readonly string[],
  pattern: readonly string[],
  start: number,
  endOfFile: boolean,
): SequenceMatch | null {
  if (pattern.length === 0) return { index: start, pass: "exact" };
  if (pattern.length > lines.length) return null;

  const lastStart = lines.length - pattern.length;
  const firstStart = endOfFile ? lastStart : start;
  for (const { pass, key } of PASSES) {
    const wanted = pattern.map(key);
    for (let index = firstStart; index <= lastStart; index++) {
      if (matchesAt(lines, wanted, index, key)) return { index, pass };
    }
  }
  return null;
}

function matchesAt(
  lines: readonly string[],
  wanted: readonly string[],
  at: number,
  key: (line: string) => string,
): boolean {
  for (let offset = 0; offset < wanted.length; offset++) {
    const line = lines[at + offset];
    if (line === undefined || key(line) !== wanted[offset]) return false;
  }
  return true;
}

/** Code points upstream folds to ASCII in its last matching pass. */
const PUNCTUATION_FOLDS: ReadonlyMap<string, string> = new Map([
  // Hyphens and dashes, and the minus sign.
  ...["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212"].map((c): [string, string] => [c, "-"]),
  // Typographic single quotes.
  ...["\u2018", "\u2019", "\u201a", "\u201b"].map((c): [string, string] => [c, "'"]),
  // Typographic double quotes.
  ...["\u201c", "\u201d", "\u201e", "\u201f"].map((c): [string, string] => [c, '"']),
  // No-break and other fixed-width spaces.
  ...[
    "\u00a0",
    "\u2002",
    "\u2003",
    "\u2004",
    "\u2005",
    "\u2006",
    "\u2007",
    "\u2008",
    "\u2009",
    "\u200a",
    "\u202f",
    "\u205f",
    "\u3000",
  ].map((c): [string, string] => [c, " "]),
]);

const FOLDABLE = new RegExp(`[${[...PUNCTUATION_FOLDS.keys()].join("")}]`, "gu");

/** Trims, then replaces typographic punctuation and spaces with their ASCII counterparts. */
export function normalizePunctuation(line: string): string {
  return rustTrim(line).replace(FOLDABLE, (c) => PUNCTUATION_FOLDS.get(c) ?? c);
}
