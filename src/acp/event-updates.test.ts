import { describe, expect, it } from "vitest";
import type { SessionUpdate } from "@agentclientprotocol/sdk";
import { defProblems } from "../../test/support/acp-client.js";
import type { AgentEvent } from "../protocol/events.js";
import { EventUpdates } from "./event-updates.js";

const display = {
  terminalOutput: false,
  compaction: false,
  notices: true,
  hideReasoning: false,
  fs: { readTextFile: false, writeTextFile: false },
};

function translate(events: AgentEvent[], options = display): SessionUpdate[] {
  const updates = new EventUpdates(options);
  const out = events.flatMap((event) => updates.updates(event));
  for (const update of out) expect(defProblems("SessionUpdate", update)).toEqual([]);
  return out;
}

describe("EventUpdates", () => {
  it("the plan, an MCP call, a web search and a warning as ACP shows them", () => {
    const updates = translate([
      {
        type: "plan_update",
        explanation: null,
        plan: [
          { step: "Read", status: "completed" },
          { step: "Fix", status: "in_progress" },
        ],
      },
      { type: "mcp_call_begin", callId: "m1", server: "docs", tool: "search", arguments: { q: "x" } },
      {
        type: "mcp_call_end",
        callId: "m1",
        server: "docs",
        tool: "search",
        arguments: { q: "x" },
        result: { content: [{ type: "text", text: "found it" }] },
        error: null,
      },
      { type: "web_search", itemId: "ws1", query: "acp schema", action: null },
      { type: "warning", message: "the proxy is slow" },
    ]);
    expect(updates).toEqual([
      {
        sessionUpdate: "plan",
        entries: [
          { content: "Read", priority: "medium", status: "completed" },
          { content: "Fix", priority: "medium", status: "in_progress" },
        ],
      },
      expect.objectContaining({
        sessionUpdate: "tool_call",
        toolCallId: "m1",
        title: "docs: search",
        status: "in_progress",
      }),
      expect.objectContaining({
        sessionUpdate: "tool_call_update",
        toolCallId: "m1",
        status: "completed",
        content: [{ type: "content", content: { type: "text", text: "```\nfound it\n```" } }],
      }),
      expect.objectContaining({ sessionUpdate: "tool_call", kind: "fetch", title: "Search the web: acp schema" }),
      { sessionUpdate: "notice", severity: "warning", title: "the proxy is slow" },
    ]);
  });

  it("streamed text is not sent again whole; reasoning is hidden when asked; a cancel ends what runs", () => {
    const events: AgentEvent[] = [
      { type: "reasoning_delta", itemId: "r1", delta: "think" },
      { type: "reasoning", itemId: "r1", text: "think" },
      { type: "agent_message_delta", itemId: "a1", delta: "Hel" },
      { type: "agent_message_delta", itemId: "a1", delta: "lo" },
      { type: "agent_message", itemId: "a1", text: "Hello" },
      { type: "command_begin", callId: "c1", command: ["bash", "-lc", "sleep 9"], cwd: "/repo" },
      { type: "turn_aborted", turnId: "t1", reason: "interrupted" },
    ];
    const kinds = translate(events).map((u) => u.sessionUpdate);
    expect(kinds).toEqual([
      "agent_thought_chunk",
      "agent_message_chunk",
      "agent_message_chunk",
      "tool_call",
      "tool_call_update",
    ]);
    const hidden = translate(events, { ...display, hideReasoning: true });
    expect(hidden.map((u) => u.sessionUpdate)).not.toContain("agent_thought_chunk");
    expect(hidden.at(-1)).toEqual({ sessionUpdate: "tool_call_update", toolCallId: "c1", status: "failed" });
    expect(hidden.find((u) => u.sessionUpdate === "tool_call")).toMatchObject({ title: "sleep 9", kind: "execute" });
  });
});
