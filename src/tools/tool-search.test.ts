import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PreservedItem } from "../gateway/items.js";
import { functionTool } from "./function-tool.js";
import { isDeferred, namespacedToolName, toolSearchOutput } from "./tool-search.js";
import type { Tool } from "./tool.js";

const tool = (name: string, description: string, namespace?: string): Tool => {
  const t = functionTool({
    name,
    description,
    parameters: z.object({ text: z.string().describe("what to send") }),
    run: () => Promise.resolve({ output: "", success: true }),
  });
  return namespace ? { ...t, namespace: { name: namespace, description: "Agents." } } : t;
};
const TOOLS = [
  tool("exec_command", "Runs a command."),
  tool("mcp__docs__echo", "Echoes the text back."),
  tool("mcp__docs__add", "Adds two numbers."),
  tool("mcp__mail__send_mail", "Sends an email message."),
  tool("spawn_agent", "Spawn a sub-agent for a well-scoped task.", "multi_agent_v1"),
];
const CTX = { approvalPolicy: "never" as const };
const search = (args: unknown, callId = "c1") =>
  toolSearchOutput(new PreservedItem({ type: "tool_search_call", call_id: callId, arguments: args }), TOOLS, CTX).raw;

describe("tool_search", () => {
  it("defers the subagent namespace and MCP tools, never the others", () => {
    expect(TOOLS.filter(isDeferred).map((t) => t.name)).toEqual([
      "mcp__docs__echo",
      "mcp__docs__add",
      "mcp__mail__send_mail",
      "spawn_agent",
    ]);
  });

  it("answers with the matching tools in their namespaces, deferred, under the call's id", () => {
    const out = search({ query: "email message" }, "call-7");
    expect(out).toMatchObject({
      type: "tool_search_output",
      call_id: "call-7",
      status: "completed",
      execution: "client",
    });
    expect(out.tools).toEqual([
      {
        type: "namespace",
        name: "mcp__mail",
        description: "Tools in the mcp__mail namespace.",
        tools: [expect.objectContaining({ type: "function", name: "send_mail", strict: false, defer_loading: true })],
      },
    ]);
  });

  it("holds to the limit (default 8), and finds nothing for an empty query or a zero limit", () => {
    const all = search({ query: "text" }).tools as { tools: unknown[] }[];
    expect(all.flatMap((ns) => ns.tools)).toHaveLength(4);
    const one = search(JSON.stringify({ query: "text", limit: 1 })).tools as { tools: unknown[] }[];
    expect(one.flatMap((ns) => ns.tools)).toHaveLength(1);
    expect(search({ query: "  " }).tools).toEqual([]);
    expect(search({ query: "text", limit: 0 }).tools).toEqual([]);
  });

  it("a call in an MCP namespace names its tool; a plain or subagent call keeps its name", () => {
    expect(namespacedToolName("mcp__docs", "echo", TOOLS)).toBe("mcp__docs__echo");
    expect(namespacedToolName("multi_agent_v1", "spawn_agent", TOOLS)).toBe("spawn_agent");
    expect(namespacedToolName(undefined, "exec_command", TOOLS)).toBe("exec_command");
    // An MCP tool named like one of ours: the namespace decides, not the bare name.
    const shadow = { ...tool("mcp__box__exec_command", "Runs in a box."), namespacedName: "exec_command" };
    const withShadow = [...TOOLS, { ...shadow, namespace: { name: "mcp__box", description: "Box." } }];
    expect(namespacedToolName("mcp__box", "exec_command", withShadow)).toBe("mcp__box__exec_command");
  });
});
