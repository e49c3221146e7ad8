import type { PlanStep } from "../agent/protocol.js";
import { parseArguments, type Tool } from "./tool.js";

const STATUSES = new Set(["pending", "in_progress", "completed"]);

/** `update_plan`: the model keeps a checklist that renderers show; the output is a plain acknowledgement. */
export const updatePlanTool: Tool = {
  name: "update_plan",
  spec: () => ({
    type: "function",
    name: "update_plan",
    description:
      "Updates the task plan shown to the user. Give the whole plan each time: a short list of steps, each pending, in_progress or completed, with at most one in_progress. Use it for multi-step work; skip it for simple tasks.",
    strict: false,
    parameters: {
      type: "object",
      properties: {
        explanation: { type: "string", description: "optional note on why the plan changed" },
        plan: {
          type: "array",
          items: {
            type: "object",
            properties: {
              step: { type: "string" },
              status: { type: "string", enum: ["pending", "in_progress", "completed"] },
            },
            required: ["step", "status"],
            additionalProperties: false,
          },
        },
      },
      required: ["plan"],
      additionalProperties: false,
    },
  }),
  async run(call, ctx) {
    const args = parseArguments<{ explanation?: unknown; plan?: unknown }>(call);
    if (!args.ok) return args.result;
    const plan = args.value.plan;
    if (!Array.isArray(plan) || !plan.every((s: PlanStep) => typeof s?.step === "string" && STATUSES.has(s?.status))) {
      return {
        output: "update_plan: `plan` must be a list of {step: string, status: pending|in_progress|completed}",
        success: false,
      };
    }
    const explanation = typeof args.value.explanation === "string" ? args.value.explanation : null;
    ctx.emit({
      type: "plan_update",
      explanation,
      plan: plan.map((s: PlanStep) => ({ step: s.step, status: s.status })),
    });
    return { output: "Plan updated", success: true };
  },
};
