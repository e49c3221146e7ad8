// Reads just the head of a rollout file (a few lines / a bounded number of bytes) to get what
// a session list shows: the `session_meta` and the first real user message as a preview.

import { closeSync, openSync, readSync } from "node:fs";
import { type ReadLinesState } from "./jsonl-lines.js";
import { RolloutLineParser } from "./rollout-line-parser.js";
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

let shared = Buffer.allocUnsafe(0);
/** The lines of the first `maxBytes` of a file, read synchronously in `chunk`-byte reads (one read for a typical head). */
function* headLinesSync(
  path: string,
  maxBytes: number,
  chunk: number,
  state: ReadLinesState,
): Generator<{ text: string }> {
  const fd = openSync(path, "r");
  try {
    let buf = shared.length >= chunk ? shared : (shared = Buffer.allocUnsafe(chunk));
    let filled = 0;
    let start = 0;
    for (;;) {
      if (filled === buf.length) {
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes, buf.length * 2));
        buf.copy(bigger, 0, 0, filled);
        buf = shared = bigger;
      }
      const n = readSync(fd, buf, filled, Math.min(buf.length, maxBytes) - filled, filled);
      const end = filled + n;
      let nl = buf.indexOf(0x0a, filled);
      filled = end;
      while (nl !== -1 && nl < end) {
        let text = buf.toString("utf8", start, nl);
        if (text.endsWith("\r")) text = text.slice(0, -1);
        yield { text };
        start = nl + 1;
        nl = buf.indexOf(0x0a, start);
      }
      if (n === 0) {
        if (start < end) yield { text: buf.toString("utf8", start, end) };
        return;
      }
      if (filled >= maxBytes) {
        state.cutByByteLimit = true;
        return;
      }
    }
  } finally {
    closeSync(fd);
  }
}

export function readSessionHead(path: string): Promise<SessionHead> {
  return Promise.resolve().then(() => readSessionHeadSync(path));
}

export function readSessionHeadSync(path: string): SessionHead {
  const head: SessionHead = { meta: null, preview: null, cutShort: false };
  const state: ReadLinesState = { cutByByteLimit: false };
  let linesScanned = 0;
  const parser = new RolloutLineParser();
  for (const line of headLinesSync(path, HEAD_BYTE_LIMIT, 32 * 1024, state)) {
    if (line.text.trim() === "") continue;
    linesScanned += 1;
    const parsed = parser.parse(line.text);
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
