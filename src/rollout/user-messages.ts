// Telling real user messages apart from the context Codex injects as `user` messages
// (environment context, AGENTS.md instructions, skills, ...) and from compaction summaries.

import type { MessageItem, ResponseItem } from "../gateway/items.js";

/** Upstream `templates/compact/summary_prefix.md`: starts the user message carrying a compaction summary. */
export const SUMMARY_PREFIX =
  "Another language model started to solve this problem and produced a summary of its thinking process. You also have access to the state of the tools that were used by that language model. Use this to build on the work that has already been done and avoid duplicating work. Here is the summary produced by the other language model, use the information in this summary to  assist with your own analysis:";

/** Older Codex builds put this before the user's text; previews strip it. */
export const USER_MESSAGE_BEGIN = "## My request for Codex:";

/** Start markers of injected `user` messages (upstream contextual user fragments, old and new). */
export const CONTEXTUAL_USER_PREFIXES: readonly string[] = [
  "<environment_context>",
  "<user_instructions>",
  "# AGENTS.md instructions for ",
  "<skill>",
  "<user_shell_command>",
  "<turn_aborted>",
  "<plugins>",
  "<subagents>",
  "<subagent_notification>",
];

export function isContextualUserText(text: string): boolean {
  const head = text.trimStart().slice(0, 64).toLowerCase();
  return CONTEXTUAL_USER_PREFIXES.some((prefix) => head.startsWith(prefix.toLowerCase()));
}

export function isSummaryText(text: string): boolean {
  return text.startsWith(`${SUMMARY_PREFIX}\n`);
}

/** Upstream's tags around an attached image (`<image name=[Image #1]>` … `</image>`): not text the user typed. */
const IMAGE_TAG = /^(<image name=\[Image #\d+\]( path=".*")?>|<image>|<\/image>)$/s;

/** The text parts of a message joined with "\n" (empty parts, images and their tags left out). */
export function messageText(item: MessageItem): string {
  return item.content
    .flatMap((part) =>
      part.type === "input_image" || part.text === "" || IMAGE_TAG.test(part.text) ? [] : [part.text],
    )
    .join("\n");
}

function hasImage(item: MessageItem): boolean {
  return item.content.some((part) => part.type === "input_image");
}

/**
 * For a message the user actually typed: its text (images only: `""`). `null` for anything
 * else: other roles, injected context, compaction summaries.
 */
export function realUserMessageText(item: ResponseItem): string | null {
  if (item.type !== "message" || item.role !== "user") return null;
  if (item.content.some((part) => part.type === "input_text" && isContextualUserText(part.text))) return null;
  const text = messageText(item);
  if (isSummaryText(text)) return null;
  if (text === "" && !hasImage(item)) return null;
  return text;
}

/** The text an assistant message shows (output_text parts). `null` for other items. */
export function assistantMessageText(item: ResponseItem): string | null {
  if (item.type !== "message" || item.role !== "assistant") return null;
  return messageText(item);
}

/** Preview text for a user message: the part after the legacy request marker, trimmed; `[Image]` for images only. */
export function previewOfUserText(text: string, hasImages = false): string {
  const at = text.indexOf(USER_MESSAGE_BEGIN);
  const stripped = (at >= 0 ? text.slice(at + USER_MESSAGE_BEGIN.length) : text).trim();
  if (stripped === "" && hasImages) return "[Image]";
  return stripped;
}

export function userMessageHasImages(item: MessageItem): boolean {
  return hasImage(item);
}
