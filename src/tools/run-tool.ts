import { truncateForHistory } from "./output-truncation.js";
import type { Tool, ToolCall, ToolContext, ToolResult } from "./tool.js";

/**
 * Runs the model's call with the tool of that name: its arguments are parsed once here, so a
 * tool's `run` only ever sees arguments its schema accepted. An unknown name or bad arguments
 * become the answer the model gets; what the tool throws is left to the caller. Under the model
 * catalog's truncation policy the answer is held to it (plus upstream's 20% allowance).
 */
export async function runTool(tools: readonly Tool[], call: ToolCall, ctx: ToolContext): Promise<ToolResult> {
  const result = await dispatch(tools, call, ctx);
  return ctx.truncation ? truncateForHistory(result, ctx.truncation) : result;
}

async function dispatch(tools: readonly Tool[], call: ToolCall, ctx: ToolContext): Promise<ToolResult> {
  const tool = tools.find((t) => t.name === call.name);
  // Upstream's answer to a tool it did not offer (a resumed older session's `shell`, a hallucinated name).
  if (!tool) return { output: `unsupported call: ${call.name}`, success: false };
  const args = tool.parse(call);
  if (!args.ok) return args.result;
  return tool.run(args.value, { ...ctx, toolName: call.name }, call);
}
