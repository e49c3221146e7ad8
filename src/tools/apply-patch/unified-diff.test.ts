import { describe, expect, it } from "vitest";
import { unifiedDiff } from "./unified-diff.js";

describe("unifiedDiff (upstream's hunk-only format, 1 line of context)", () => {
  it.each([
    ["one line replaced", "seed\n", "seed patched\n", "@@ -1 +1 @@\n-seed\n+seed patched\n"],
    ["last line replaced", "foo\nbar\nbaz\n", "foo\nbar\nBAZ\n", "@@ -2,2 +2,2 @@\n bar\n-baz\n+BAZ\n"],
    ["line inserted at the end", "foo\nbar\nbaz\n", "foo\nbar\nbaz\nquux\n", "@@ -3 +3,2 @@\n baz\n+quux\n"],
    ["new file", "", "a\nb\n", "@@ -0,0 +1,2 @@\n+a\n+b\n"],
    ["deleted file", "a\n", "", "@@ -1 +0,0 @@\n-a\n"],
    ["no change", "same\n", "same\n", ""],
    ["missing final newline", "a", "b\n", "@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n"],
  ])("%s", (_name, before, after, expected) => {
    expect(unifiedDiff(before, after)).toBe(expected);
  });
});
