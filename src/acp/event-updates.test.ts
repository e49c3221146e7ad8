import { describe, expect, it } from "vitest";
import type { SessionUpdate } from "@agentclientprotocol/sdk";
import { defProblems } from "../../test/support/acp-client.js";
import type { AgentEvent } from "../protocol/events.js";
import { successfulTurn } from "../headless/__fixtures__/scripted-events.js";
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
  it("exec's scripted turn (commands, a patch, the plan, an MCP call, usage) as ACP shows it", () => {
    const updates = translate([
      ...successfulTurn(),
      { type: "web_search", itemId: "ws1", query: "acp schema", action: null },
      { type: "warning", message: "the proxy is slow" },
    ]);
    expect(updates.filter((u) => u.sessionUpdate === "plan").at(-1)).toEqual({
      sessionUpdate: "plan",
      entries: [
        { content: "Create out.txt", priority: "medium", status: "completed" },
        { content: "Patch files", priority: "medium", status: "completed" },
      ],
    });
    const mcp = updates.filter((u) => "toolCallId" in u && u.toolCallId === "m1");
    expect(mcp).toEqual([
      expect.objectContaining({ sessionUpdate: "tool_call", title: "docs: search", status: "in_progress" }),
      expect.objectContaining({
        sessionUpdate: "tool_call_update",
        status: "completed",
        content: [{ type: "content", content: { type: "text", text: "```\nfound\n```" } }],
      }),
    ]);
    expect(updates.slice(-2)).toEqual([
      expect.objectContaining({ sessionUpdate: "tool_call", kind: "fetch", title: "Search the web: acp schema" }),
      { sessionUpdate: "notice", severity: "warning", title: "the proxy is slow" },
    ]);
    expect(updates.filter((u) => u.sessionUpdate === "usage_update").at(-1)).toMatchObject({
      cost: { currency: "USD" },
    });
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
