import { describe, expect, it } from "vitest";
import type { AgentEvent } from "../protocol/events.js";
import {
  commandEnd,
  CWD,
  failedTurn,
  SESSION_ID,
  sessionConfigured,
  successfulTurn,
  usage,
  SUCCESSFUL_TURN_SUMMARY,
} from "./__fixtures__/scripted-events.js";
import { ExecEventMapper, JsonlRenderer } from "./jsonl-renderer.js";

function render(events: AgentEvent[], options = {}) {
  let out = "";
  const renderer = new JsonlRenderer({ write: (chunk: string) => (out += chunk) }, options);
  for (const event of events) renderer.handle(event);
  const summary = renderer.finish();
  return { out, lines: out.split("\n").slice(0, -1), summary };
}

describe("JsonlRenderer", () => {
  it("writes upstream's events, ids and field order for a full turn", () => {
    const { out, lines, summary } = render(successfulTurn());
    expect(out.endsWith("\n")).toBe(true);
    const todo1 = '[{"text":"Create out.txt","completed":false},{"text":"Patch files","completed":false}]';
    const todo2 = '[{"text":"Create out.txt","completed":true},{"text":"Patch files","completed":true}]';
    const changes = `[{"path":"${CWD}/README.md","kind":"update"},{"path":"${CWD}/hello.txt","kind":"add"}]`;
    expect(lines).toEqual([
      `{"type":"thread.started","thread_id":"${SESSION_ID}"}`,
      '{"type":"item.completed","item":{"id":"item_0","type":"error","message":"Model metadata for `some-model` not found."}}',
      '{"type":"turn.started"}',
      `{"type":"item.started","item":{"id":"item_1","type":"todo_list","items":${todo1}}}`,
      '{"type":"item.completed","item":{"id":"item_2","type":"reasoning","text":"**Planning**"}}',
      `{"type":"item.started","item":{"id":"item_3","type":"command_execution","command":"/bin/bash -lc 'echo hi > out.txt'","aggregated_output":"","exit_code":null,"status":"in_progress"}}`,
      `{"type":"item.completed","item":{"id":"item_3","type":"command_execution","command":"/bin/bash -lc 'echo hi > out.txt'","aggregated_output":"done\\n","exit_code":0,"status":"completed"}}`,
      `{"type":"item.started","item":{"id":"item_4","type":"file_change","changes":${changes},"status":"in_progress"}}`,
      `{"type":"item.completed","item":{"id":"item_4","type":"file_change","changes":${changes},"status":"completed"}}`,
      `{"type":"item.updated","item":{"id":"item_1","type":"todo_list","items":${todo2}}}`,
      '{"type":"item.started","item":{"id":"item_5","type":"mcp_tool_call","server":"docs","tool":"search","arguments":{"q":"codex"},"result":null,"error":null,"status":"in_progress"}}',
      '{"type":"item.completed","item":{"id":"item_5","type":"mcp_tool_call","server":"docs","tool":"search","arguments":{"q":"codex"},"result":{"content":[{"type":"text","text":"found"}],"structured_content":null},"error":null,"status":"completed"}}',
      '{"type":"item.completed","item":{"id":"item_6","type":"agent_message","text":"Created out.txt with hi."}}',
      `{"type":"item.completed","item":{"id":"item_1","type":"todo_list","items":${todo2}}}`,
      '{"type":"turn.completed","usage":{"input_tokens":29700,"cached_input_tokens":14849,"cache_write_input_tokens":0,"output_tokens":36,"reasoning_output_tokens":9}}',
    ]);
    expect(summary).toEqual(SUCCESSFUL_TURN_SUMMARY);
  });

  it("reports a failed command, reconnects, then the error and the failed turn (upstream's top-level error first)", () => {
    const { lines, summary } = render(failedTurn());
    expect(lines).toEqual([
      `{"type":"thread.started","thread_id":"${SESSION_ID}"}`,
      '{"type":"turn.started"}',
      '{"type":"item.started","item":{"id":"item_0","type":"command_execution","command":"false","aggregated_output":"","exit_code":null,"status":"in_progress"}}',
      '{"type":"item.completed","item":{"id":"item_0","type":"command_execution","command":"false","aggregated_output":"","exit_code":1,"status":"failed"}}',
      '{"type":"error","message":"Reconnecting... 2/5 (stream closed before response.completed)"}',
      '{"type":"error","message":"stream disconnected: upstream returned 502"}',
      '{"type":"turn.failed","error":{"message":"stream disconnected: upstream returned 502"}}',
    ]);
    expect(summary).toEqual({
      sessionId: SESSION_ID,
      finalMessage: null,
      outcome: "failed",
      errorMessage: "stream disconnected: upstream returned 502",
    });
  });

  it("passes structured output through as the agent message text", () => {
    const json = '{"answer":42,"files":["a.ts"]}';
    const { lines, summary } = render([
      sessionConfigured(),
      { type: "turn_started", turnId: "t" },
      { type: "agent_message", itemId: "a", text: json },
      { type: "turn_completed", turnId: "t", usage: usage(10, 0, 5, 0), lastAgentMessage: json },
    ]);
    expect(JSON.parse(lines[2]!)).toEqual({
      type: "item.completed",
      item: { id: "item_0", type: "agent_message", text: json },
    });
    expect(summary.finalMessage).toBe(json);
  });

  it("uses the turn's usage when no token_count came, and accumulated output when the end has none", () => {
    const { lines } = render([
      sessionConfigured(),
      { type: "turn_started", turnId: "t" },
      { type: "command_begin", callId: "c", command: ["sh", "-c", "echo a; echo b"], cwd: CWD },
      { type: "command_output", callId: "c", stream: "stdout", chunk: "a\n" },
      { type: "command_output", callId: "c", stream: "stderr", chunk: "b\n" },
      commandEnd("c", ["sh", "-c", "echo a; echo b"], 0, "", 3, "completed"),
      { type: "turn_completed", turnId: "t", usage: usage(100, 40, 7, 2), lastAgentMessage: null },
    ]);
    // Output deltas are not streamed as item.updated (as upstream 0.169).
    expect(lines.map((l) => JSON.parse(l).type)).toEqual([
      "thread.started",
      "turn.started",
      "item.started",
      "item.completed",
      "turn.completed",
    ]);
    expect(JSON.parse(lines[3]!).item).toMatchObject({
      command: "sh -c 'echo a; echo b'",
      aggregated_output: "a\nb\n",
    });
    expect(JSON.parse(lines[4]!).usage).toEqual({
      input_tokens: 100,
      cached_input_tokens: 40,
      cache_write_input_tokens: 0,
      output_tokens: 7,
      reasoning_output_tokens: 2,
    });
  });

  it("marks declined commands, failed patches and failed MCP calls", () => {
    const mapper = new ExecEventMapper({ cwd: "/r" });
    const items = [
      { type: "command_begin", callId: "c", command: ["rm", "-rf", "/"], cwd: "/r" },
      commandEnd("c", ["rm", "-rf", "/"], null, "", 0, "declined"),
      {
        type: "patch_begin",
        callId: "p",
        changes: [
          { path: "b.txt", kind: "delete" },
          { path: "a.txt", kind: "update" },
        ],
      },
      { type: "patch_end", callId: "p", success: false, output: "", changes: [] },
      { type: "mcp_call_begin", callId: "m", server: "s", tool: "t", arguments: undefined },
      { type: "mcp_call_end", callId: "m", server: "s", tool: "t", arguments: undefined, result: null, error: "boom" },
    ] satisfies AgentEvent[];
    const out = items.flatMap((e) => mapper.map(e));
    expect(out[1]).toEqual({
      type: "item.completed",
      item: {
        id: "item_0",
        type: "command_execution",
        command: "rm -rf /",
        aggregated_output: "",
        exit_code: null,
        status: "declined",
      },
    });
    expect(out[3]).toEqual({
      type: "item.completed",
      item: {
        id: "item_1",
        type: "file_change",
        changes: [
          { path: "/r/a.txt", kind: "update" },
          { path: "/r/b.txt", kind: "delete" },
        ],
        status: "failed",
      },
    });
    expect(out[5]).toEqual({
      type: "item.completed",
      item: {
        id: "item_2",
        type: "mcp_tool_call",
        server: "s",
        tool: "t",
        arguments: null,
        result: null,
        error: { message: "boom" },
        status: "failed",
      },
    });
  });

  it("closes the todo list when the turn ends; on interrupt prints no turn event and leaves running commands open, as upstream 0.171", () => {
    const { lines, summary } = render([
      sessionConfigured(),
      { type: "turn_started", turnId: "t" },
      { type: "plan_update", explanation: null, plan: [{ step: "one", status: "in_progress" }] },
      { type: "command_begin", callId: "c", command: ["sleep", "100"], cwd: CWD },
      { type: "turn_aborted", turnId: "t", reason: "interrupted" },
    ]);
    expect(lines.slice(4)).toEqual([
      '{"type":"item.completed","item":{"id":"item_0","type":"todo_list","items":[{"text":"one","completed":false}]}}',
    ]);
    expect(summary.outcome).toBe("aborted");
  });

  it("starts a new todo list in the next turn and skips empty reasoning", () => {
    const mapper = new ExecEventMapper();
    const plan: AgentEvent = { type: "plan_update", explanation: null, plan: [{ step: "x", status: "pending" }] };
    const events: AgentEvent[] = [
      plan,
      { type: "reasoning", itemId: "r", text: "   " },
      { type: "turn_completed", turnId: "t", usage: usage(1, 0, 1, 0), lastAgentMessage: null },
      plan,
    ];
    const out = events.flatMap((e) => mapper.map(e));
    expect(out.map((e) => [e.type, "item" in e ? e.item.id : null])).toEqual([
      ["item.started", "item_0"],
      ["item.completed", "item_0"],
      ["turn.completed", null],
      ["item.started", "item_1"],
    ]);
  });

  it("reports an incomplete run when no turn ended", () => {
    expect(render([sessionConfigured()]).summary).toEqual({
      sessionId: SESSION_ID,
      finalMessage: null,
      outcome: "incomplete",
      errorMessage: null,
    });
  });
});
