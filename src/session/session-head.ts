// Reads just the head of a rollout file (a few lines / a bounded number of bytes) to get what
// a session list shows: the `session_meta` and the first real user message as a preview.

import { readFileLines, type ReadLinesState } from "./jsonl-lines.js";
import { parseRolloutLine } from "./rollout-line-parser.js";
import type { SessionMetaPayload } from "./rollout-types.js";
import { previewOfUserText, realUserMessageText, userMessageHasImages } from "./user-messages.js";

/** Lines read when the first user message shows up early (the usual case). */
export const HEAD_LINE_LIMIT = 10;
/** Lines read at most when the session has its metadata but no user message yet. */
export const HEAD_EXTENDED_LINE_LIMIT = 40;
/** Bytes read at most (upstream's session_meta alone carries ~20 KB of base instructions). */
export const HEAD_BYTE_LIMIT = 256 * 1024;

export interface SessionHead {
  meta: SessionMetaPayload | null;
  /** First real user message (trimmed), `[Image]` for images only; `null` if none was found. */
  preview: string | null;
  /** True when the byte limit stopped the scan before a user message could be found. */
  cutShort: boolean;
}

export async function readSessionHead(path: string): Promise<SessionHead> {
  const head: SessionHead = { meta: null, preview: null, cutShort: false };
  const state: ReadLinesState = { cutByByteLimit: false };
  let linesScanned = 0;
  for await (const line of readFileLines(path, { maxBytes: HEAD_BYTE_LIMIT, highWaterMark: 16 * 1024 }, state)) {
    if (line.text.trim() === "") continue;
    linesScanned += 1;
    const parsed = parseRolloutLine(line.text);
    if (parsed.kind === "record") {
      const record = parsed.record;
      if (record.type === "session_meta") {
        head.meta ??= record.payload;
      } else if (record.type === "event_msg" && record.payload.type === "user_message" && head.preview === null) {
        const images = (record.payload.images?.length ?? 0) > 0;
        const preview = previewOfUserText(record.payload.message, images);
        if (preview !== "") head.preview = preview;
      } else if (record.type === "response_item" && head.preview === null && !record.injectedContext) {
        const text = realUserMessageText(record.payload);
        if (text !== null && record.payload.type === "message") {
          const preview = previewOfUserText(text, userMessageHasImages(record.payload));
          if (preview !== "") head.preview = preview;
        }
      }
    }
    if (head.meta && head.preview !== null) break;
    const limit = head.meta ? HEAD_EXTENDED_LINE_LIMIT : HEAD_LINE_LIMIT;
    if (linesScanned >= limit) break;
  }
  head.cutShort = state.cutByByteLimit && head.preview === null;
  return head;
}
