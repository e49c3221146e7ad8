import { describe, expect, it } from "vitest";
import { normalizePunctuation, seekSequence, seekSequenceWithPass, type MatchPass } from "./seek-sequence.js";

describe("seekSequence: matching passes", () => {
  const cases: Array<{ name: string; lines: string[]; pattern: string[]; index: number; pass: MatchPass }> = [
    { name: "exact", lines: ["foo", "bar", "baz"], pattern: ["bar", "baz"], index: 1, pass: "exact" },
    {
      name: "only trailing whitespace differs",
      lines: ["foo   ", "bar\t\t"],
      pattern: ["foo", "bar"],
      index: 0,
      pass: "trim-end",
    },
    {
      name: "pattern has trailing whitespace the file lacks",
      lines: ["x", "foo"],
      pattern: ["foo  "],
      index: 1,
      pass: "trim-end",
    },
    {
      name: "leading whitespace differs",
      lines: ["    foo   ", "   bar\t"],
      pattern: ["foo", "bar"],
      index: 0,
      pass: "trim",
    },
    {
      name: "typographic dashes",
      lines: ["a \u2014 b \u2013 c \u2212 d"],
      pattern: ["a - b - c - d"],
      index: 0,
      pass: "normalized",
    },
    {
      name: "typographic quotes",
      lines: ["say \u201chi\u201d and \u2018bye\u2019"],
      pattern: ["say \"hi\" and 'bye'"],
      index: 0,
      pass: "normalized",
    },
    { name: "odd spaces", lines: ["a\u00a0b\u2009c\u3000d"], pattern: ["a b c d"], index: 0, pass: "normalized" },
    {
      name: "ASCII pattern, Unicode file or the other way round",
      lines: ["x = 'y'"],
      pattern: ["x = \u2018y\u2019"],
      index: 0,
      pass: "normalized",
    },
  ];

  it.each(cases)("$name", ({ lines, pattern, index, pass }) => {
    expect(seekSequenceWithPass(lines, pattern, 0, false)).toEqual({ index, pass });
  });

  it("each pass scans the whole range before a looser pass is tried", () => {
    // The trimmed match at 0 loses to the exact match further down.
    expect(seekSequenceWithPass(["  foo", "foo"], ["foo"], 0, false)).toEqual({ index: 1, pass: "exact" });
  });

  it("does not fold characters upstream leaves alone", () => {
    expect(seekSequence(["a\u2026b"], ["a...b"], 0, false)).toBeNull();
    expect(seekSequence(["a\u2016b"], ["a-b"], 0, false)).toBeNull();
  });

  it("searches from the start position on", () => {
    expect(seekSequence(["x", "y", "x"], ["x"], 1, false)).toBe(2);
    expect(seekSequence(["x", "y"], ["x"], 1, false)).toBeNull();
  });

  it("anchors at the end of the file when asked", () => {
    const lines = ["a", "b", "a", "b"];
    expect(seekSequence(lines, ["a", "b"], 0, false)).toBe(0);
    expect(seekSequence(lines, ["a", "b"], 0, true)).toBe(2);
    expect(seekSequence(["a", "b", "c"], ["a"], 0, true)).toBeNull();
  });

  it("handles the edge cases like upstream", () => {
    expect(seekSequence(["a"], [], 5, false)).toBe(5);
    expect(seekSequence(["just one line"], ["too", "many", "lines"], 0, false)).toBeNull();
  });

  it("normalizePunctuation trims and folds", () => {
    expect(normalizePunctuation("  \u201cq\u201d \u2010 \u201a\u201b \u201e\u201f\u00a0")).toBe('"q" - \'\' ""');
  });
});
