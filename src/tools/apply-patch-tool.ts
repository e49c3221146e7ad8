// The apply_patch tool as the session lists it: its spec and argument parsing. What a call does
// (apply-patch-run.ts) is loaded on its first call.
import { applyPatchFreeformTool, applyPatchJsonTool, ApplyPatchJsonArgs } from "./apply-patch/tool-spec.js";
import { parseJsonArguments } from "./function-tool.js";
import type { Tool } from "./tool.js";
import { toolRunners } from "./tool-runners.js";

/** The patch text: a freeform call's input, or the `input` argument of the JSON function. */
export const applyPatchTool: Tool<string> = {
  name: "apply_patch",
  // Freeform (grammar) on the Responses wire, as upstream offers it, unless the model catalog asks
  // for a function; always a JSON function on chat, which has no freeform tools.
  spec: (wire, ctx) =>
    wire === "responses" && ctx.applyPatchToolType !== "function" ? applyPatchFreeformTool() : applyPatchJsonTool(),
  parse(call) {
    if (call.kind === "custom") return { ok: true, value: call.input };
    const args = parseJsonArguments(ApplyPatchJsonArgs, call);
    return args.ok ? { ok: true, value: args.value.input } : args;
  },
  run: async (patch, ctx, call) => (await toolRunners()).runPatch(patch, ctx.cwd, call.callId, ctx),
};
