import type { CustomToolCallItem, FunctionCallItem, ResponseItem } from "../gateway/items.js";
import { GatewayError } from "../gateway/errors.js";
import { runTool } from "../tools/run-tool.js";
import type { Tool, ToolCall, ToolContext, ToolResult } from "../tools/tool.js";
import { errorMessage } from "../util/errors.js";
import { oversizeRefusal } from "./tool-call-limits.js";

export type ToolCallItem = FunctionCallItem | CustomToolCallItem;

export const isToolCall = (item: ResponseItem): item is ToolCallItem =>
  item.type === "function_call" || item.type === "custom_tool_call";

/**
 * Runs the model's call and returns the output item that answers it. A tool that throws answers
 * with its failure, so the model can react; an interrupt ends the turn instead.
 */
export async function runToolCall(tools: Tool[], item: ToolCallItem, ctx: ToolContext): Promise<ResponseItem> {
  const call: ToolCall =
    item.type === "custom_tool_call"
      ? { kind: "custom", callId: item.call_id, name: item.name, input: item.input }
      : { kind: "function", callId: item.call_id, name: item.name, arguments: item.arguments };
  let result: ToolResult;
  ctx.refreshSecrets?.();
  const refusal = oversizeRefusal(call.kind === "custom" ? call.input : call.arguments);
  try {
    result = refusal ? { output: refusal, success: false } : await runTool(tools, call, ctx);
  } catch (err) {
    if (ctx.signal.aborted) throw new GatewayError("aborted", "interrupted");
    result = { output: `tool ${call.name} failed: ${errorMessage(err)}`, success: false };
  }
  // What the model reads never carries a secret, whichever tool produced it (MCP tools, errors),
  // nor one saved while it ran.
  ctx.refreshSecrets?.();
  const output = ctx.redactor.text(result.output);
  if (call.kind === "custom") return { type: "custom_tool_call_output", call_id: call.callId, output };
  const items = result.contentItems?.map((item) =>
    item.type === "input_text" ? { ...item, text: ctx.redactor.text(item.text) } : item,
  );
  return { type: "function_call_output", call_id: call.callId, output: items ?? output };
}
