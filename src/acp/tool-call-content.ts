// What an ACP tool call shows: its title, kind, locations and content (diffs for patches, the
// command and its output for commands), for the begin events and for permission questions.
import type { ToolCallContent, ToolKind } from "@agentclientprotocol/sdk";
import type { FileChange } from "../protocol/events.js";
import type { ApprovalQuestion } from "../tools/tool.js";
import { displayCommand } from "../util/shell-quote.js";

export interface ToolCallShape {
  title: string;
  kind: ToolKind & ("execute" | "edit" | "other");
  content: ToolCallContent[];
  rawInput: unknown;
  locations?: { path: string }[];
  _meta?: Record<string, unknown>;
}

/** Text in a fenced block, the fence longer than any backtick run inside. */
export function outputBlock(text: string): ToolCallContent {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return { type: "content", content: { type: "text", text: `${fence}\n${text.replace(/\n$/, "")}\n${fence}` } };
}

export function commandToolCall(
  event: { callId: string; command: string[]; cwd: string },
  terminalOutput: boolean,
): ToolCallShape {
  return {
    title: displayCommand(event.command),
    kind: "execute",
    rawInput: { command: event.command, cwd: event.cwd },
    content: terminalOutput ? [{ type: "terminal", terminalId: event.callId }] : [],
    ...(terminalOutput && { _meta: { terminal_info: { terminal_id: event.callId, cwd: event.cwd } } }),
  };
}

export function patchToolCall(changes: FileChange[]): ToolCallShape {
  const paths = changes.map((c) => c.movePath ?? c.path);
  return {
    title: `Edit ${paths.join(", ")}`,
    kind: "edit",
    rawInput: {
      changes: changes.map((c) => ({ path: c.path, kind: c.kind, ...(c.movePath && { move_path: c.movePath }) })),
    },
    locations: paths.map((path) => ({ path })),
    content: changes.map((c) => ({
      type: "diff",
      path: c.movePath ?? c.path,
      oldText: c.kind === "add" ? null : (c.oldText ?? null),
      newText: c.kind === "delete" ? "" : (c.newText ?? ""),
    })),
  };
}

/** The tool call a permission question is about, before it runs. */
export function questionToolCall(question: ApprovalQuestion): ToolCallShape {
  const shape = toolCallAsked(question);
  return question.agent ? { ...shape, title: `${shape.title} (agent ${question.agent})` } : shape;
}

function toolCallAsked(question: ApprovalQuestion): ToolCallShape {
  if (question.kind === "patch") return patchToolCall(question.changes ?? []);
  if (question.kind === "mcp" && question.mcp)
    return {
      title: `${question.mcp.server}: ${question.mcp.tool}`,
      kind: "other",
      content: [],
      rawInput: question.mcp.arguments,
    };
  const command = question.command ?? [];
  return {
    title: displayCommand(command),
    kind: "execute",
    rawInput: { command, cwd: question.cwd },
    content: [],
  };
}

/** The text blocks of an MCP tool's result. */
export function mcpResultText(result: unknown): string {
  if (typeof result !== "object" || result === null || !("content" in result) || !Array.isArray(result.content))
    return "";
  return result.content
    .flatMap((block: unknown) =>
      typeof block === "object" && block !== null && "text" in block && typeof block.text === "string"
        ? [block.text]
        : [],
    )
    .join("\n");
}
