import type { Tool, ToolCall, ToolContext, ToolResult } from "./tool.js";

/**
 * Runs the model's call with the tool of that name: its arguments are parsed once here, so a
 * tool's `run` only ever sees arguments its schema accepted. An unknown name or bad arguments
 * become the answer the model gets; what the tool throws is left to the caller.
 */
export async function runTool(tools: readonly Tool[], call: ToolCall, ctx: ToolContext): Promise<ToolResult> {
  const tool = tools.find((t) => t.name === call.name);
  if (!tool) {
    return {
      output: `unsupported call: ${call.name}; available tools: ${tools.map((t) => t.name).join(", ")}`,
      success: false,
    };
  }
  const args = tool.parse(call);
  if (!args.ok) return args.result;
  return tool.run(args.value, ctx, call);
}
