// The bundle gives Ink a caching copy of @alcalzone/ansi-tokenize (scripts/stubs/ansi-tokenize-cached.mjs):
// every row it writes must be byte for byte what the package writes, also when a row mixes cells
// of different lines (Ink's grid) and when the same line is asked for again (the cache).
import * as original from "@alcalzone/ansi-tokenize";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain ES module of the build, without types
import * as cached from "../../scripts/stubs/ansi-tokenize-cached.mjs";

type Lib = typeof original;
const lib = cached as Lib;

const LINES = [
  "plain text",
  "",
  "- point 73: the \x1b[33madd\x1b[39m function keeps its contract",
  "\x1b[90m╭" + "─".repeat(40) + "╮\x1b[39m",
  " \x1b[32m100% context left\x1b[39m\x1b[2m · 0/100k tokens\x1b[22m    \x1b[2mprobe · working…\x1b[22m",
  "\x1b[1m\x1b[2mbold and dim\x1b[22m plain \x1b[1mbold\x1b[22m",
  "\x1b[7m \x1b[27m reversed cursor, 中文 wide, emoji 👍 and e\u0301",
  "\x1b[31;1mred bold\x1b[0m reset \x1b[4munder\x1b[24m",
  "\x1b]8;;file:///x\x1b\\link\x1b]8;;\x1b\\ after",
];

const row = (l: Lib, lines: string[]) =>
  l.styledCharsToString(
    lines.flatMap((line, i) => [
      ...l.styledCharsFromTokens(l.tokenize(line)),
      ...(i % 2 ? [] : [{ type: "char" as const, value: " ", fullWidth: false, styles: [] }]),
    ]),
  );

describe("Ink's tokenizer with cells kept between frames", () => {
  it("writes each line as the package does, the first time and again from the cache", () => {
    for (let round = 0; round < 2; round++)
      for (const line of LINES) expect(row(lib, [line]), JSON.stringify(line)).toBe(row(original, [line]));
  });

  it("writes rows that mix cells of several lines (and plain filler cells) as the package does", () => {
    for (let i = 0; i < LINES.length; i++) {
      const lines = [LINES[i] ?? "", LINES[(i + 3) % LINES.length] ?? "", LINES[(i + 5) % LINES.length] ?? ""];
      expect(row(lib, lines), JSON.stringify(lines)).toBe(row(original, lines));
    }
  });

  it("gives the same cells for the same line (what makes a frame cheap)", () => {
    const line = LINES[2] ?? "";
    expect(lib.styledCharsFromTokens(lib.tokenize(line))).toBe(lib.styledCharsFromTokens(lib.tokenize(line)));
  });
});
