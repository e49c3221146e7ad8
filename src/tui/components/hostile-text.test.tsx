// The UI never passes terminal escapes from text it did not write (model text, command output,
// diffs, approval questions, file names, server errors) to the terminal, and hides the key.
import { render } from "ink-testing-library";
import React from "react";
import { describe, expect, it, vi } from "vitest";
import { hasTerminalControl, HOSTILE_TEXT, withoutSgr } from "../../util/__fixtures__/hostile-terminal-text.js";
import { ScreenTextContext, screenTextHiding } from "../screen-text.js";
import type { Cell } from "../state.js";
import { ApprovalPrompt } from "./ApprovalPrompt.js";
import { CellView } from "./CellView.js";
import { Composer } from "./Composer.js";
import { Pager } from "./Pager.js";
import { SelectList } from "./SelectList.js";

const KEY = "sk-ui-secret-0123456789";
const hostile = HOSTILE_TEXT;

/** The frame holds nothing a terminal acts on but colours (Ink's own). */
function expectInert(frame: string | undefined) {
  const text = withoutSgr(frame ?? "");
  expect(hasTerminalControl(text), JSON.stringify(text).slice(0, 500)).toBe(false);
  expect(frame).not.toContain("\u001b[31;1m"); // the hostile colour itself
  expect(text).toContain("<OSC 52 clipboard write (BEL)></OSC 52 clipboard write (BEL)>");
}

const cells: Cell[] = [
  { kind: "user", id: "u", text: hostile },
  { kind: "assistant", id: "a", text: `# Title\n\n${hostile}\n\n\`${hostile}\``, done: true },
  { kind: "assistant", id: "a2", text: hostile, done: false },
  { kind: "reasoning", id: "r", text: hostile, done: true },
  {
    kind: "command",
    id: "c",
    command: ["printf", hostile],
    cwd: "/r",
    output: hostile,
    exitCode: 0,
    durationMs: 5,
    status: "completed",
  },
  {
    kind: "patch",
    id: "p",
    status: "applied",
    output: hostile,
    changes: [{ path: `/r/${hostile}`, kind: "add", diff: `+${hostile}` }],
  },
  { kind: "plan", id: "pl", explanation: hostile, plan: [{ step: hostile, status: "in_progress" }] },
  { kind: "mcp", id: "m", server: "srv", tool: "t", status: "failed", error: hostile },
  { kind: "notice", id: "n", level: "error", text: hostile },
  { kind: "card", id: "k", title: "git diff", lines: hostile.split("\n") },
];

describe("the UI shows hostile text inert", () => {
  it.each(cells.map((cell) => [cell.kind, cell] as const))("%s cells", (_kind, cell) => {
    expectInert(render(<CellView cell={cell} />).lastFrame());
  });

  it("approval prompts, the pager, lists and file suggestions", async () => {
    expectInert(
      render(
        <ApprovalPrompt
          question={{ kind: "command", command: ["sh", "-c", hostile], cwd: "/r", reason: hostile }}
          onDecide={vi.fn()}
        />,
      ).lastFrame(),
    );
    expectInert(render(<Pager title="git diff" lines={hostile.split("\n")} onClose={vi.fn()} />).lastFrame());
    expectInert(
      render(
        <SelectList
          title="Sessions"
          items={[{ label: hostile.replace(/\n/g, " "), detail: "1m ago", value: "x" }]}
          onSelect={vi.fn()}
          onCancel={vi.fn()}
          height={40}
        />,
      ).lastFrame(),
    );
    const composer = render(
      <Composer
        running={false}
        files={[`evil-${hostile.replace(/\n/g, "")}.md`]}
        onSubmit={vi.fn()}
        onInterrupt={vi.fn()}
        onQuit={vi.fn()}
      />,
    );
    composer.stdin.write("@evil");
    await vi.waitFor(() => expect(composer.lastFrame()).toContain("@evil-"));
    expect(hasTerminalControl(withoutSgr(composer.lastFrame() ?? ""))).toBe(false);
  });

  it("in the app, the session's key is redacted too, even with escapes spliced into it", () => {
    const spliced = `${KEY.slice(0, 6)}\u001b[0m${KEY.slice(6)}`;
    const frame = render(
      <ScreenTextContext.Provider value={screenTextHiding([KEY])}>
        <CellView cell={{ kind: "assistant", id: "a", text: `the key is ${KEY}, or ${spliced}`, done: true }} />
        <CellView
          cell={{
            kind: "command",
            id: "c",
            command: ["cat", ".env"],
            cwd: "/r",
            output: `LITELLM_API_KEY=${KEY}\n`,
            exitCode: 0,
            durationMs: 1,
            status: "completed",
          }}
        />
      </ScreenTextContext.Provider>,
    ).lastFrame();
    expect(frame).not.toContain(KEY);
    expect(frame).toContain("the key is [REDACTED], or [REDACTED]");
    expect(frame).toContain("LITELLM_API_KEY=[REDACTED]");
  });
});
