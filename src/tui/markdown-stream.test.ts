// A streaming answer moves into the scrollback part by part; the parts, each rendered alone,
// must read exactly as the whole answer rendered at once (what a resume or Ctrl+T shows).
import { describe, expect, it } from "vitest";
import type { AgentEvent } from "../protocol/events.js";
import { finishedPart, renderMarkdown } from "./markdown.js";
import { committingReducer, initialState, type Cell, type UiState } from "./state.js";

const reduce = committingReducer(finishedPart);

/** Streams `text` in deltas of `size` characters; returns the state after each delta and at the end (`end`: how the turn ends). */
function stream(text: string, size: number, end?: AgentEvent): { during: UiState[]; end: UiState } {
  let state = reduce(initialState, { type: "turn_started", turnId: "t" });
  const during: UiState[] = [];
  for (let i = 0; i < text.length; i += size) {
    const event: AgentEvent = { type: "agent_message_delta", itemId: "m", delta: text.slice(i, i + size) };
    state = reduce(state, event);
    during.push(state);
  }
  return { during, end: reduce(state, end ?? { type: "agent_message", itemId: "m", text }) };
}

/** What the scrollback shows of the answer's cells: each rendered alone, joined as the UI spaces them. */
const shown = (cells: readonly Cell[], width: number): string =>
  cells
    .map((c) =>
      c.kind === "assistant"
        ? (c.joined === "line" ? "\n" : c.joined ? "\n\n" : "") + renderMarkdown(c.text, width)
        : "",
    )
    .join("");

const LIST = Array.from({ length: 30 }, (_, k) => `- point ${k}: the \`add\` function keeps case ${k}`).join("\n");

const ANSWERS: Record<string, string> = {
  "a tight list": `Here is the plan.\n${LIST}\nThat is all.`,
  "blocks of every kind": [
    "# Result",
    "",
    "The change keeps **three** things:",
    "",
    "1. the `add` contract",
    "2. the tests, which now cover",
    "   - negative numbers",
    "   - overflow",
    "3. the docs",
    "",
    "| file | lines | why |",
    "| --- | ---: | --- |",
    "| src/add.ts | 12 | the function |",
    "| test/add.test.ts | 140 | a much longer explanation of why the tests grew |",
    "",
    "```ts",
    "export function add(a: number, b: number): number {",
    "",
    "  return a + b;",
    "}",
    "```",
    "",
    "> Note: a quote",
    "> over two lines",
    "",
    "- loose item one",
    "",
    "- loose item two",
    "",
    "Done.",
  ].join("\n"),
};

describe("a streaming answer moves into the scrollback as its blocks finish", () => {
  for (const [name, answer] of Object.entries(ANSWERS))
    for (const size of [1, 7, 40])
      it(`${name}, in deltas of ${size}: the parts read as the whole answer at 80 and 40 columns`, () => {
        const { during, end } = stream(answer, size);
        expect(end.live).toEqual([]);
        const cells = end.committed.filter((c) => c.kind === "assistant");
        expect(cells.length).toBeGreaterThan(3);
        for (const width of [80, 40]) expect(shown(cells, width)).toBe(renderMarkdown(answer, width));
        // While it streams, what is live is only the unfinished end (no more than a few lines).
        const liveLines = during.map((s) => s.live.map((c) => (c.kind === "assistant" ? c.text : "")).join(""));
        expect(Math.max(...liveLines.map((t) => t.split("\n").length))).toBeLessThanOrEqual(8);
      });

  it("holds a table and a code block until they end (their widths and fences are final only then)", () => {
    const { during } = stream(ANSWERS["blocks of every kind"] ?? "", 5);
    for (const state of during)
      for (const cell of state.committed)
        if (cell.kind === "assistant") {
          const fences = cell.text.split("\n").filter((l) => l.startsWith("```")).length;
          expect(fences % 2, cell.text).toBe(0);
          if (cell.text.includes("| file")) expect(cell.text).toContain("| test/add.test.ts");
        }
  });

  it("an interrupted answer keeps what had streamed, its parts reading as that text rendered whole", () => {
    const answer = ANSWERS["blocks of every kind"] ?? "";
    const cut = answer.slice(0, answer.indexOf("| test/add") + 5);
    const { end } = stream(cut, 3, { type: "turn_aborted", turnId: "t", reason: "interrupted" });
    expect(end.live).toEqual([]);
    expect(shown(end.committed, 80)).toBe(renderMarkdown(cut, 80));
  });

  it("a retry after part of the answer reached the scrollback says so, and streams the answer anew", () => {
    let { end: state } = stream(`Intro.\n${LIST}\n`, 11, {
      type: "retrying",
      attempt: 1,
      maxAttempts: 5,
      delayMs: 200,
      reason: "stream cut",
    });
    const kept = state.committed.length;
    expect(kept).toBeGreaterThan(10);
    expect(state.committed.concat(state.live).map((c) => (c.kind === "notice" ? c.text : ""))).toContain(
      "Reconnecting… 1/5: stream cut; the answer above was cut off and is being retried in full",
    );
    state = reduce(state, { type: "agent_message_delta", itemId: "m", delta: "Intro.\n- again\n" });
    state = reduce(state, { type: "agent_message", itemId: "m", text: "Intro.\n- again\n" });
    const after = state.committed.slice(kept).filter((c) => c.kind === "assistant");
    expect(after.map((c) => c.text.trim()).join("\n")).toBe("Intro.\n- again");
  });

  it("commits nothing before markdown's structure allows: an answer without a newline stays live", () => {
    const { during } = stream("One long line without an end ".repeat(20), 9);
    expect(during.every((s) => s.committed.length === 0)).toBe(true);
  });
});
