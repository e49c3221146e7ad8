import { describe, expect, it } from "vitest";
import { autoCompactLimit, effectiveContextWindow, percentContextLeft } from "./context-window.js";

describe("context window", () => {
  it("config, then the proxy's max_input_tokens, then the 130k baseline", () => {
    expect(effectiveContextWindow(64_000, 200_000)).toEqual({ window: 64_000, source: "config" });
    expect(effectiveContextWindow(undefined, 200_000)).toEqual({ window: 200_000, source: "model_info" });
    expect(effectiveContextWindow(undefined, null)).toEqual({ window: 130_000, source: "baseline" });
  });

  it.each([
    // tokens, window, % left — upstream's numbers for windows of 48k and more
    [0, 272_000, 100],
    [12_000, 272_000, 100],
    [138_000, 272_000, 52],
    [72_000, 100_000, 32],
    [300_000, 272_000, 0],
    // small LiteLLM windows: the baseline shrinks instead of reading 0% from the start
    [0, 8_192, 100],
    [4_096, 8_192, 67],
    [8_192, 8_192, 0],
  ])("%i tokens in a %i window → %i percent left", (tokens, window, left) => {
    expect(percentContextLeft(tokens, window)).toBe(left);
  });

  it("auto-compacts at 90% of the window unless configured", () => {
    expect(autoCompactLimit(undefined, 100_000)).toBe(90_000);
    expect(autoCompactLimit(50_000, 100_000)).toBe(50_000);
  });
});
