import type { MessageItem, ReasoningItem } from "../gateway/items.js";

/** The text of an assistant message, as shown and recorded. */
export function assistantText(item: MessageItem): string {
  return item.content.map((c) => ("text" in c ? c.text : "")).join("");
}

/**
 * The text of a reasoning item: its summaries, else its raw content ("" when it has neither);
 * `withRaw` (`show_raw_agent_reasoning`): the summaries, then the raw content too.
 */
export function reasoningText(item: ReasoningItem, withRaw = false): string {
  const raw = item.content ?? [];
  const parts = item.summary.length ? (withRaw ? [...item.summary, ...raw] : item.summary) : raw;
  return parts.map((part) => part.text).join("\n\n");
}
