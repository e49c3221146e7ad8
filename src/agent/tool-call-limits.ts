// A bound on what one tool call may carry. A model (or whoever controls its output) can send a
// tool call with hundreds of megabytes of arguments: kept whole, they would sit in the history,
// be sent back with every request, be written to the rollout and shown on the terminal. No model
// writes more than a few hundred kilobytes in one answer, so a call over the limit is not run:
// its arguments are replaced, in the history and the rollout, by a note of their size, and the
// model is told to split the work.
import type { ResponseItem } from "../gateway/items.js";

/** The largest tool-call arguments (or custom tool input) kept and run, in UTF-8 bytes. */
export const MAX_TOOL_CALL_ARGUMENT_BYTES = 1024 * 1024;

const NOTE_KEY = "arguments_not_kept";
const NOTED = /^(?:\{"arguments_not_kept":"|arguments_not_kept: )(\d+) bytes/;

/** UTF-8 size of `text` when it may exceed `limit` (counted only then: the common case stays cheap). */
function bytesOver(text: string, limit: number): number | undefined {
  if (text.length * 3 <= limit) return undefined;
  const bytes = Buffer.byteLength(text);
  return bytes > limit ? bytes : undefined;
}

/**
 * The item to keep for `item`: itself, or, for a tool call whose arguments exceed
 * {@link MAX_TOOL_CALL_ARGUMENT_BYTES}, a copy whose arguments are only a note of their size.
 */
export function boundToolCall(item: ResponseItem, limit = MAX_TOOL_CALL_ARGUMENT_BYTES): ResponseItem {
  if (item.type === "function_call") {
    const bytes = bytesOver(item.arguments, limit);
    if (bytes === undefined) return item;
    return { ...item, arguments: JSON.stringify({ [NOTE_KEY]: `${bytes} bytes, over the ${limit}-byte limit` }) };
  }
  if (item.type === "custom_tool_call") {
    const bytes = bytesOver(item.input, limit);
    if (bytes === undefined) return item;
    return { ...item, input: `${NOTE_KEY}: ${bytes} bytes, over the ${limit}-byte limit` };
  }
  return item;
}

/** What the model is told instead of running a call whose arguments were not kept; undefined for any other call. */
export function oversizeRefusal(argumentsOrInput: string, limit = MAX_TOOL_CALL_ARGUMENT_BYTES): string | undefined {
  const bytes = NOTED.exec(argumentsOrInput)?.[1];
  if (bytes === undefined) return undefined;
  return `tool call not run: its arguments were ${bytes} bytes, over the limit of ${limit} bytes. Split the work into smaller calls (for example several patches or files, each under the limit).`;
}
