import { describe, expect, it } from "vitest";
import type { AgentEvent } from "../protocol/events.js";
import { initialState, reduce, type UiState } from "./state.js";

const run = (events: AgentEvent[], from: UiState = initialState) => events.reduce(reduce, from);

describe("UI state", () => {
  it("shows what a hook said as transcript lines (a failure as an error), and nothing for a silent hook", () => {
    const s = run([
      {
        type: "hook_completed",
        event: "Stop",
        command: "status.py",
        entries: [{ kind: "warning", text: "\nrouted: gpt-x  spend: $0.01" }],
      },
      {
        type: "hook_completed",
        event: "Stop",
        command: "slow.sh",
        entries: [{ kind: "error", text: "hook timed out after 1s" }],
      },
      { type: "hook_completed", event: "Stop", command: "quiet.sh", entries: [] },
    ]);
    expect([...s.committed, ...s.live].map((c) => (c.kind === "notice" ? [c.level, c.text] : c.kind))).toEqual([
      ["info", "Stop hook: routed: gpt-x  spend: $0.01"],
      ["error", "Stop hook failed: hook timed out after 1s"],
    ]);
  });

  it("streams a message into one live cell, then commits it when done", () => {
    const streaming = run([
      { type: "turn_started", turnId: "t" },
      { type: "agent_message_delta", itemId: "m1", delta: "Hel" },
      { type: "agent_message_delta", itemId: "m1", delta: "lo" },
    ]);
    expect(streaming.live).toEqual([{ kind: "assistant", id: "m1", text: "Hello", done: false }]);
    expect(streaming.committed).toEqual([]);
    const done = run([{ type: "agent_message", itemId: "m1", text: "Hello!" }], streaming);
    expect(done.live).toEqual([]);
    expect(done.committed).toEqual([{ kind: "assistant", id: "m1", text: "Hello!", done: true }]);
  });

  it("keeps finished cells live while an earlier one still runs (order is preserved)", () => {
    const s = run([
      { type: "command_begin", callId: "c1", command: ["sleep", "1"], cwd: "/" },
      { type: "plan_update", explanation: null, plan: [{ step: "x", status: "pending" }] },
    ]);
    expect(s.committed).toEqual([]);
    expect(s.live.map((c) => c.kind)).toEqual(["command", "plan"]);
    const after = run(
      [
        {
          type: "command_end",
          callId: "c1",
          command: ["sleep", "1"],
          exitCode: 0,
          aggregatedOutput: "",
          durationMs: 1000,
          status: "completed",
        },
      ],
      s,
    );
    expect(after.committed.map((c) => c.kind)).toEqual(["command", "plan"]);
    expect(after.live).toEqual([]);
  });

  it("write_stdin to a background terminal: what was typed, and one line for consecutive waits (as upstream)", () => {
    const interaction = (stdin: string): AgentEvent => ({
      type: "terminal_interaction",
      callId: "c1",
      processId: 1000,
      command: "python3 -i",
      stdin,
    });
    const s = run([interaction("print(1)\nprint(2)\n"), interaction(""), interaction(""), interaction("quit()\n")]);
    expect([...s.committed, ...s.live].map((c) => (c.kind === "interaction" ? c.stdin : c.kind))).toEqual([
      "print(1)\nprint(2)\n",
      "",
      "quit()\n",
    ]);
  });

  it("an interrupt closes open cells and says so; token counts feed the gauge", () => {
    const s = run([
      { type: "turn_started", turnId: "t" },
      { type: "agent_message_delta", itemId: "m", delta: "partial" },
      {
        type: "token_count",
        last: {
          input_tokens: 10,
          cached_input_tokens: 0,
          output_tokens: 5,
          reasoning_output_tokens: 0,
          total_tokens: 15,
        },
        total: {
          input_tokens: 10,
          cached_input_tokens: 0,
          output_tokens: 5,
          reasoning_output_tokens: 0,
          total_tokens: 15,
        },
        contextWindow: 100,
        tokensInContext: 15,
        percentLeft: 80,
      },
      { type: "turn_aborted", turnId: "t", reason: "interrupted" },
    ]);
    expect(s.running).toBe(false);
    expect(s.tokensInContext).toBe(15);
    expect(s.committed.map((c) => c.kind)).toEqual(["assistant", "notice"]);
  });

  it("a retried response drops the text it had streamed and says so", () => {
    const s = run([
      { type: "turn_started", turnId: "t" },
      { type: "agent_message_delta", itemId: "m1", delta: "Half an ans" },
      { type: "retrying", attempt: 1, maxAttempts: 5, delayMs: 200, reason: "stream closed early" },
      { type: "agent_message_delta", itemId: "m2", delta: "Whole answer" },
    ]);
    expect(s.committed).toEqual([
      expect.objectContaining({
        kind: "notice",
        text: "Reconnecting… 1/5: stream closed early; the partial answer was discarded and is being retried",
      }),
    ]);
    expect(s.live).toEqual([{ kind: "assistant", id: "m2", text: "Whole answer", done: false }]);
  });
});
