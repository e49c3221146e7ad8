// Tool output cut to the model catalog's `truncation_policy`, as upstream cuts it (codex-rs
// utils/string truncate.rs and utils/output-truncation): a budget in bytes, or in approximate
// tokens of 4 bytes each. Text over the budget keeps the first half of the budget's bytes and
// the last half, cut at character boundaries, around `…N chars truncated…` (bytes: the
// characters dropped) or `…N tokens truncated…` (tokens: the bytes over the budget, in tokens).
//
// Upstream applies it twice: the shell tools' output body is cut to the policy, and every tool
// output (shell, exec_command, apply_patch, MCP, ...) is cut to the policy plus 20% when it is
// recorded in the history the model reads.
import type { FunctionCallOutputContent } from "../gateway/items.js";
import type { TruncationPolicy } from "../protocol/policies.js";
import type { ToolResult } from "./tool.js";

const BYTES_PER_TOKEN = 4;
/** Upstream's allowance for serialization and headers on outputs recorded in the history. */
const HISTORY_ALLOWANCE = 1.2;

export const approxTokenCount = (text: string): number => Math.ceil(Buffer.byteLength(text) / BYTES_PER_TOKEN);

const limitOf = (policy: TruncationPolicy) => Math.max(0, Math.floor(policy.limit));

export const byteBudget = (policy: TruncationPolicy): number =>
  policy.mode === "bytes" ? limitOf(policy) : limitOf(policy) * BYTES_PER_TOKEN;

export const tokenBudget = (policy: TruncationPolicy): number =>
  policy.mode === "tokens" ? limitOf(policy) : Math.ceil(limitOf(policy) / BYTES_PER_TOKEN);

/** The policy outputs are held to in the history: upstream's budget plus 20%, rounded up. */
export const historyPolicy = (policy: TruncationPolicy): TruncationPolicy => ({
  mode: policy.mode,
  limit: Math.ceil(limitOf(policy) * HISTORY_ALLOWANCE),
});

/** Lines as Rust's `str::lines` counts them: a final newline ends the last line. */
export function lineCount(text: string): number {
  if (text === "") return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

const isContinuationByte = (b: number | undefined) => b !== undefined && (b & 0xc0) === 0x80;

/** `text` within the policy's budget: unchanged when it fits, else head and tail around the marker. */
export function truncateText(text: string, policy: TruncationPolicy): string {
  if (text === "") return "";
  const bytes = Buffer.from(text);
  const budget = byteBudget(policy);
  const tokens = policy.mode === "tokens";
  if (bytes.length <= budget && (budget > 0 || !tokens)) return text;
  let headEnd = Math.floor(budget / 2);
  while (headEnd > 0 && isContinuationByte(bytes[headEnd])) headEnd--;
  let tailStart = Math.max(headEnd, bytes.length - (budget - Math.floor(budget / 2)));
  while (tailStart < bytes.length && isContinuationByte(bytes[tailStart])) tailStart++;
  const removed = tokens
    ? Math.ceil((bytes.length - budget) / BYTES_PER_TOKEN)
    : [...bytes.subarray(headEnd, tailStart).toString()].length;
  const marker = `…${removed} ${tokens ? "tokens" : "chars"} truncated…`;
  return `${bytes.subarray(0, headEnd).toString()}${marker}${bytes.subarray(tailStart).toString()}`;
}

/** Like {@link truncateText}, under upstream's warning and line-count header when it cuts. */
export function formattedTruncateText(text: string, policy: TruncationPolicy): string {
  if (Buffer.byteLength(text) <= byteBudget(policy)) return text;
  return `Warning: truncated output (original token count: ${approxTokenCount(text)})\nTotal output lines: ${lineCount(text)}\n\n${truncateText(text, policy)}`;
}

/**
 * Text items share one budget in order: those that fit stay, the first that does not is cut to
 * what is left, later ones are dropped and counted; images always stay.
 */
function truncateContentItems(
  items: readonly FunctionCallOutputContent[],
  policy: TruncationPolicy,
): FunctionCallOutputContent[] {
  const out: FunctionCallOutputContent[] = [];
  let remaining = policy.mode === "bytes" ? byteBudget(policy) : tokenBudget(policy);
  let omitted = 0;
  for (const item of items) {
    if (item.type !== "input_text") {
      out.push(item);
      continue;
    }
    if (item.text === "") continue;
    if (remaining === 0) {
      omitted++;
      continue;
    }
    const cost = policy.mode === "bytes" ? Buffer.byteLength(item.text) : approxTokenCount(item.text);
    if (cost <= remaining) {
      out.push(item);
      remaining -= cost;
      continue;
    }
    const snippet = truncateText(item.text, { mode: policy.mode, limit: remaining });
    if (snippet === "") omitted++;
    else out.push({ type: "input_text", text: snippet });
    remaining = 0;
  }
  if (omitted > 0) out.push({ type: "input_text", text: `[omitted ${omitted} text items ...]` });
  return out;
}

/** A tool's result as the history keeps it: its text (or text items) within the policy plus 20%. */
export function truncateForHistory(result: ToolResult, policy: TruncationPolicy): ToolResult {
  const kept = historyPolicy(policy);
  return {
    ...result,
    output: truncateText(result.output, kept),
    ...(result.contentItems ? { contentItems: truncateContentItems(result.contentItems, kept) } : {}),
  };
}
