import { describe, expect, it } from "vitest";
import { finalOutput, hiddenLinesText, KEPT_LINES, keepOutput, outputPreview } from "./command-output.js";

const numbered = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}`).join("\n") + "\n";

describe("a command's kept output", () => {
  it("shows the first 2 and last 5 lines and counts the rest, dropped ones included", () => {
    const kept = keepOutput({ output: "", omittedLines: 0 }, numbered(1, 300));
    expect(outputPreview(kept)).toEqual({
      head: ["line 1", "line 2"],
      hidden: 293,
      tail: ["line 296", "line 297", "line 298", "line 299", "line 300"],
    });
    expect(hiddenLinesText(293)).toBe("… +293 lines (ctrl + t to view transcript)");
    expect(outputPreview(keepOutput({ output: "", omittedLines: 0 }, numbered(1, 8))).hidden).toBe(0);
  });

  it("keeps a bounded tail of a huge output, by lines and by size, and still counts every line", () => {
    let kept = { output: "", omittedLines: 0 };
    for (let i = 0; i < 10; i++) kept = keepOutput(kept, numbered(i * 1000 + 1, (i + 1) * 1000));
    expect(kept.omittedLines + kept.output.trimEnd().split("\n").length).toBe(10_000);
    expect(kept.output.split("\n").length).toBeLessThanOrEqual(KEPT_LINES + 1);
    const wide = keepOutput({ output: "", omittedLines: 0 }, `${"x".repeat(1000)}\n`.repeat(500));
    expect(wide.output.length).toBeLessThanOrEqual(128 * 1024);
    expect(wide.omittedLines + wide.output.trimEnd().split("\n").length).toBe(500);
    const { hidden, tail } = outputPreview(kept);
    expect(tail.at(-1)).toBe("line 10000");
    expect(hidden).toBe(10_000 - 5);
  });

  it("at the end, the capped aggregate never replaces a longer streamed output", () => {
    const streamed = keepOutput({ output: "", omittedLines: 0 }, numbered(1, 400));
    expect(finalOutput(streamed, numbered(1, 50))).toBe(streamed);
    expect(finalOutput({ output: "", omittedLines: 0 }, "ok\n").output).toBe("ok\n");
  });
});
