import { z } from "zod";
import { functionTool } from "./function-tool.js";

const UpdatePlanArgs = z.object({
  explanation: z.string().describe("optional note on why the plan changed").optional(),
  plan: z.array(z.object({ step: z.string(), status: z.enum(["pending", "in_progress", "completed"]) })),
});

/** `update_plan`: the model keeps a checklist that renderers show; the output is a plain acknowledgement. */
export const updatePlanTool = functionTool({
  name: "update_plan",
  description:
    "Updates the task plan shown to the user. Give the whole plan each time: a short list of steps, each pending, in_progress or completed, with at most one in_progress. Use it for multi-step work; skip it for simple tasks.",
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
