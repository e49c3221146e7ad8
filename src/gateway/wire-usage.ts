// Token usage as the two wires report it, normalised. Each count is read on its own: one the
// server did not send, or sent as something other than a number, is null (unknown), not an error.
import type { CompletionUsage } from "openai/resources/completions";
import type { ResponseUsage } from "openai/resources/responses/responses";
import { z } from "zod";
import type { NormalizedUsage } from "./types.js";
import { numberOrNull as count } from "../util/schema.js";

const details = <Shape extends z.ZodRawShape>(shape: Shape) => z.object(shape).nullable().catch(null);
/** LiteLLM's additions: cache writes (`cache_creation_tokens`), and `cost` (USD) in the usage object. */
const litellmCacheWrites = { cache_creation_tokens: count };
const litellmCost = { cost: count };

const responsesUsage = z.object({
  ...({
    input_tokens: count,
    output_tokens: count,
    total_tokens: count,
    input_tokens_details: details({
      ...({ cached_tokens: count, cache_write_tokens: count } satisfies Partial<
        Record<keyof ResponseUsage.InputTokensDetails, z.ZodType>
      >),
      ...litellmCacheWrites,
    }),
    output_tokens_details: details({ reasoning_tokens: count } satisfies Partial<
      Record<keyof ResponseUsage.OutputTokensDetails, z.ZodType>
    >),
  } satisfies Partial<Record<keyof ResponseUsage, z.ZodType>>),
  ...litellmCost,
});

const chatUsage = z.object({
  ...({
    prompt_tokens: count,
    completion_tokens: count,
    total_tokens: count,
    prompt_tokens_details: details({
      ...({ cached_tokens: count } satisfies Partial<Record<keyof CompletionUsage.PromptTokensDetails, z.ZodType>>),
      cache_write_tokens: count,
      ...litellmCacheWrites,
    }),
    completion_tokens_details: details({ reasoning_tokens: count } satisfies Partial<
      Record<keyof CompletionUsage.CompletionTokensDetails, z.ZodType>
    >),
  } satisfies Partial<Record<keyof CompletionUsage, z.ZodType>>),
  // Anthropic-style cache counts, which LiteLLM passes on.
  cache_read_input_tokens: count,
  cache_creation_input_tokens: count,
  ...litellmCost,
});

function total(input: number | null, output: number | null, given: number | null): number | null {
  if (given !== null) return given;
  return input !== null && output !== null ? input + output : null;
}

/** Cache writes are reported only by backends that write explicitly (Anthropic's): absent otherwise. */
const cacheWrites = (tokens: number | null) => (tokens === null ? {} : { cache_write_input_tokens: tokens });

/** Responses API `usage` → normalised usage (null when absent). */
export function usageFromResponses(usage: unknown): NormalizedUsage | null {
  const parsed = responsesUsage.safeParse(usage);
  if (!parsed.success) return null;
  const u = parsed.data;
  return {
    input_tokens: u.input_tokens,
    cached_input_tokens: u.input_tokens_details?.cached_tokens ?? null,
    ...cacheWrites(u.input_tokens_details?.cache_write_tokens ?? u.input_tokens_details?.cache_creation_tokens ?? null),
    output_tokens: u.output_tokens,
    reasoning_output_tokens: u.output_tokens_details?.reasoning_tokens ?? null,
    total_tokens: total(u.input_tokens, u.output_tokens, u.total_tokens),
  };
}

/**
 * Chat Completions `usage` (incl. `*_tokens_details` and Anthropic-style cache fields) → normalised
 * usage. Cache writes: LiteLLM's `cache_write_tokens` / `cache_creation_tokens` (Responses:
 * `input_tokens_details`), or Anthropic's `cache_creation_input_tokens`.
 */
export function usageFromChat(usage: unknown): NormalizedUsage | null {
  const parsed = chatUsage.safeParse(usage);
  if (!parsed.success) return null;
  const u = parsed.data;
  const details = u.prompt_tokens_details;
  return {
    input_tokens: u.prompt_tokens,
    cached_input_tokens: details?.cached_tokens ?? u.cache_read_input_tokens,
    ...cacheWrites(details?.cache_write_tokens ?? details?.cache_creation_tokens ?? u.cache_creation_input_tokens),
    output_tokens: u.completion_tokens,
    reasoning_output_tokens: u.completion_tokens_details?.reasoning_tokens ?? null,
    total_tokens: total(u.prompt_tokens, u.completion_tokens, u.total_tokens),
  };
}

const usageCostOf = z.object(litellmCost);

/** LiteLLM may add `cost` (USD) to the usage object. */
export function usageCost(usage: unknown): number | null {
  const parsed = usageCostOf.safeParse(usage);
  return parsed.success ? parsed.data.cost : null;
}
