import { describe, expect, it } from "vitest";
import { formatDuration, formatTokenUsage } from "./format.js";

describe("exec formatters", () => {
  it("formats durations as upstream", () => {
    expect(formatDuration(0)).toBe("0ms");
    expect(formatDuration(999)).toBe("999ms");
    expect(formatDuration(1500)).toBe("1.50s");
    expect(formatDuration(59_999)).toBe("60.00s");
    expect(formatDuration(61_000)).toBe("1m 01s");
    expect(formatDuration(3_725_000)).toBe("62m 05s");
  });

  it("formats token usage with input as LiteLLM reports it (cached included) and total = input + output", () => {
    const u = {
      input_tokens: 29_700,
      cached_input_tokens: 14_849,
      output_tokens: 36,
      reasoning_output_tokens: 9,
      total_tokens: 29_736,
    };
    expect(formatTokenUsage(u)).toBe(
      "Token usage: total=29,736 input=29,700 (of which 14,849 cached) output=36 (reasoning 9)",
    );
    expect(formatTokenUsage({ ...u, cached_input_tokens: 0, reasoning_output_tokens: 0 })).toBe(
      "Token usage: total=29,736 input=29,700 output=36",
    );
  });
});
