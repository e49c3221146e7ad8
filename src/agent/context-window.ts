import type { TokenUsage } from "../gateway/items.js";
import type { ContextWindowInfo } from "../protocol/events.js";

export const BASELINE_CONTEXT_WINDOW = 130_000;
/** Tokens upstream assumes are always taken (instructions, tools) when computing "% left". */
export const BASELINE_TOKENS = 12_000;

/** config (`context_length` / `model_context_window`) → the proxy's `max_input_tokens` → 130 000. */
export function effectiveContextWindow(
  configured: number | undefined,
  fromModelInfo: number | null | undefined,
): ContextWindowInfo {
  if (configured) return { window: configured, source: "config" };
  if (fromModelInfo) return { window: fromModelInfo, source: "model_info" };
  return { window: BASELINE_CONTEXT_WINDOW, source: "baseline" };
}

/**
 * Upstream's "% context left": the last response's total tokens against the window, less a
 * baseline the instructions and tools always take. Upstream's fixed 12,000-token baseline
 * makes any window up to 12k read "0% left" before the first message — common behind
 * LiteLLM (8k models) — so the baseline is capped at a quarter of the window; from 48k
 * tokens up this is exactly upstream's number.
 */
export function percentContextLeft(tokensInContext: number, window: number): number {
  const baseline = Math.min(BASELINE_TOKENS, Math.floor(window / 4));
  if (window <= baseline) return 0;
  const effective = window - baseline;
  const used = Math.max(0, tokensInContext - baseline);
  return Math.round(Math.min(100, Math.max(0, ((effective - used) / effective) * 100)));
}

/** The auto-compact threshold: `model_auto_compact_token_limit`, else 90% of the window. */
export function autoCompactLimit(configured: number | undefined, window: number): number {
  return configured ?? Math.floor((window * 9) / 10);
}

export const ZERO_USAGE: TokenUsage = {
  input_tokens: 0,
  cached_input_tokens: 0,
  output_tokens: 0,
  reasoning_output_tokens: 0,
  total_tokens: 0,
};

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input_tokens: a.input_tokens + b.input_tokens,
    cached_input_tokens: a.cached_input_tokens + b.cached_input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    reasoning_output_tokens: a.reasoning_output_tokens + b.reasoning_output_tokens,
    total_tokens: a.total_tokens + b.total_tokens,
  };
}
