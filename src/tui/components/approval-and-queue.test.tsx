// What an approval prompt shows (the exact command, a scrollable coloured diff, an MCP call),
// the composer's queue while a turn runs, and the footer at 80 columns.
import { render } from "ink-testing-library";
import React from "react";
import { describe, expect, it, vi } from "vitest";
import { initialState, type UiState } from "../state.js";
import { ApprovalPrompt } from "./ApprovalPrompt.js";
import { Composer } from "./Composer.js";
import { Footer } from "./Footer.js";
import { renderApproval, testSession, tick, typeInto } from "./__fixtures__/ink-input.js";

const UP = "\u001b[A";
const DOWN = "\u001b[B";

describe("ApprovalPrompt shows what is approved", () => {
  it("a command with its quoting, as a shell reads it", () => {
    const frame = render(
      <ApprovalPrompt
        question={{ kind: "command", command: ["bash", "-lc", "node test.js"], cwd: "/r", reason: null }}
        onDecide={vi.fn()}
      />,
    ).lastFrame();
    expect(frame).toContain("$ node test.js");
  });

  it("an MCP call: server, tool and arguments, not a command", () => {
    const frame =
      render(
        <ApprovalPrompt
          question={{
            kind: "mcp",
            mcp: { server: "docs", tool: "delete_item", arguments: { id: "7" } },
            cwd: "/r",
            reason: "destructive",
          }}
          onDecide={vi.fn()}
        />,
      ).lastFrame() ?? "";
    expect(frame).toContain("Call this MCP tool?");
    expect(frame).toContain("server: docs · tool: delete_item");
    expect(frame).toContain('"id": "7"');
    expect(frame).not.toContain("Run this command?");
    expect(frame).not.toContain("$ mcp");
  });

  it("a patch's diff, and a long one scrolls with ↑/↓ without deciding", async () => {
    const diff = ["@@ -1,40 +1,40 @@", ...Array.from({ length: 40 }, (_, i) => `-old line ${i + 1}`)].join("\n");
    const { stdin, lastFrame, onDecide } = renderApproval({
      kind: "patch",
      changes: [{ path: "/r/big.txt", kind: "update", diff }],
      cwd: "/r",
      reason: "untrusted",
    });
    expect(lastFrame()).toContain("M /r/big.txt");
    expect(lastFrame()).toContain("-old line 1");
    expect(lastFrame()).not.toContain("-old line 40");
    expect(lastFrame()).toMatch(/lines 1–\d+ of 42/);
    await typeInto(stdin, ...Array.from({ length: 40 }, () => DOWN));
    expect(lastFrame()).toContain("-old line 40");
    expect(lastFrame()).not.toContain("M /r/big.txt");
    await typeInto(stdin, UP);
    expect(onDecide).not.toHaveBeenCalled();
    await typeInto(stdin, "y");
    expect(onDecide).toHaveBeenCalledWith("approved");
  });
});

describe("Composer while a turn runs", () => {
  it("shows the queued messages; ↑ on an empty composer takes the last one back", async () => {
    const queued = ["first follow-up", "second follow-up"];
    const onTakeBack = vi.fn(() => queued.pop() ?? null);
    const onSubmit = vi.fn();
    const { stdin, lastFrame } = render(
      <Composer
        running
        queued={queued}
        onTakeBack={onTakeBack}
        onSubmit={onSubmit}
        onInterrupt={vi.fn()}
        onQuit={vi.fn()}
      />,
    );
    expect(lastFrame()).toContain("↳ first follow-up");
    expect(lastFrame()).toContain("↳ second follow-up");
    await typeInto(stdin, UP);
    expect(onTakeBack).toHaveBeenCalledTimes(1);
    expect(lastFrame()).toContain("› second follow-up");
  });

  it("a draft handed back (after an interrupt) is put in front of what is typed", async () => {
    const onDraftTaken = vi.fn();
    const ui = render(
      <Composer
        running={false}
        draft={null}
        onDraftTaken={onDraftTaken}
        onSubmit={vi.fn()}
        onInterrupt={vi.fn()}
        onQuit={vi.fn()}
      />,
    );
    await typeInto(ui.stdin, "typed");
    ui.rerender(
      <Composer
        running={false}
        draft="queued one"
        onDraftTaken={onDraftTaken}
        onSubmit={vi.fn()}
        onInterrupt={vi.fn()}
        onQuit={vi.fn()}
      />,
    );
    await tick();
    expect(onDraftTaken).toHaveBeenCalled();
    expect(ui.lastFrame()).toContain("queued one");
    expect(ui.lastFrame()).toContain("typed");
  });
});

describe("Footer at 80 columns", () => {
  it("puts the model and hints on their own line instead of running into the counts", () => {
    const state: UiState = {
      ...initialState,
      tokensInContext: 5_300,
      session: testSession({ model: "qwen3-coder" }),
    };
    // ink-testing-library's stdout is 100 columns wide.
    const lines = (
      render(
        <Footer
          state={{
            ...state,
            total: {
              input_tokens: 5_000,
              cached_input_tokens: 0,
              output_tokens: 300,
              reasoning_output_tokens: 0,
              total_tokens: 5_300,
            },
          }}
          model="qwen3-coder-with-a-long-name"
          effort="medium"
        />,
      ).lastFrame() ?? ""
    ).split("\n");
    expect(lines.every((l) => l.length <= 100)).toBe(true);
    expect(lines.find((l) => l.includes("context left"))).not.toContain("qwen3");
    expect(lines.find((l) => l.includes("qwen3-coder-with-a-long-name medium"))).toBeDefined();
  });
});
