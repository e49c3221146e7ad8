import { render } from "ink-testing-library";
import React from "react";
import { describe, expect, it, vi } from "vitest";
import type { ApprovalDecision } from "../../protocol/events.js";
import { initialState, type UiState } from "../state.js";
import { ApprovalPrompt } from "./ApprovalPrompt.js";
import { CellView } from "./CellView.js";
import { Composer } from "./Composer.js";
import { Footer } from "./Footer.js";
import { SelectList } from "./SelectList.js";

const tick = () => new Promise((r) => setTimeout(r, 20));
const ENTER = "\r";

async function typeInto(stdin: { write(s: string): void }, ...chunks: string[]) {
  for (const chunk of chunks) {
    stdin.write(chunk);
    await tick();
  }
}

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
    const onDecide = vi.fn<(d: ApprovalDecision) => void>();
    const { stdin, lastFrame } = render(
      <ApprovalPrompt
        question={{
          kind: "command",
          command: ["rm", "-rf", "build"],
          cwd: "/repo",
          reason: "not a known read-only command",
        }}
        onDecide={onDecide}
      />,
    );
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
    session: {
      sessionId: "s",
      model: "m",
      reasoningEffort: null,
      providerName: "LiteLLM",
      baseUrl: "http://x/v1",
      wireApi: "responses",
      cwd: "/",
      approvalPolicy: "never",
      sandboxMode: "read-only",
      contextWindow: { window: 100_000, source: "config" },
      rolloutPath: null,
    },
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
    const command = render(
      <CellView
        cell={{
          kind: "command",
          id: "c",
          command: ["bash", "-lc", "npm test"],
          cwd: "/r",
          output: "ok\n",
          exitCode: 0,
          durationMs: 1500,
          status: "completed",
        }}
      />,
    ).lastFrame();
    expect(command).toContain("✓ npm test (1.5s)");
    const failed = render(
      <CellView
        cell={{
          kind: "command",
          id: "c",
          command: ["false"],
          cwd: "/r",
          output: "",
          exitCode: 1,
          durationMs: 10,
          status: "failed",
        }}
      />,
    ).lastFrame();
    expect(failed).toContain("✗ exit 1 false");
    const patch = render(
      <CellView
        cell={{
          kind: "patch",
          id: "p",
          status: "applied",
          output: "",
          changes: [{ path: "/r/math.js", kind: "update", diff: "@@ -1 +1 @@\n-a - b\n+a + b" }],
        }}
      />,
    ).lastFrame();
    expect(patch).toContain("✓ patch applied");
    expect(patch).toContain("M /r/math.js");
    expect(patch).toContain("+a + b");
    const plan = render(
      <CellView
        cell={{
          kind: "plan",
          id: "pl",
          explanation: null,
          plan: [
            { step: "Fix", status: "completed" },
            { step: "Test", status: "in_progress" },
            { step: "Ship", status: "pending" },
          ],
        }}
      />,
    ).lastFrame();
    expect(plan).toContain("✓ Fix");
    expect(plan).toContain("→ Test");
    expect(plan).toContain("□ Ship");
  });
});
