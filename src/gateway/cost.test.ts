import { describe, expect, it } from "vitest";
import { costFromPrices, reportedCost, roundUsd, sumUsd } from "./cost.js";
import type { ModelInfo } from "./types.js";

const info = (prices: Partial<ModelInfo>): ModelInfo => ({
  model_name: "m", max_input_tokens: null, max_output_tokens: null, max_tokens: null, input_cost_per_token: null, output_cost_per_token: null,
  cache_read_input_token_cost: null, supports_reasoning: null, supports_function_calling: null, supports_vision: null, mode: null, ...prices,
});
const usage = { input_tokens: 1234, cached_input_tokens: 200, output_tokens: 77, reasoning_output_tokens: 5, total_tokens: 1311 };

describe("costs", () => {
  it("prices uncached prompt tokens, cached ones at the cache-read price (else the input price) and completion tokens, as LiteLLM does", () => {
    // LiteLLM 1.110.2 charged 0.001208 and 0.001388 for these (its /model/info prices, usage.cost on the stream).
    expect(costFromPrices(usage, info({ input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, cache_read_input_token_cost: 1e-7 }))).toBe(0.001208);
    expect(costFromPrices(usage, info({ input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 }))).toBe(0.001388);
    expect(costFromPrices(usage, info({ input_cost_per_token: 1e-6 }))).toBeNull();
    expect(costFromPrices({ ...usage, output_tokens: null }, info({ input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 }))).toBeNull();
    expect(costFromPrices(usage, null)).toBeNull();
  });

  it("keeps LiteLLM's reported cost (usage.cost first, then the header) to 1e-10 USD, without float noise", () => {
    expect(reportedCost({ cost_usd: 0.5, usage_cost_usd: 0.004739999999999999, call_id: null, model_id: null, attempted_retries: null })).toBe(0.00474);
    expect(reportedCost({ cost_usd: 0.0123, call_id: null, model_id: null, attempted_retries: null })).toBe(0.0123);
    expect(reportedCost({ cost_usd: null, usage_cost_usd: null, call_id: null, model_id: null, attempted_retries: null })).toBeNull();
    expect(reportedCost(null)).toBeNull();
    expect(roundUsd(1.23456789012345)).toBe(1.2345678901);
  });

  it("sums exactly", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumUsd([0.1, 0.2])).toBe(0.3);
    expect(sumUsd([0.006095, 0.0065, 0.00084])).toBe(0.013435);
    expect(sumUsd([])).toBe(0);
  });
});
