import { describe, expect, it } from "vitest";
import { formatWithSeparators } from "../util/numbers.js";
import { formatDuration, formatTokenUsage } from "./format.js";
import { formatUsd } from "../util/numbers.js";

describe("exec formatters", () => {
  it("formats durations as upstream", () => {
    expect(formatDuration(0)).toBe("0ms");
    expect(formatDuration(999)).toBe("999ms");
    expect(formatDuration(1500)).toBe("1.50s");
    expect(formatDuration(59_999)).toBe("60.00s");
    expect(formatDuration(61_000)).toBe("1m 01s");
    expect(formatDuration(3_725_000)).toBe("62m 05s");
  });

  it("formats numbers and costs", () => {
    expect(formatWithSeparators(0)).toBe("0");
    expect(formatWithSeparators(999)).toBe("999");
    expect(formatWithSeparators(1_234_567)).toBe("1,234,567");
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(1.5)).toBe("$1.50");
    expect(formatUsd(0.0123)).toBe("$0.0123");
    expect(formatUsd(0.000042)).toBe("$0.000042");
    expect(formatUsd(12.3456789)).toBe("$12.3456789");
    // Every recorded digit (costs are kept to 1e-10 USD), so all views print the same figure.
    expect(formatUsd(0.0000001)).toBe("$0.0000001");
    expect(formatUsd(0.0047400001)).toBe("$0.0047400001");
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
