// The goal a resumed session had when no goal file of ours holds it (a session upstream started:
// upstream keeps goals in its own database): the last answer of a goal tool in its history.
import { z } from "zod";
import type { ResponseItem } from "../../gateway/items.js";
import { lazy } from "../../util/lazy.js";
import { GOAL_STATUSES, type GoalRecord } from "./goal-store.js";

const GOAL_TOOLS = new Set(["get_goal", "create_goal", "update_goal"]);

const GoalAnswer = lazy(() =>
  z.object({
    goal: z
      .object({
        objective: z.string(),
        status: z.enum(GOAL_STATUSES),
        tokenBudget: z.number().int().nullish(),
        tokensUsed: z.number().int(),
        timeUsedSeconds: z.number().int(),
        createdAt: z.number().int(),
        updatedAt: z.number().int(),
      })
      .nullable(),
  }),
);

/** The goal the history's last goal-tool answer shows (undefined: no such answer). */
export function goalFromHistory(history: readonly ResponseItem[]): GoalRecord | null | undefined {
  const calls = new Set(
    history.flatMap((item) => (item.type === "function_call" && GOAL_TOOLS.has(item.name) ? [item.call_id] : [])),
  );
  let found: GoalRecord | null | undefined;
  for (const item of history) {
    if (item.type !== "function_call_output" || !calls.has(item.call_id) || typeof item.output !== "string") continue;
    let json: unknown;
    try {
      json = JSON.parse(item.output);
    } catch {
      continue; // a refusal, in words
    }
    const answer = GoalAnswer().safeParse(json);
    if (!answer.success) continue;
    const goal = answer.data.goal;
    found = goal && {
      goal_id: crypto.randomUUID(),
      objective: goal.objective,
      status: goal.status,
      token_budget: goal.tokenBudget ?? null,
      tokens_used: goal.tokensUsed,
      time_used_seconds: goal.timeUsedSeconds,
      created_at_ms: goal.createdAt * 1000,
      updated_at_ms: goal.updatedAt * 1000,
    };
  }
  return found;
}
