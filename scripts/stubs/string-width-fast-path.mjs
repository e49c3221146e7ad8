// A fast path for string-width 8 (Ink's, and widest-line's and cli-truncate's copies of it).
// Its first measurement of a non-ASCII string builds an `Intl.Segmenter` and compiles
// `\p{RGI_Emoji}` (about 20-40 ms, in each copy), which the UI's first frame paid for its box
// lines, `…`, `›` and `⏎`, styled or not. Text made only of characters that are each one column and one grapheme
// (the class below, computed from the package itself when the bundle is built) has the width
// of its length; anything else is measured by the package. test/packaging/string-width-fast-path.test.ts
// compares the two over every character scanned.

/** Blocks scanned for such characters: Latin, Greek, Cyrillic, punctuation, symbols, arrows, box drawing, shapes, dingbats. */
const SCANNED = [
  [0x00a0, 0x024f],
  [0x0370, 0x04ff],
  [0x2010, 0x2bff],
];

/** Characters of `SCANNED` that are one column alone and never join a neighbour in a grapheme. */
export function narrowCharacters(stringWidth) {
  const single = /^[\p{L}\p{N}\p{P}\p{S}\p{Zs}]$/u;
  const joins = /[\p{Extended_Pictographic}\p{Default_Ignorable_Code_Point}\p{Regional_Indicator}]/u;
  const ranges = [];
  for (const [from, to] of SCANNED)
    for (let cp = from; cp <= to; cp++) {
      const c = String.fromCodePoint(cp);
      if (!single.test(c) || joins.test(c) || stringWidth(c) !== 1) continue;
      const last = ranges.at(-1);
      if (last && last[1] === cp - 1) last[1] = cp;
      else ranges.push([cp, cp]);
    }
  const hex = (cp) => `\\u${cp.toString(16).padStart(4, "0")}`;
  return ranges.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join("");
}

/**
 * `stringWidth` answering at once for text of printable ASCII and `narrow` (from narrowCharacters),
 * styled or not: ANSI codes are taken out first with `stripAnsi`, the package's own, as it does.
 */
export function withFastPath(stringWidth, stripAnsi, narrow) {
  const simple = new RegExp(`^[\\u0020-\\u007e${narrow}]*$`);
  return (input, options) => {
    if (typeof input !== "string" || options?.ambiguousIsNarrow === false) return stringWidth(input, options);
    const styled = !options?.countAnsiEscapeCodes && (input.includes("\u001b") || input.includes("\u009b"));
    const text = styled ? stripAnsi(input) : input;
    return simple.test(text) ? text.length : stringWidth(input, options);
  };
}
