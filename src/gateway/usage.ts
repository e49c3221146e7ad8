import type { NormalizedUsage } from "./types.js";

type Json = Record<string, unknown> | null | undefined;

const int = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Json => (typeof v === "object" && v !== null ? (v as Record<string, unknown>) : null);

function total(input: number | null, output: number | null, given: number | null): number | null {
  if (given !== null) return given;
  return input !== null && output !== null ? input + output : null;
}

/** Cache writes are reported only by backends that write explicitly (Anthropic's): absent otherwise. */
const cacheWrites = (tokens: number | null) => (tokens === null ? {} : { cache_write_input_tokens: tokens });

/** Responses API `usage` → normalised usage (null when absent). */
export function usageFromResponses(usage: unknown): NormalizedUsage | null {
  const u = obj(usage);
  if (!u) return null;
  const input = int(u.input_tokens);
  const output = int(u.output_tokens);
  return {
    input_tokens: input,
    cached_input_tokens: int(obj(u.input_tokens_details)?.cached_tokens),
    ...cacheWrites(
      int(obj(u.input_tokens_details)?.cache_write_tokens) ?? int(obj(u.input_tokens_details)?.cache_creation_tokens),
    ),
    output_tokens: output,
    reasoning_output_tokens: int(obj(u.output_tokens_details)?.reasoning_tokens),
    total_tokens: total(input, output, int(u.total_tokens)),
  };
}

/**
 * Chat Completions `usage` (incl. `*_tokens_details` and Anthropic-style cache fields) → normalised
 * usage. Cache writes: LiteLLM's `cache_write_tokens` / `cache_creation_tokens` (Responses:
 * `input_tokens_details`), or Anthropic's `cache_creation_input_tokens`.
 */
export function usageFromChat(usage: unknown): NormalizedUsage | null {
  const u = obj(usage);
  if (!u) return null;
  const input = int(u.prompt_tokens);
  const output = int(u.completion_tokens);
  return {
    input_tokens: input,
    cached_input_tokens: int(obj(u.prompt_tokens_details)?.cached_tokens) ?? int(u.cache_read_input_tokens),
    ...cacheWrites(
      int(obj(u.prompt_tokens_details)?.cache_write_tokens) ??
        int(obj(u.prompt_tokens_details)?.cache_creation_tokens) ??
        int(u.cache_creation_input_tokens),
    ),
    output_tokens: output,
    reasoning_output_tokens: int(obj(u.completion_tokens_details)?.reasoning_tokens),
    total_tokens: total(input, output, int(u.total_tokens)),
  };
}

/** LiteLLM may add `cost` (USD) to the usage object. */
export function usageCost(usage: unknown): number | null {
  return int(obj(usage)?.cost);
}
