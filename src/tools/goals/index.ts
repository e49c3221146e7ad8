// The goal tools of one session and what they follow of its events: each request's usage
// (token_count) and the end of each turn charge the active goal.
import type { ResponseItem } from "../../gateway/items.js";
import type { AgentEvent } from "../../protocol/events.js";
import { goalFromHistory } from "./goal-history.js";
import type { Tool } from "../tool.js";
import { goalFile, GoalStore } from "./goal-store.js";
import { goalsEnabled, goalTools } from "./goal-tools.js";

export interface SessionGoals {
  store: GoalStore;
  tools: Tool[];
  /** Follows the session's events; resolves once the goal's record is written. */
  onEvent(event: AgentEvent): Promise<void>;
}

/** The goal tools for a session (none when `features.goals = false`), with its kept goal loaded. */
export async function sessionGoals(
  features: Record<string, unknown>,
  codexHome: string,
  threadId: string,
  /** False: an ephemeral session keeps nothing on disk. */
  persist: boolean,
  /** A resumed session's history: its goal when no goal file holds one (a session upstream started). */
  history: readonly ResponseItem[] = [],
  /** Hides the session's secrets in what is kept. */
  redact?: (text: string) => string,
): Promise<SessionGoals | null> {
  if (!goalsEnabled(features)) return null;
  const store = new GoalStore(threadId, persist ? goalFile(codexHome, threadId) : null, redact);
  await store.load(goalFromHistory(history) ?? null);
  return {
    store,
    tools: goalTools(store),
    onEvent(event) {
      if (event.type === "token_count") return store.onRequestUsage(event.last.total_tokens);
      if (event.type === "turn_completed" || event.type === "turn_aborted" || event.type === "turn_failed")
        return store.onTurnEnd();
      return Promise.resolve();
    },
  };
}
