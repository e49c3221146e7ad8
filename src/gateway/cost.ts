// What a model request cost, in USD. LiteLLM computes costs as floats (0.004739999999999999);
// we keep them to 1e-10 USD, far below any per-token price, so every figure is a short
// decimal and sums are exact (they add whole units of 1e-10).
import type { LiteLLMResponseMeta, NormalizedUsage } from "./types.js";
import type { ModelInfo } from "./models.js";

const UNITS_PER_USD = 1e10;

/** USD in whole units of 1e-10 USD. */
export const usdUnits = (usd: number): number => Math.round(usd * UNITS_PER_USD);

/** USD rounded to 1e-10, without float noise. */
export const roundUsd = (usd: number): number => usdUnits(usd) / UNITS_PER_USD;

/** The exact sum of costs kept to 1e-10 USD. */
export function sumUsd(costs: Iterable<number>): number {
  let units = 0;
  for (const cost of costs) units += usdUnits(cost);
  return units / UNITS_PER_USD;
}

/**
 * LiteLLM's formula for per-token prices (`/model/info`): uncached prompt tokens at the input
 * price, cached ones at the cache-read price and those written to the cache at the cache-write
 * price (each the input price when there is none), completion tokens (reasoning included) at the
 * output price. Null when a price or a count is unknown.
 */
export function costFromPrices(usage: NormalizedUsage, info: ModelInfo | null): number | null {
  if (!info || info.input_cost_per_token === null || info.output_cost_per_token === null) return null;
  if (usage.input_tokens === null || usage.output_tokens === null) return null;
  const cached = usage.cached_input_tokens ?? 0;
  const written = usage.cache_write_input_tokens ?? 0;
  const cachedPrice = info.cache_read_input_token_cost ?? info.input_cost_per_token;
  const writePrice = info.cache_creation_input_token_cost ?? info.input_cost_per_token;
  const uncached = usage.input_tokens - cached - written;
  return roundUsd(
    uncached * info.input_cost_per_token +
      cached * cachedPrice +
      written * writePrice +
      usage.output_tokens * info.output_cost_per_token,
  );
}

/** The cost LiteLLM reported for a response (`usage.cost` on streams, else `x-litellm-response-cost`), rounded; null when it reported none. */
export function reportedCost(meta: LiteLLMResponseMeta | null): number | null {
  const cost = meta?.usage_cost_usd ?? meta?.cost_usd ?? null;
  return cost === null ? null : roundUsd(cost);
}
