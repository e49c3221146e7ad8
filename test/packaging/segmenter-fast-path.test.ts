// The bundle's Intl.Segmenter (scripts/stubs/lazy-segmenter.mjs) splits text whose characters are
// each a grapheme of their own without ICU: its segments must be ICU's, for that text and for
// any other (which it hands to ICU), through iteration and `containing()` as Ink's helpers use them.
import { describe, expect, it } from "vitest";
import stringWidthPackage from "../../node_modules/ink/node_modules/string-width/index.js";
// @ts-expect-error -- plain ES modules of the build, without types
import * as segmenterFastPath from "../../scripts/stubs/segmenter-fast-path.mjs";
// @ts-expect-error -- plain ES modules of the build, without types
import * as stringWidthFastPath from "../../scripts/stubs/string-width-fast-path.mjs";

interface Segment {
  segment: string;
  index: number;
  input: string;
}
interface Segments extends Iterable<Segment> {
  containing(index?: number): Segment | undefined;
}
type SegmenterClass = new (locale?: string, options?: { granularity?: string }) => { segment(input: string): Segments };

const { narrowCharacters } = stringWidthFastPath as { narrowCharacters: (w: (s: string) => number) => string };
const { lazySegmenterClass } = segmenterFastPath as { lazySegmenterClass: (oneColumn: string) => SegmenterClass };
const oneColumn = narrowCharacters(stringWidthPackage);
const Lazy = lazySegmenterClass(oneColumn);
const members = [...Array(0x2c00).keys()]
  .map((cp) => String.fromCodePoint(cp))
  .filter((c) => new RegExp(`^[\\u0000-\\u007f${oneColumn}]$`).test(c));

const icu = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const plain = (segments: Iterable<Segment>) =>
  [...segments].map(({ segment, index, input }) => ({ segment, index, input }));

function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

describe("the bundle's segmenter", () => {
  it("splits text as ICU does, its own characters and others mixed, CR LF included", () => {
    const others = ["\r\n", "e\u0301", "👍", "👩\u200d💻", "🇫🇷", "\u2764\ufe0f", "한", "中", "\u00ad", "\u0903"];
    const next = random(37);
    const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)] as T;
    const segmenters = [new Lazy(), new Lazy(undefined, { granularity: "grapheme" })];
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: 1 + Math.floor(next() * 10) }, () =>
        next() < 0.85 ? pick(members) : pick(others),
      ).join("");
      for (const segmenter of segmenters) {
        const ours = segmenter.segment(text);
        const theirs = icu.segment(text);
        expect(plain(ours), JSON.stringify(text)).toEqual(plain(theirs));
        for (const at of [0, 1, text.length - 1, text.length, -1])
          expect(ours.containing(at), `${JSON.stringify(text)} at ${at}`).toEqual(theirs.containing(at));
      }
    }
  });

  it("splits the first frame's lines without ICU", () => {
    const icuSegments = Object.getPrototypeOf(icu.segment("")) as object;
    const line = "\u001b[36m› \u001b[39m╭────╮ ⏎ send · ⇧⏎ newline …";
    expect(Object.getPrototypeOf(new Lazy().segment(line))).not.toBe(icuSegments);
    expect(Object.getPrototypeOf(new Lazy().segment("e\u0301"))).toBe(icuSegments);
  });

  it("hands other granularities to ICU", () => {
    const words = new Lazy(undefined, { granularity: "word" }).segment("two words");
    expect([...words].map((s) => s.segment)).toEqual(["two", " ", "words"]);
  });
});
