// Every tool call in a history sent to a model must have its output: the Responses and Chat
// Completions APIs answer a call without one with HTTP 400. A session killed (or interrupted)
// between a call and its output leaves such a call behind. As upstream Codex does, each one gets
// the output "aborted", placed right after the call; an output whose call is gone is dropped.

import type { CustomToolCallOutputItem, FunctionCallOutputItem, ResponseItem } from "./items.js";

type CallOutputItem = FunctionCallOutputItem | CustomToolCallOutputItem;

export const ABORTED_OUTPUT = "aborted";

type CallKind = "function" | "custom";

/** The call id and which output type answers it; null for anything that is not a call. */
function callOf(item: ResponseItem): { id: string; answeredBy: CallKind } | null {
  switch (item.type) {
    case "function_call":
      return { id: item.call_id, answeredBy: "function" };
    case "custom_tool_call":
      return { id: item.call_id, answeredBy: "custom" };
    case "local_shell_call":
      // A local shell call is answered by a function_call_output; one without a call id cannot be.
      return item.call_id ? { id: item.call_id, answeredBy: "function" } : null;
    case "message":
    case "reasoning":
    case "function_call_output":
    case "custom_tool_call_output":
    case "preserved":
      return null;
  }
}

function outputOf(item: ResponseItem): { id: string; kind: CallKind } | null {
  if (item.type === "function_call_output") return { id: item.call_id, kind: "function" };
  if (item.type === "custom_tool_call_output") return { id: item.call_id, kind: "custom" };
  return null;
}

const key = (kind: CallKind, id: string) => `${kind}:${id}`;

function abortedOutput(call: { id: string; answeredBy: CallKind }): CallOutputItem {
  return call.answeredBy === "custom"
    ? { type: "custom_tool_call_output", call_id: call.id, output: ABORTED_OUTPUT }
    : { type: "function_call_output", call_id: call.id, output: ABORTED_OUTPUT };
}

/** The "aborted" outputs `items` lacks, in call order (empty when every call has its output). */
export function missingCallOutputs(items: readonly ResponseItem[]): CallOutputItem[] {
  const answered = new Set<string>();
  for (const item of items) {
    const output = outputOf(item);
    if (output) answered.add(key(output.kind, output.id));
  }
  const missing: CallOutputItem[] = [];
  for (const item of items) {
    const call = callOf(item);
    if (call && !answered.has(key(call.answeredBy, call.id))) {
      answered.add(key(call.answeredBy, call.id));
      missing.push(abortedOutput(call));
    }
  }
  return missing;
}

/**
 * `items` with every call paired: a missing output is inserted as "aborted" right after its call,
 * an output without its call is left out. Returns `items` itself when nothing needed fixing.
 */
export function pairCallsWithOutputs(items: readonly ResponseItem[]): readonly ResponseItem[] {
  const calls = new Set<string>();
  const answered = new Set<string>();
  for (const item of items) {
    const call = callOf(item);
    if (call) calls.add(key(call.answeredBy, call.id));
    const output = outputOf(item);
    if (output) answered.add(key(output.kind, output.id));
  }
  const complete = [...calls].every((k) => answered.has(k)) && [...answered].every((k) => calls.has(k));
  if (complete) return items;
  const paired: ResponseItem[] = [];
  for (const item of items) {
    const output = outputOf(item);
    if (output && !calls.has(key(output.kind, output.id))) continue;
    paired.push(item);
    const call = callOf(item);
    if (call && !answered.has(key(call.answeredBy, call.id))) {
      answered.add(key(call.answeredBy, call.id));
      paired.push(abortedOutput(call));
    }
  }
  return paired;
}
