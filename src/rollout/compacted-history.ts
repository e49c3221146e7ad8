// What a compacted conversation continues from (upstream's rule): initial context + the most
// recent real user messages (newest first until ~20,000 tokens; the oldest one kept is cut in the
// middle) + one user message holding the summary. A compaction builds it (agent/compaction.ts)
// and records it as the `compacted` record's `replacement_history`; a resume rebuilds it when a
// record carries none (resume-history.ts). The record's `message` format is here too.

import { userMessage, type ResponseItem } from "../gateway/items.js";
import { realUserMessageText, SUMMARY_PREFIX } from "./user-messages.js";

export const COMPACT_USER_MESSAGE_MAX_TOKENS = 20_000;
export const APPROX_BYTES_PER_TOKEN = 4;

export function approxTokenCount(text: string): number {
  return Math.ceil(Buffer.byteLength(text, "utf8") / APPROX_BYTES_PER_TOKEN);
}

/** Cuts `text` to about `maxTokens` tokens, keeping its start and end around `…N tokens truncated…`. */
export function truncateMiddleToTokens(text: string, maxTokens: number): string {
  const bytes = Buffer.from(text, "utf8");
  const budget = Math.max(0, maxTokens) * APPROX_BYTES_PER_TOKEN;
  if (bytes.length <= budget) return text;
  let headEnd = Math.floor(budget / 2);
  let tailStart = bytes.length - (budget - Math.floor(budget / 2));
  // Keep UTF-8 sequences whole: step back/forward over continuation bytes (10xxxxxx).
  while (headEnd > 0 && (bytes[headEnd]! & 0xc0) === 0x80) headEnd -= 1;
  while (tailStart < bytes.length && (bytes[tailStart]! & 0xc0) === 0x80) tailStart += 1;
  const removedTokens = Math.ceil((bytes.length - budget) / APPROX_BYTES_PER_TOKEN);
  return `${bytes.subarray(0, headEnd).toString("utf8")}…${removedTokens} tokens truncated…${bytes.subarray(tailStart).toString("utf8")}`;
}

/** A user message a compacted conversation keeps: its text, and its id (kept, as upstream keeps it). */
export interface KeptUserMessage {
  text: string;
  id?: string;
}

/** The real user messages in `items`, oldest first (injected context and summaries left out). */
export function collectUserMessages(items: readonly ResponseItem[]): KeptUserMessage[] {
  return items.flatMap((item) => {
    const text = realUserMessageText(item);
    if (text === null || text === "") return [];
    return [{ text, ...(item.type === "message" && item.id !== undefined && { id: item.id }) }];
  });
}

/**
 * The summary message text. Upstream stores prefix + "\n" + summary in `compacted.message`;
 * a bare summary (older builds, other tools) gets the prefix added.
 */
export function summaryMessageText(message: string): string {
  if (message.trim() === "") return "(no summary available)";
  return message.startsWith(SUMMARY_PREFIX) ? message : `${SUMMARY_PREFIX}\n${message}`;
}

/** Picks user messages newest→oldest within `maxTokens`; returns them oldest first. */
export function selectRecentUserMessages(
  userMessages: readonly KeptUserMessage[],
  maxTokens: number = COMPACT_USER_MESSAGE_MAX_TOKENS,
): KeptUserMessage[] {
  const selected: KeptUserMessage[] = [];
  let remaining = maxTokens;
  for (let i = userMessages.length - 1; i >= 0 && remaining > 0; i -= 1) {
    const message = userMessages[i]!;
    const tokens = approxTokenCount(message.text);
    if (tokens <= remaining) {
      selected.push(message);
      remaining -= tokens;
    } else {
      selected.push({ ...message, text: truncateMiddleToTokens(message.text, remaining) });
      break;
    }
  }
  return selected.reverse();
}

/**
 * The replacement history. The kept user messages keep their ids; `newIds` (a compaction, whose
 * result is recorded) gives the summary, and any kept message without one, a new id, while a
 * resume's rebuild, recorded nowhere, leaves them without (a new one at each resume would differ).
 */
export function buildCompactedHistory(
  initialContext: readonly ResponseItem[],
  userMessages: readonly KeptUserMessage[],
  summaryMessage: string,
  { newIds = false, maxTokens = COMPACT_USER_MESSAGE_MAX_TOKENS }: { newIds?: boolean; maxTokens?: number } = {},
): ResponseItem[] {
  const message = (text: string, id: string | undefined): ResponseItem => {
    const item = userMessage(text);
    if (id !== undefined) item.id = id;
    else if (!newIds) delete item.id;
    return item;
  };
  const history: ResponseItem[] = [...initialContext];
  for (const { text, id } of selectRecentUserMessages(userMessages, maxTokens)) history.push(message(text, id));
  history.push(message(summaryMessageText(summaryMessage), undefined));
  return history;
}
