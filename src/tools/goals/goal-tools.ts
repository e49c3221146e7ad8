// `get_goal`, `create_goal` and `update_goal`, upstream's goal tools (on unless
// `[features] goals = false`). Their answers are upstream's JSON: the goal in camelCase, the
// tokens left of its budget, and on completion of a budgeted goal the report the model is asked for.
import { z } from "zod";
import { functionTool } from "../function-tool.js";
import type { Tool, ToolResult } from "../tool.js";
import type { GoalRecord, GoalStore } from "./goal-store.js";

const COMPLETION_REPORT =
  "Goal achieved. Report final usage from this tool result's structured goal fields. If `goal.tokenBudget` is present, include token usage from `goal.tokensUsed` and `goal.tokenBudget`. If `goal.timeUsedSeconds` is greater than 0, summarize elapsed time in a concise, human-friendly form appropriate to the response language.";

/** Whether the goal tools are offered: upstream 0.171 offers them unless `features.goals = false`. */
export const goalsEnabled = (features: Record<string, unknown>) => features.goals !== false;

const seconds = (ms: number) => Math.floor(ms / 1000);

/** The goal as upstream's tools answer it. */
export function goalJson(threadId: string, goal: GoalRecord) {
  return {
    threadId,
    objective: goal.objective,
    status: goal.status,
    ...(goal.token_budget !== null && { tokenBudget: goal.token_budget }),
    tokensUsed: goal.tokens_used,
    timeUsedSeconds: goal.time_used_seconds,
    createdAt: seconds(goal.created_at_ms),
    updatedAt: seconds(goal.updated_at_ms),
  };
}

function answer(store: GoalStore, goal: GoalRecord | null, report = false): ToolResult {
  const remainingTokens =
    goal?.token_budget === null || !goal ? null : Math.max(0, goal.token_budget - goal.tokens_used);
  const body = {
    goal: goal ? goalJson(store.threadId, goal) : null,
    remainingTokens,
    completionBudgetReport: report && goal?.token_budget !== null ? COMPLETION_REPORT : null,
  };
  return { output: JSON.stringify(body), success: true };
}

const refused = (output: string): ToolResult => ({ output, success: false });
const UNFINISHED = new Set(["active", "paused", "blocked", "usage_limited", "budget_limited"]);

export function goalTools(store: GoalStore): Tool[] {
  const getGoal = functionTool({
    name: "get_goal",
    description:
      "Get the current goal for this thread, including status, budgets, token and elapsed-time usage, and remaining token budget.",
    // Upstream's spec lists an empty `required`.
    parameters: z.object({}).meta({ required: [] }),
    run: () => Promise.resolve(answer(store, store.goal)),
  });
  const createGoal = functionTool({
    name: "create_goal",
    description:
      "Create a goal only when explicitly requested by the user or system/developer instructions; do not infer goals from ordinary tasks.\nSet token_budget only when an explicit token budget is requested. Fails if an unfinished goal exists; use update_goal only for status.",
    parameters: z.object({ objective: z.string(), token_budget: z.number().int().optional() }),
    offered: () => CreateGoalOffered,
    async run(args) {
      if (store.goal && UNFINISHED.has(store.goal.status))
        return refused(
          "cannot create a new goal because this thread has an unfinished goal; complete the existing goal first",
        );
      const objective = args.objective.trim();
      if (!objective) return refused("goal objective must not be empty");
      if (args.token_budget !== undefined && args.token_budget <= 0)
        return refused("goal budgets must be positive when provided");
      return answer(store, await store.create(objective, args.token_budget ?? null));
    },
  });
  const updateGoal = functionTool({
    name: "update_goal",
    description: UPDATE_DESCRIPTION,
    // Any status is read, so that asking for another one gets upstream's answer rather than a parse error.
    parameters: z.object({ status: z.string() }),
    offered: () => UpdateGoalOffered,
    async run(args) {
      if (!store.goal) return refused("cannot update goal because this thread has no goal");
      const status = MODEL_STATUSES.find((s) => s === args.status);
      if (!status)
        return refused(
          "update_goal can only mark the existing goal complete, blocked, or paused at the user's explicit request; resume, budget-limited, and usage-limited status changes are controlled by the user or system",
        );
      const goal = await store.setStatus(status);
      return answer(store, goal, status === "complete");
    },
  });
  return [getGoal, createGoal, updateGoal];
}

const CreateGoalOffered = z.object({
  objective: z
    .string()
    .describe(
      "Required. The concrete objective to start pursuing. This starts a new active goal when no goal exists or replaces the current goal when it is complete.",
    ),
  // A plain JSON `integer`, as upstream offers it (zod's int adds the safe-integer bounds).
  token_budget: z
    .number()
    .meta({ type: "integer" })
    .describe("Positive token budget for the new goal. Omit unless explicitly requested.")
    .optional(),
});

const MODEL_STATUSES = ["complete", "blocked", "paused"] as const;

const UpdateGoalOffered = z.object({
  status: z
    .enum(MODEL_STATUSES)
    .describe(
      "Required. `paused` requires an explicit user request. Set to `complete` only when the objective is achieved and no required work remains. Set to `blocked` only after the same blocking condition has recurred for at least three consecutive goal turns and the agent is at an impasse. After a previously blocked goal is resumed, the resumed run starts a fresh blocked audit.",
    ),
});

const UPDATE_DESCRIPTION = [
  "Update the existing goal.",
  "Set status to `paused` only at the user's explicit request to pause this goal, never on your own initiative. Ask if unclear; a later resume revokes that request. Report the returned status and stop goal work. Budget limits take precedence over pausing.",
  "Set status to `complete` only when the objective has actually been achieved and no required work remains.",
  "Set status to `blocked` only when the same blocking condition has repeated for at least three consecutive goal turns, counting the original/user-triggered turn and any automatic continuations, and the agent cannot make meaningful progress without user input or an external-state change.",
  "If the user resumes a goal that was previously marked `blocked`, treat the resumed run as a fresh blocked audit. If the same blocking condition then repeats for at least three consecutive resumed goal turns, set status to `blocked` again.",
  "Once the blocked threshold is satisfied, do not keep reporting that you are still blocked while leaving the goal active; set status to `blocked`.",
  "Do not use `blocked` merely because the work is hard, slow, uncertain, incomplete, or would benefit from clarification.",
  "Do not mark a goal complete merely because its budget is nearly exhausted or because you are stopping work.",
  "You cannot use this tool to resume, budget-limit, or usage-limit a goal; those status changes are controlled by the user or system.",
  "When marking a budgeted goal achieved with status `complete`, report the final token usage from the tool result to the user.",
].join("\n");
