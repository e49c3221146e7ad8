// `/goal`, as upstream's UI has it: `/goal` shows the session's goal, `/goal <objective>` sets it
// and starts working on it, `/goal pause|resume|clear` change it. The goal is the one the model's
// goal tools see (agent/create-session.ts keeps one per session).
import type { GoalRecord, GoalStore } from "../tools/goals/goal-store.js";
import { formatWithSeparators } from "../util/numbers.js";
import type { NewCell } from "./state.js";

export const GOAL_USAGE = "Usage: /goal [<objective>|pause|resume|clear]";

export interface GoalCommandHost {
  goals(): GoalStore | null;
  addCell(cell: NewCell): void;
  notice(level: "info" | "warning" | "error", text: string): void;
  submit(text: string): Promise<void>;
}

/** What the goal's automatic continuation needs from the UI's host. */
export interface GoalContinuationHost {
  goal(): GoalRecord | null;
  /** A message typed meanwhile waits: it goes next, and ends the continuation. */
  waiting(): boolean;
  /** Whether the latest turn ran a tool. */
  calledTools(): boolean;
  notice(text: string): void;
  runTurn(prompt: string): Promise<{ status: string }>;
}

/**
 * Upstream's goal continuation: while the goal stays active and nothing is waiting, the next turn
 * starts by itself. An interrupt, a failure or a message typed meanwhile stops it, and so does a
 * continuation in which the model only answered, so a model that stopped working does not loop
 * until the budget runs out.
 */
export async function continueTowardGoal(first: { status: string }, host: GoalContinuationHost): Promise<void> {
  for (
    let result = first, goal = host.goal(), continued = false;
    result.status === "completed" && goal?.status === "active" && !host.waiting() && (!continued || host.calledTools());
    goal = host.goal(), continued = true
  ) {
    host.notice(`Continuing toward the goal: ${goal.objective}`);
    const { goalContinuationPrompt } = await import("../tools/goals/continuation.js");
    result = await host.runTurn(goalContinuationPrompt(goal));
  }
}

/** Seconds in upstream's short form: 45s, 12m, 2h 5m, 1d 3h 0m. */
export function goalElapsed(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours >= 24) return `${Math.floor(hours / 24)}d ${hours % 24}h ${rest}m`;
  return rest ? `${hours}h ${rest}m` : `${hours}h`;
}

export function goalLines(goal: GoalRecord): string[] {
  const tokens = formatWithSeparators(goal.tokens_used);
  return [
    `Objective: ${goal.objective}`,
    `Status: ${goal.status.replace("_", " ")}`,
    goal.token_budget === null
      ? `Tokens used: ${tokens}`
      : `Tokens used: ${tokens} of ${formatWithSeparators(goal.token_budget)}`,
    `Time: ${goalElapsed(goal.time_used_seconds)}`,
  ];
}

export async function runGoalCommand(host: GoalCommandHost, args: string): Promise<void> {
  const store = host.goals();
  if (!store) return host.notice("warning", "Goals are off (`[features] goals = false`).");
  const word = args.trim();
  const goal = store.goal;
  if (!word) {
    if (!goal) return host.notice("info", `No goal. ${GOAL_USAGE} (example: /goal improve benchmark coverage)`);
    return host.addCell({ kind: "card", title: "/goal", lines: goalLines(goal) });
  }
  if (word === "pause" || word === "resume" || word === "clear") {
    if (!goal) return host.notice("warning", `No goal to ${word}. ${GOAL_USAGE}`);
    if (word === "clear") {
      await store.clear();
      return host.notice("info", "Goal cleared.");
    }
    if (word === "pause") await store.setStatus("paused");
    else await store.resume();
    return host.notice("info", `Goal ${word === "pause" ? "paused" : "resumed"}: ${goal.objective}`);
  }
  await store.create(word, null);
  host.notice("info", `Goal set: ${word}`);
  await host.submit(word);
}
