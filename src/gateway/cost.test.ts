import { describe, expect, it } from "vitest";
import { costFromPrices, reportedCost, roundUsd, sumUsd } from "./cost.js";
import { modelInfoOf } from "./models.js";
import type { ModelInfo } from "./models.js";

const info = (prices: Partial<ModelInfo>): ModelInfo => modelInfoOf("m", prices);
const usage = {
  input_tokens: 1234,
  cached_input_tokens: 200,
  output_tokens: 77,
  reasoning_output_tokens: 5,
  total_tokens: 1311,
};

describe("costs", () => {
  it("prices uncached prompt tokens, cached ones at the cache-read price (else the input price) and completion tokens, as LiteLLM does", () => {
    // LiteLLM 1.110.2 charged 0.001208 and 0.001388 for these (its /model/info prices, usage.cost on the stream).
    expect(
      costFromPrices(
        usage,
        info({ input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, cache_read_input_token_cost: 1e-7 }),
      ),
    ).toBe(0.001208);
    expect(costFromPrices(usage, info({ input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 }))).toBe(0.001388);
    expect(costFromPrices(usage, info({ input_cost_per_token: 1e-6 }))).toBeNull();
    expect(
      costFromPrices(
        { ...usage, output_tokens: null },
        info({ input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 }),
      ),
    ).toBeNull();
    expect(costFromPrices(usage, null)).toBeNull();
  });

  it("prices prompt tokens written to the cache at the cache-write price, as LiteLLM prices Anthropic's cache", () => {
    // LiteLLM 1.110.2 charged 0.00101625 (247 written, 6 out) and 0.0001041 (247 read, 2 out) for an anthropic/ deployment with these prices.
    const prices = info({
      input_cost_per_token: 3e-6,
      output_cost_per_token: 1.5e-5,
      cache_read_input_token_cost: 3e-7,
      cache_creation_input_token_cost: 3.75e-6,
    });
    const written = {
      input_tokens: 247,
      cached_input_tokens: 0,
      cache_write_input_tokens: 247,
      output_tokens: 6,
      reasoning_output_tokens: 0,
      total_tokens: 253,
    };
    expect(costFromPrices(written, prices)).toBe(0.00101625);
    expect(
      costFromPrices({ ...written, cached_input_tokens: 247, cache_write_input_tokens: 0, output_tokens: 2 }, prices),
    ).toBe(0.0001041);
    // Without a write price, a write costs the input price.
    expect(costFromPrices(written, info({ input_cost_per_token: 3e-6, output_cost_per_token: 1.5e-5 }))).toBe(0.000831);
  });

  it("keeps LiteLLM's reported cost (usage.cost first, then the header) to 1e-10 USD, without float noise", () => {
    expect(
      reportedCost({
        cost_usd: 0.5,
        usage_cost_usd: 0.004739999999999999,
        call_id: null,
        model_id: null,
        attempted_retries: null,
      }),
    ).toBe(0.00474);
    expect(reportedCost({ cost_usd: 0.0123, call_id: null, model_id: null, attempted_retries: null })).toBe(0.0123);
    expect(
      reportedCost({ cost_usd: null, usage_cost_usd: null, call_id: null, model_id: null, attempted_retries: null }),
    ).toBeNull();
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
