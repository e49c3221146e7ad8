// The bundle gives Ink, widest-line and cli-truncate one copy of string-width 8 behind a fast
// path (scripts/stubs/string-width-fast-path.mjs): text of characters that are each one column
// and one grapheme is measured by its length. Its widths must be the package's, for every
// character the fast path takes and for text mixing them with what it does not.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import stringWidthPackage from "../../node_modules/ink/node_modules/string-width/index.js";
import stripAnsi from "../../node_modules/ink/node_modules/strip-ansi/index.js";
// @ts-expect-error -- a plain ES module of the build, without types
import * as fastPath from "../../scripts/stubs/string-width-fast-path.mjs";
// @ts-expect-error -- the build script, without types
import { lazyRegExps } from "../../scripts/bundle.mjs";

type StringWidth = (
  input: unknown,
  options?: { ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean },
) => number;
const real = stringWidthPackage as StringWidth;
const { narrowCharacters, withFastPath } = fastPath as {
  narrowCharacters: (w: StringWidth) => string;
  withFastPath: (w: StringWidth, strip: (text: string) => string, narrow: string) => StringWidth;
};

const narrow = narrowCharacters(real);
const fast = withFastPath(real, stripAnsi, narrow);
const taken = new RegExp(`^[${narrow}]$`);

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

describe("string-width's fast path", () => {
  const members: string[] = [];
  for (let cp = 0x00a0; cp <= 0x2bff; cp++)
    if (taken.test(String.fromCodePoint(cp))) members.push(String.fromCodePoint(cp));

  it("takes the first frame's characters and leaves out what is wide, joins or vanishes", () => {
    for (const c of "╭─╮│⏎·…›⇧✓✗↳•é") expect(members, c).toContain(c);
    for (const c of ["中", "👍", "\u0301", "\ufe0f", "\u200d", "\u00ad", "©", "⌚", "\u{1f1e6}"])
      expect(members, c).not.toContain(c);
  });

  it("answers the first frame's styled lines without the package", () => {
    const unused: StringWidth = () => {
      throw new Error("measured by the package");
    };
    const quick = withFastPath(unused, stripAnsi, narrow);
    for (const line of [
      "\u001b[36m› \u001b[39m\u001b[2mAsk anything, or / for commands\u001b[22m\u001b[7m \u001b[27m",
      "\u001b[32m100% context left\u001b[39m\u001b[2m · 0/100k tokens\u001b[22m",
      "╭────╮ ⏎ send · ⇧⏎ newline",
    ])
      expect(quick(line), line).toBe(real(line));
  });

  it("measures every character it takes as the package does, alone and in text", () => {
    expect(members.length).toBeGreaterThan(1000);
    for (const c of members) {
      expect(fast(c), c).toBe(real(c));
      expect(fast(`a${c}${c}b`), c).toBe(real(`a${c}${c}b`));
    }
  });

  it("is the package's, with its regular expressions made when first used, as the bundle has it", async () => {
    const file = createRequire(import.meta.url).resolve("../../node_modules/ink/node_modules/string-width/index.js");
    const { outputFiles } = await build({
      entryPoints: [file],
      bundle: true,
      format: "esm",
      platform: "node",
      write: false,
      plugins: [
        {
          name: "lazy-regexps",
          setup: (b) =>
            b.onLoad({ filter: /string-width[\\/]index\.js$/ }, () => ({
              contents: (lazyRegExps as (source: string, file: string) => string)(readFileSync(file, "utf8"), file),
              loader: "js",
            })),
        },
      ],
    });
    const text = outputFiles[0]?.text ?? "";
    expect(text).toContain("rgiEmojiRegexMade ??= /^\\p{RGI_Emoji}$/v");
    const bundled = ((await import(`data:text/javascript,${encodeURIComponent(text)}`)) as { default: StringWidth })
      .default;
    for (const sample of [
      "👍",
      "e\u0301",
      "👩\u200d💻",
      "1\u20e3",
      "中文",
      "\u0903a",
      "╭─╮",
      "\u001b[1m한\u001b[22m",
      ...members.slice(0, 300),
    ])
      expect(bundled(sample), sample).toBe(real(sample));
  });

  it("gives the package's width for text mixing them with wide, joining, styled and ambiguous text", () => {
    const others = [
      "中",
      "👍",
      "e\u0301",
      "\u2764\ufe0f",
      "👩\u200d💻",
      "\x1b[31m",
      "\x1b[0m",
      "\t",
      "\u00ad",
      "1\u20e3",
      "🇫🇷",
      "한",
      "ｱﾞ",
    ];
    const next = random(36);
    const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)] as T;
    for (let i = 0; i < 3000; i++) {
      const parts: string[] = [];
      const n = 1 + Math.floor(next() * 8);
      for (let j = 0; j < n; j++) {
        const r = next();
        parts.push(r < 0.5 ? pick(members) : r < 0.8 ? pick(["a", " ", "~", "Z"]) : pick(others));
      }
      const text = parts.join("");
      expect(fast(text), JSON.stringify(text)).toBe(real(text));
      expect(fast(text, { ambiguousIsNarrow: false }), JSON.stringify(text)).toBe(
        real(text, { ambiguousIsNarrow: false }),
      );
    }
    for (const odd of [undefined, 42, "", "\x1b[1m╭─╮\x1b[22m"]) expect(fast(odd)).toBe(real(odd));
  });
});
