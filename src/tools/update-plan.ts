import { z } from "zod";
import { functionTool } from "./function-tool.js";

// The spec as upstream 0.171 words it (the side-by-side test holds it there).
const UpdatePlanArgs = z.object({
  explanation: z.string().describe("Optional explanation for this plan update.").optional(),
  plan: z
    .array(
      z.object({
        step: z.string().describe("Task step text."),
        status: z.enum(["pending", "in_progress", "completed"]).describe("Step status."),
      }),
    )
    .describe("The list of steps"),
});

/** `update_plan`: the model keeps a checklist that renderers show; the output is a plain acknowledgement. */
export const updatePlanTool = functionTool({
  name: "update_plan",
  description:
    "Updates the task plan.\nProvide an optional explanation and a list of plan items, each with a step and status.\nAt most one step can be in_progress at a time.\n",
  parameters: UpdatePlanArgs,
  run(args, ctx) {
    ctx.emit({
      type: "plan_update",
      explanation: args.explanation ?? null,
      plan: args.plan.map((s) => ({ step: s.step, status: s.status })),
    });
    return Promise.resolve({ output: "Plan updated", success: true });
  },
});
