import { describe, expect, it } from "vitest";
import { composerRows, expandPastes, pasteInsert, placeholderBefore, type PendingPaste } from "./composer-text.js";

describe("big pastes", () => {
  it("over 1,000 characters: upstream's placeholder, numbered when the same size repeats, expanded on send", () => {
    const pending: PendingPaste[] = [];
    expect(pasteInsert("short", pending)).toBe("short");
    const big = "x".repeat(1001);
    const first = pasteInsert(big, pending);
    const second = pasteInsert(big, pending);
    expect([first, second]).toEqual(["[Pasted Content 1001 chars]", "[Pasted Content 1001 chars] #2"]);
    expect(expandPastes(`a ${first} b ${second}`, pending)).toBe(`a ${big} b ${big}`);
    expect(placeholderBefore(`a ${first}`, 2 + first.length, pending)).toBe(first.length);
    expect(placeholderBefore("a b", 3, pending)).toBe(0);
  });
});

describe("composerRows", () => {
  it("wraps at the width and keeps the cursor's row in a window of at most 8 rows", () => {
    const text = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n");
    const end = composerRows(text, text.length, 40);
    expect(end.rows.map((r) => r.text)).toEqual(Array.from({ length: 8 }, (_, i) => `line ${i + 13}`));
    expect([end.above, end.below]).toEqual([12, 0]);
    expect(end.rows.at(-1)?.cursor).toBe("line 20".length);
    const start = composerRows(text, 0, 40);
    expect([start.above, start.below, start.rows[0]?.cursor]).toEqual([0, 12, 0]);
    const long = composerRows("abcdefghij", 5, 4);
    expect(long.rows).toEqual([
      { text: "abcd", cursor: null },
      { text: "efgh", cursor: 1 },
      { text: "ij", cursor: null },
    ]);
  });
});
