// Truncation to the catalog's truncation_policy, checked against upstream's own cases
// (codex-rs utils/string truncate tests) and its history allowance.
import { describe, expect, it } from "vitest";
import { formattedTruncateText, truncateForHistory, truncateText } from "./output-truncation.js";

const tokens = (limit: number) => ({ mode: "tokens" as const, limit });
const bytes = (limit: number) => ({ mode: "bytes" as const, limit });

describe("truncateText", () => {
  it("tokens: head and tail at character boundaries around the tokens over the budget", () => {
    expect(truncateText("😀😀😀😀😀😀😀😀😀😀\nsecond line with text\n", tokens(8))).toBe(
      "😀😀😀😀…8 tokens truncated… line with text\n",
    );
    expect(truncateText("abcdef", tokens(0))).toBe("…2 tokens truncated…");
    expect(truncateText("short output", tokens(100))).toBe("short output");
    expect(truncateText("", tokens(0))).toBe("");
  });

  it("bytes: the marker counts the characters dropped", () => {
    expect(truncateText("0123456789abcdefghij", bytes(10))).toBe("01234…10 chars truncated…fghij");
    // 'é' is two bytes: the head stops before it, the tail starts after it.
    expect(truncateText("aaé__________éaa", bytes(4))).toBe("aa…12 chars truncated…aa");
    expect(truncateText("abc", bytes(0))).toBe("…3 chars truncated…");
    expect(truncateText("fits", bytes(4))).toBe("fits");
  });
});

describe("formattedTruncateText", () => {
  it("adds upstream's warning and line count only when it cuts", () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i}`).join("\n");
    expect(formattedTruncateText(text, tokens(10_000))).toBe(text);
    const cut = formattedTruncateText(text, tokens(10));
    expect(cut).toMatch(/^Warning: truncated output \(original token count: 198\)\nTotal output lines: 100\n\n/);
    expect(cut).toMatch(/\n\nline 0\nline 1\nline 2…188 tokens truncated…e 97\nline 98\nline 99$/);
  });
});

describe("truncateForHistory", () => {
  it("holds text output to the policy plus 20%", () => {
    const output = "x".repeat(200);
    expect(truncateForHistory({ output, success: true }, bytes(100)).output).toBe(
      `${"x".repeat(60)}…80 chars truncated…${"x".repeat(60)}`,
    );
    expect(truncateForHistory({ output, success: false }, bytes(170))).toEqual({ output, success: false });
  });

  it("content items share the budget in order; images stay; dropped text items are counted", () => {
    const image = { type: "input_image" as const, image_url: "data:image/png;base64,AAAA" };
    const result = truncateForHistory(
      {
        output: "",
        success: true,
        contentItems: [
          { type: "input_text", text: "a".repeat(40) },
          image,
          { type: "input_text", text: "b".repeat(40) },
          { type: "input_text", text: "c".repeat(40) },
        ],
      },
      tokens(15),
    );
    // 15 tokens + 20% = 18 tokens: the first item (10) fits, the second is cut to 8, the third is dropped.
    expect(result.contentItems).toEqual([
      { type: "input_text", text: "a".repeat(40) },
      image,
      { type: "input_text", text: `${"b".repeat(16)}…2 tokens truncated…${"b".repeat(16)}` },
      { type: "input_text", text: "[omitted 1 text items ...]" },
    ]);
  });
});
