import { describe, expect, it } from "vitest";
import { hasTerminalControl, HOSTILE_SEQUENCES } from "./__fixtures__/hostile-terminal-text.js";
import { terminalSafe, terminalSafeDeep } from "./terminal-text.js";

const ESC = "\u001b";
const BEL = "\u0007";
const ST = `${ESC}\\`;

describe("terminalSafe", () => {
  it.each(HOSTILE_SEQUENCES)(
    "%s: nothing a terminal acts on is left, the text around it is kept",
    (_name, sequence) => {
      const out = terminalSafe(`before\n${sequence}\nafter`);
      expect(hasTerminalControl(out), JSON.stringify(out)).toBe(false);
      expect(out.startsWith("before\n")).toBe(true);
      expect(out.endsWith("\nafter")).toBe(true);
    },
  );

  it("removes whole sequences rather than leaving their parameters behind", () => {
    expect(terminalSafe(`a${ESC}]0;title${BEL}b${ESC}[2Jc${ESC}[31mred${ESC}[0md`)).toBe("abcredd");
    expect(terminalSafe(`x${ESC}P$qm${ST}y`)).toBe("xy");
    expect(terminalSafe("x\u009b2Jy")).toBe("xy");
  });

  it("shows what is left of a broken sequence and other controls as visible symbols", () => {
    expect(terminalSafe(`${ESC}]0;no end`)).toBe("␛]0;no end");
    expect(terminalSafe(`${ESC}${ESC}[31m[2J`)).toBe("␛[2J");
    expect(terminalSafe("ab\bc")).toBe("ab␈c");
    expect(terminalSafe("\u0000\u007f")).toBe("␀␡");
  });

  it("keeps newlines, tabs and ordinary Unicode; a lone carriage return cannot hide earlier text", () => {
    expect(terminalSafe("a\tb\nc — ✓ é 漢字 🙂")).toBe("a\tb\nc — ✓ é 漢字 🙂");
    expect(terminalSafe("line1\r\nline2\r\n")).toBe("line1\nline2\n");
    expect(terminalSafe("rm -rf ~\rls      ")).toBe("rm -rf ~\nls      ");
  });

  it("returns clean text unchanged (the same string)", () => {
    const text = "plain output\nwith two lines";
    expect(terminalSafe(text)).toBe(text);
  });
});

describe("terminalSafeDeep", () => {
  it("cleans every string of plain objects and arrays, and leaves other values alone", () => {
    const date = new Date(0);
    const value = { text: `a${ESC}[2Jb`, list: [`${ESC}c`, 3, null], nested: { ok: true, s: "\u009b1A" }, date };
    expect(terminalSafeDeep(value)).toEqual({ text: "ab", list: ["", 3, null], nested: { ok: true, s: "" }, date });
    expect(terminalSafeDeep(value).date).toBe(date);
    expect(value.text).toBe(`a${ESC}[2Jb`); // the original is not changed
  });
});

describe("terminalSafe: bidi controls and invisible characters", () => {
  it.each([
    ["ALM", "\u061c"],
    ["MVS", "\u180e"],
    ["ZWSP", "\u200b"],
    ["ZWNJ", "\u200c"],
    ["ZWJ outside an emoji", "\u200d"],
    ["LRM", "\u200e"],
    ["RLM", "\u200f"],
    ["LRE", "\u202a"],
    ["RLE", "\u202b"],
    ["PDF", "\u202c"],
    ["LRO", "\u202d"],
    ["RLO", "\u202e"],
    ["WJ", "\u2060"],
    ["invisible times", "\u2062"],
    ["LRI", "\u2066"],
    ["RLI", "\u2067"],
    ["FSI", "\u2068"],
    ["PDI", "\u2069"],
    ["BOM / ZWNBSP", "\ufeff"],
    ["tag LATIN SMALL LETTER A", "\u{e0061}"],
  ])("%s is shown by its code point", (_name, char) => {
    const code = (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
    expect(terminalSafe(`a${char}b`)).toBe(`a<U+${code}>b`);
  });

  it("a Trojan Source line reads in the order it runs; a look-alike file name shows its extra character", () => {
    const trojan = "if (isAdmin) { \u202e } \u2066// admin only\u2069 \u2066 begin";
    expect(terminalSafe(trojan)).toBe("if (isAdmin) { <U+202E> } <U+2066>// admin only<U+2069> <U+2066> begin");
    expect(terminalSafe("src/ma\u200bin.ts")).toBe("src/ma<U+200B>in.ts");
    expect(terminalSafe(`x\u202e${ESC}[2Jy`)).toBe("x<U+202E>y");
  });

  it("keeps emoji sequences joined by ZWJ, and ordinary right-to-left text", () => {
    for (const text of ["👩\u200d💻", "🏳\ufe0f\u200d🌈", "שלום עולם", "مرحبا"]) expect(terminalSafe(text)).toBe(text);
  });
});
