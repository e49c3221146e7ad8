import type { MessageItem, ReasoningItem } from "../gateway/items.js";

/** The text of an assistant message, as shown and recorded. */
export function assistantText(item: MessageItem): string {
  return item.content.map((c) => ("text" in c ? c.text : "")).join("");
}

/** The text of a reasoning item: its summaries, else its raw content ("" when it has neither). */
export function reasoningText(item: ReasoningItem): string {
  const parts = item.summary.length ? item.summary : (item.content ?? []);
  return parts.map((part) => part.text).join("\n\n");
}
