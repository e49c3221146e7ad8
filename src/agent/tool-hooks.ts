// PreToolUse and PostToolUse around one tool call, as upstream runs them (codex-rs/core hook_runtime.rs):
// shell-like tools are `Bash` with `{ "command": "<the command>" }`, apply_patch is `apply_patch`
// (matchers also accept `Write` and `Edit`) with the patch as its command, MCP tools keep their
// name and pass their arguments. Other tools (update_plan, write_stdin) run no hooks, as upstream.
import { callOutput, type ResponseItem } from "../gateway/items.js";
import { isMcpToolName } from "../mcp/names.js";
import { parseJsonObject, type JsonObject } from "../util/json.js";
import { shellJoin } from "../util/shell-quote.js";
import type { HookTool, SessionHooks, ToolHookInput } from "./hooks.js";
import type { ToolCallItem } from "./tool-call.js";

type Report = Parameters<SessionHooks["preToolUse"]>[1];

/** How a call looks to hooks, and how an `updatedInput` turns back into the call; null for tools without hooks. */
interface HookView {
  tool: HookTool;
  rewrite(updated: JsonObject): ToolCallItem | null;
}

function hookView(item: ToolCallItem): HookView | null {
  if (item.type === "custom_tool_call") {
    if (item.name !== "apply_patch") return null;
    return {
      tool: applyPatchTool(item.input),
      rewrite: (updated) => (typeof updated.command === "string" ? { ...item, input: updated.command } : null),
    };
  }
  const args = parseJsonObject(item.arguments);
  if (!args) return null;
  const withArgs = (next: JsonObject): ToolCallItem => ({ ...item, arguments: JSON.stringify(next) });
  const commandOf = (updated: JsonObject) => (typeof updated.command === "string" ? updated.command : null);
  switch (item.name) {
    case "shell_command":
    case "exec_command": {
      const key = item.name === "exec_command" ? "cmd" : "command";
      const command = args[key];
      if (typeof command !== "string") return null;
      return {
        tool: bashTool(command),
        rewrite: (updated) => {
          const next = commandOf(updated);
          return next === null ? null : withArgs({ ...args, [key]: next });
        },
      };
    }
    case "shell": {
      const argv = args.command;
      if (!Array.isArray(argv) || !argv.every((word) => typeof word === "string")) return null;
      return {
        tool: bashTool(shellJoin(argv)),
        rewrite: (updated) => {
          const next = commandOf(updated);
          return next === null ? null : withArgs({ ...args, command: ["bash", "-lc", next] });
        },
      };
    }
    case "apply_patch":
      if (typeof args.input !== "string") return null;
      return {
        tool: applyPatchTool(args.input),
        rewrite: (updated) => {
          const next = commandOf(updated);
          return next === null ? null : withArgs({ ...args, input: next });
        },
      };
    default:
      if (!isMcpToolName(item.name)) return null;
      return { tool: { name: item.name, aliases: [], input: args }, rewrite: (updated) => withArgs(updated) };
  }
}

/** How the call looks to hooks (PermissionRequest's `tool_name`/`tool_input`); null for tools without hooks. */
export const hookToolOf = (item: ToolCallItem): HookTool | null => hookView(item)?.tool ?? null;

const bashTool = (command: string): HookTool => ({ name: "Bash", aliases: [], input: { command } });
const applyPatchTool = (patch: string): HookTool => ({
  name: "apply_patch",
  aliases: ["Write", "Edit"],
  input: { command: patch },
});

export interface HookedCallResult {
  output: ResponseItem;
  /** `additionalContext` from the hooks, for the model after the output. */
  contexts: string[];
  /** A PostToolUse hook said `continue: false`: the turn ends after this output. */
  stop: boolean;
}

/** Upstream's answer for a call a PreToolUse hook blocked (the call never runs). */
function blockedMessage(tool: HookTool, reason: string): string {
  const command = tool.input.command;
  return (tool.name === "Bash" || tool.name === "apply_patch") && typeof command === "string"
    ? `Command blocked by PreToolUse hook: ${reason}. Command: ${command}`
    : `Tool call blocked by PreToolUse hook: ${reason}. Tool: ${tool.name}`;
}

function outputOf(item: ToolCallItem, text: string): ResponseItem {
  return callOutput(item, text);
}

/** What the tool answered, as hooks get it in `tool_response`. */
function responseOf(output: ResponseItem): unknown {
  if (output.type === "custom_tool_call_output") return output.output;
  return output.type === "function_call_output" ? output.output : null;
}

/**
 * Runs the call between its PreToolUse and PostToolUse hooks: a block answers the model with
 * upstream's message instead of running it; a PostToolUse block or stop replaces what the model reads.
 */
export async function runHookedToolCall(
  hooks: SessionHooks | null | undefined,
  base: Omit<ToolHookInput, "tool" | "tool_use_id">,
  report: Report,
  run: (item: ToolCallItem) => Promise<ResponseItem>,
  item: ToolCallItem,
  signal: AbortSignal,
): Promise<HookedCallResult> {
  const view = hooks ? hookView(item) : null;
  if (!hooks || !view) return { output: await run(item), contexts: [], stop: false };
  const input = { ...base, tool: view.tool, tool_use_id: item.call_id };
  const pre = await hooks.preToolUse(input, report, signal);
  if (pre.blockReason !== null)
    return { output: outputOf(item, blockedMessage(view.tool, pre.blockReason)), contexts: pre.contexts, stop: false };
  const rewritten = pre.updatedInput ? view.rewrite(pre.updatedInput) : null;
  const called = rewritten ?? item;
  const tool = rewritten && pre.updatedInput ? { ...view.tool, input: pre.updatedInput } : view.tool;
  const output = await run(called);
  if (signal.aborted) return { output, contexts: pre.contexts, stop: false };
  const post = await hooks.postToolUse({ ...input, tool, tool_response: responseOf(output) }, report, signal);
  const contexts = [...pre.contexts, ...post.contexts];
  if (post.feedback.length === 0) return { output, contexts, stop: post.stop };
  return { output: outputOf(item, post.feedback.join("\n\n")), contexts, stop: post.stop };
}
