// The exec --json schema accepts what upstream Codex 0.169 printed and what our JSONL renderer
// prints, and rejects malformed lines.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { AgentEvent } from "../../src/protocol/events.js";
import {
  failedTurn,
  sessionConfigured,
  successfulTurn,
  usage,
} from "../../src/headless/__fixtures__/scripted-events.js";
import { JsonlRenderer } from "../../src/headless/jsonl-renderer.js";
import { assertValidExecEvents, validateExecEvent, validateExecEvents } from "./validate.js";

function sampleLines(name: string): string[] {
  const text = readFileSync(new URL(`./upstream-samples/${name}`, import.meta.url), "utf8");
  return text.split("\n").filter((line) => line.trim() !== "");
}

function rendered(events: AgentEvent[]): string[] {
  let out = "";
  const renderer = new JsonlRenderer({ write: (chunk: string) => (out += chunk) });
  for (const event of events) renderer.handle(event);
  renderer.finish();
  expect(out.endsWith("\n")).toBe(true);
  return out.slice(0, -1).split("\n");
}

describe("exec --json schema", () => {
  it.each(["exec-json-one-shell.jsonl", "exec-json-apply-patch.jsonl"])(
    "accepts every line of upstream's %s",
    (name) => {
      const lines = sampleLines(name);
      expect(lines.length).toBeGreaterThan(5);
      const result = validateExecEvents(lines);
      expect(result.errors).toEqual([]);
      expect(result.ok).toBe(true);
    },
  );

  it("accepts what the JSONL renderer writes for a scripted successful turn", () => {
    const lines = rendered(successfulTurn());
    const types = lines.map(
      (l) => (JSON.parse(l) as { type: string; item?: { type: string } }).item?.type ?? JSON.parse(l).type,
    );
    for (const kind of [
      "todo_list",
      "reasoning",
      "command_execution",
      "file_change",
      "mcp_tool_call",
      "agent_message",
      "error",
      "turn.completed",
    ]) {
      expect(types).toContain(kind);
    }
    expect(lines.some((l) => l.includes('"type":"item.updated"'))).toBe(true);
    assertValidExecEvents(lines);
  });

  it("accepts what the JSONL renderer writes for failures, declines, interrupts and structured output", () => {
    assertValidExecEvents(rendered(failedTurn()));
    assertValidExecEvents(
      rendered([
        sessionConfigured(),
        { type: "turn_started", turnId: "t" },
        { type: "command_begin", callId: "c", command: ["rm", "x"], cwd: "/r" },
        {
          type: "command_end",
          callId: "c",
          command: ["rm", "x"],
          exitCode: null,
          aggregatedOutput: "",
          durationMs: 0,
          status: "declined",
        },
        { type: "patch_begin", callId: "p", changes: [{ path: "gone.txt", kind: "delete" }] },
        { type: "patch_end", callId: "p", success: false, output: "no such file", changes: [] },
        { type: "mcp_call_begin", callId: "m", server: "s", tool: "t", arguments: null },
        { type: "mcp_call_end", callId: "m", server: "s", tool: "t", arguments: null, result: null, error: "timeout" },
        { type: "agent_message", itemId: "a", text: '{"ok":true}' },
        { type: "turn_completed", turnId: "t", usage: usage(5, 1, 2, 0), lastAgentMessage: '{"ok":true}' },
        { type: "turn_started", turnId: "t2" },
        { type: "plan_update", explanation: null, plan: [{ step: "s", status: "pending" }] },
        { type: "command_begin", callId: "c2", command: ["sleep", "9"], cwd: "/r" },
        { type: "turn_aborted", turnId: "t2", reason: "interrupted" },
      ]),
    );
  });

  describe("rejects invalid lines", () => {
    const good = {
      type: "item.completed",
      item: {
        id: "item_1",
        type: "command_execution",
        command: "ls",
        aggregated_output: "",
        exit_code: 0,
        status: "completed",
      },
    };
    const goodUsage = {
      input_tokens: 1,
      cached_input_tokens: 0,
      cache_write_input_tokens: 0,
      output_tokens: 1,
      reasoning_output_tokens: 0,
    };

    it("accepts the unmutated baseline", () => {
      expect(validateExecEvent(good)).toBeNull();
      expect(validateExecEvent({ type: "turn.completed", usage: goodUsage })).toBeNull();
    });

    const cases: [string, unknown][] = [
      ["a missing item field", { ...good, item: { ...good.item, aggregated_output: undefined } }],
      ["a bad command status", { ...good, item: { ...good.item, status: "done" } }],
      [
        "a bad file_change status",
        { type: "item.started", item: { id: "item_0", type: "file_change", changes: [], status: "declined" } },
      ],
      [
        "a bad change kind",
        {
          type: "item.started",
          item: { id: "item_0", type: "file_change", changes: [{ path: "/a", kind: "rename" }], status: "in_progress" },
        },
      ],
      ["a non-integer exit code", { ...good, item: { ...good.item, exit_code: "0" } }],
      ["an unknown item type", { ...good, item: { id: "item_1", type: "shell", text: "x" } }],
      ["an unknown event type", { type: "turn.finished" }],
      ["a missing thread_id", { type: "thread.started" }],
      ["an unexpected property", { type: "turn.started", extra: 1 }],
      ["a malformed item id", { ...good, item: { ...good.item, id: "itm_1" } }],
      [
        "a missing usage field",
        { type: "turn.completed", usage: { ...goodUsage, reasoning_output_tokens: undefined } },
      ],
      ["a negative token count", { type: "turn.completed", usage: { ...goodUsage, output_tokens: -1 } }],
      ["a turn.failed without message", { type: "turn.failed", error: {} }],
      [
        "a todo item without completed",
        { type: "item.updated", item: { id: "item_2", type: "todo_list", items: [{ text: "a" }] } },
      ],
      [
        "an mcp result without content",
        {
          type: "item.completed",
          item: {
            id: "item_3",
            type: "mcp_tool_call",
            server: "s",
            tool: "t",
            arguments: null,
            result: { structured_content: null },
            error: null,
            status: "completed",
          },
        },
      ],
      ["an error event without message", { type: "error" }],
    ];
    it.each(cases)("rejects %s", (_name, event) => {
      const line = JSON.stringify(event);
      const result = validateExecEvents([line]);
      expect(result.ok).toBe(false);
      expect(result.errors[0]?.index).toBe(0);
    });

    it("rejects lines that are not JSON and names the line", () => {
      const result = validateExecEvents(['{"type":"turn.started"}', "Reading additional input from stdin...", ""]);
      expect(result.errors.map((e) => e.index)).toEqual([1, 2]);
      expect(() => assertValidExecEvents(["not json"])).toThrow(/line 1: not JSON/);
    });

    it("rejects a mutated upstream sample line", () => {
      const lines = sampleLines("exec-json-apply-patch.jsonl");
      const mutated = lines.map((l) => l.replace('"status": "completed"', '"status": "succeeded"'));
      const result = validateExecEvents(mutated);
      expect(result.ok).toBe(false);
      expect(result.errors.length).toBeGreaterThan(0);
    });
  });
});
