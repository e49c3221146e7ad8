import { describe, expect, it } from "vitest";
import { normalizePunctuation, seekSequence, seekSequenceWithPass, type MatchPass } from "./seek-sequence.js";

describe("seekSequence: matching passes", () => {
  // name, the file's lines, the pattern, where it matches and by which pass
  const cases: Array<[string, string[], string[], number, MatchPass]> = [
    ["exact", ["foo", "bar", "baz"], ["bar", "baz"], 1, "exact"],
    ["only trailing whitespace differs", ["foo   ", "bar\t\t"], ["foo", "bar"], 0, "trim-end"],
    ["pattern has trailing whitespace the file lacks", ["x", "foo"], ["foo  "], 1, "trim-end"],
    ["leading whitespace differs", ["    foo   ", "   bar\t"], ["foo", "bar"], 0, "trim"],
    ["typographic dashes", ["a \u2014 b \u2013 c \u2212 d"], ["a - b - c - d"], 0, "normalized"],
    ["typographic quotes", ["say \u201chi\u201d and \u2018bye\u2019"], ["say \"hi\" and 'bye'"], 0, "normalized"],
    ["odd spaces", ["a\u00a0b\u2009c\u3000d"], ["a b c d"], 0, "normalized"],
    ["ASCII pattern, Unicode file or the other way round", ["x = 'y'"], ["x = \u2018y\u2019"], 0, "normalized"],
  ];

  it.each(cases)("%s", (_name, lines, pattern, index, pass) => {
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
