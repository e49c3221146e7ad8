import { render } from "ink-testing-library";
import React from "react";
import { describe, expect, it, vi } from "vitest";
import { initialState, type Cell, type UiState } from "../state.js";
import { CellView } from "./CellView.js";
import { Composer } from "./Composer.js";
import { Footer } from "./Footer.js";
import { renderApproval, testSession, typeInto } from "./__fixtures__/ink-input.js";
import { SelectList } from "./SelectList.js";

const ENTER = "\r";

describe("Composer", () => {
  const setup = (props: Partial<React.ComponentProps<typeof Composer>> = {}) => {
    const onSubmit = vi.fn();
    const onInterrupt = vi.fn();
    const onQuit = vi.fn();
    const ui = render(
      <Composer running={false} onSubmit={onSubmit} onInterrupt={onInterrupt} onQuit={onQuit} {...props} />,
    );
    return { ...ui, onSubmit, onInterrupt, onQuit };
  };

  it("Enter sends; Ctrl+J adds a line; ↑ recalls history", async () => {
    const { stdin, lastFrame, onSubmit } = setup();
    await typeInto(stdin, "first line", "\n", "second", ENTER);
    expect(onSubmit).toHaveBeenCalledWith("first line\nsecond");
    expect(lastFrame()).toContain("Ask anything");
    await typeInto(stdin, "\u001b[A");
    expect(lastFrame()).toContain("first line");
  });

  it("text and Enter in one chunk are sent whole; a multi-line paste is kept", async () => {
    const { stdin, lastFrame, onSubmit } = setup();
    await typeInto(stdin, "quick message\r");
    expect(onSubmit).toHaveBeenCalledWith("quick message");
    await typeInto(stdin, "line one\rline two\rline three");
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(lastFrame()).toContain("line three");
  });

  it("/ lists matching commands and Enter runs the first", async () => {
    const { stdin, lastFrame, onSubmit } = setup();
    await typeInto(stdin, "/st");
    expect(lastFrame()).toContain("/status");
    await typeInto(stdin, ENTER);
    expect(onSubmit).toHaveBeenCalledWith("/status");
  });

  it("@ fuzzy-searches files and Tab inserts the best match", async () => {
    const { stdin, lastFrame, onSubmit } = setup({ files: ["src/agent/session.ts", "src/tui/host.ts", "README.md"] });
    await typeInto(stdin, "look at @sesn");
    expect(lastFrame()).toContain("@src/agent/session.ts");
    await typeInto(stdin, "\t", "please", ENTER);
    expect(onSubmit).toHaveBeenCalledWith("look at @src/agent/session.ts please");
  });

  it("Esc interrupts a running turn; Ctrl+C twice on an empty composer quits", async () => {
    const running = setup({ running: true });
    await typeInto(running.stdin, "\u001b");
    expect(running.onInterrupt).toHaveBeenCalled();
    const idle = setup();
    await typeInto(idle.stdin, "\u0003");
    expect(idle.lastFrame()).toContain("Press Ctrl+C again to quit");
    expect(idle.onQuit).not.toHaveBeenCalled();
    await typeInto(idle.stdin, "\u0003");
    expect(idle.onQuit).toHaveBeenCalled();
  });
});

describe("SelectList", () => {
  it("moves with arrows, filters by typing, Enter selects, Esc cancels", async () => {
    const onSelect = vi.fn();
    const onCancel = vi.fn();
    const items = ["gpt-5.5", "claude-sonnet", "fake-model", "fake-reasoning"].map((m) => ({ label: m, value: m }));
    const { stdin, lastFrame } = render(
      <SelectList title="Models" items={items} onSelect={onSelect} onCancel={onCancel} filterable />,
    );
    await typeInto(stdin, "\u001b[B", ENTER);
    expect(onSelect).toHaveBeenLastCalledWith("claude-sonnet");
    await typeInto(stdin, "reas");
    expect(lastFrame()).toContain("fake-reasoning");
    expect(lastFrame()).not.toContain("gpt-5.5");
    await typeInto(stdin, ENTER);
    expect(onSelect).toHaveBeenLastCalledWith("fake-reasoning");
    await typeInto(stdin, "\u001b");
    expect(onCancel).toHaveBeenCalled();
  });
});

describe("ApprovalPrompt", () => {
  it.each([
    ["y", "approved"],
    ["a", "approved_for_session"],
    ["n", "denied"],
    ["\u001b", "abort"],
  ] as const)("%j → %s", async (key, decision) => {
    const { stdin, lastFrame, onDecide } = renderApproval({
      kind: "command",
      command: ["rm", "-rf", "build"],
      cwd: "/repo",
      reason: "not a known read-only command",
    });
    expect(lastFrame()).toContain("$ rm -rf build");
    expect(lastFrame()).toContain("why: not a known read-only command");
    await typeInto(stdin, key);
    expect(onDecide).toHaveBeenCalledWith(decision);
  });
});

describe("Footer", () => {
  const state = (tokensInContext: number): UiState => ({
    ...initialState,
    tokensInContext,
    session: testSession(),
  });

  it("shows % context left, and warns under 20% that auto-compact will run", () => {
    expect(render(<Footer state={state(12_000)} model="m" />).lastFrame()).toContain(
      "100% context left · 12.0k/100k tokens",
    );
    const low = render(<Footer state={state(85_000)} model="m" />).lastFrame() ?? "";
    expect(low).toContain("17% context left");
    expect(low).toContain("auto-compact will run soon");
  });
});

describe("CellView", () => {
  it("renders commands with status, patches with diffs, and plans as checklists", () => {
    const frameOf = (cell: Cell) => render(<CellView cell={cell} />).lastFrame();
    // A command cell with id "c" run in /r.
    const commandCell = (
      command: string[],
      output: string,
      exitCode: number,
      durationMs: number,
      status: "completed" | "failed",
    ) => frameOf({ kind: "command", id: "c", command, cwd: "/r", output, exitCode, durationMs, status });
    const command = commandCell(["bash", "-lc", "npm test"], "ok\n", 0, 1500, "completed");
    expect(command).toContain("✓ npm test (1.5s)");
    const failed = commandCell(["false"], "", 1, 10, "failed");
    expect(failed).toContain("✗ exit 1 false");
    const patch = frameOf({
      kind: "patch",
      id: "p",
      status: "applied",
      output: "",
      changes: [{ path: "/r/math.js", kind: "update", diff: "@@ -1 +1 @@\n-a - b\n+a + b" }],
    });
    expect(patch).toContain("✓ patch applied");
    expect(patch).toContain("M /r/math.js");
    expect(patch).toContain("+a + b");
    const plan = frameOf({
      kind: "plan",
      id: "pl",
      explanation: null,
      plan: [
        { step: "Fix", status: "completed" },
        { step: "Test", status: "in_progress" },
        { step: "Ship", status: "pending" },
      ],
    });
    expect(plan).toContain("✓ Fix");
    expect(plan).toContain("→ Test");
    expect(plan).toContain("□ Ship");
  });
});
