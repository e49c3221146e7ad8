import { describe, expect, it } from "vitest";
import { rustLines, rustTrim, rustTrimEnd, rustTrimStart } from "./rust-text.js";

describe("Rust string semantics", () => {
  it("trims Unicode White_Space, not U+FEFF (unlike String.prototype.trim)", () => {
    expect(rustTrim("\u00a0\u3000 x \u0085\t")).toBe("x");
    expect(rustTrim("\ufeffx")).toBe("\ufeffx");
    expect(rustTrimStart("  x  ")).toBe("x  ");
    expect(rustTrimEnd("  x \r")).toBe("  x");
  });

  it.each([
    ["", []],
    ["a", ["a"]],
    ["a\n", ["a"]],
    ["a\n\nb", ["a", "", "b"]],
    ["a\r\nb\r\n", ["a", "b"]],
    ["a\rb\r", ["a\rb\r"]],
    ["\n", [""]],
  ])("lines(%j)", (text, lines) => {
    expect(rustLines(text)).toEqual(lines);
  });
});
