import { describe, expect, it } from "vitest";
import { formatUsd, formatWithSeparators } from "./numbers.js";

describe("number formatting", () => {
  it.each([
    [0, "0"],
    [999, "999"],
    [1_234_567, "1,234,567"],
  ])("formatWithSeparators(%d) is %s", (n, text) => expect(formatWithSeparators(n)).toBe(text));

  it.each([
    [0, "$0.00"],
    [1.5, "$1.50"],
    [0.0123, "$0.0123"],
    [0.000042, "$0.000042"],
    [12.3456789, "$12.3456789"],
    // Every recorded digit (costs are kept to 1e-10 USD), so all views print the same figure.
    [0.0000001, "$0.0000001"],
    [0.0047400001, "$0.0047400001"],
  ])("formatUsd(%d) is %s", (usd, text) => expect(formatUsd(usd)).toBe(text));
});
