import { describe, expect, it } from "vitest";
import { liveTail } from "./live-tail.js";

describe("liveTail", () => {
  it("keeps a text that fits whole", () => {
    expect(liveTail("one\ntwo", 80, 5)).toEqual({ text: "one\ntwo", hiddenLines: 0 });
  });

  it("shows the last rows as the terminal wraps them, counting the lines cut at the top", () => {
    const text = ["first", "x".repeat(25), "last"].join("\n");
    // "x"×25 at 10 columns is three rows: four rows leave out "first", three also the x's first row.
    expect(liveTail(text, 10, 4)).toEqual({
      text: ["x".repeat(10), "x".repeat(10), "x".repeat(5), "last"].join("\n"),
      hiddenLines: 1,
    });
    expect(liveTail(text, 10, 3)).toEqual({ text: ["x".repeat(10), "x".repeat(5), "last"].join("\n"), hiddenLines: 2 });
  });

  it("wraps wide characters and words as Ink does", () => {
    const tail = liveTail("漢字漢字漢字 and more words here", 8, 10);
    for (const row of tail.text.split("\n")) expect(row.length).toBeLessThanOrEqual(8);
    expect(tail.text.split("\n")[0]).toBe("漢字漢字");
    expect(tail.hiddenLines).toBe(0);
  });
});
