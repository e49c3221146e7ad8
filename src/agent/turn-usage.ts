import type { ReasoningEffort } from "../config/schema.js";
import type { TokenUsage } from "../gateway/items.js";
import type { LiteLLMResponseMeta, NormalizedUsage } from "../gateway/types.js";
import type { TurnUsageRecord } from "./protocol.js";

const add = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);

/** Sums the usage of every model request one turn makes (a turn with tool calls makes several). */
export class TurnUsageAccumulator {
  private readonly started = Date.now();
  private record: TurnUsageRecord;

  constructor(turn: number, model: string, effort: ReasoningEffort | null) {
    this.record = {
      turn, model, reasoning_effort: effort, prompt_tokens: null, completion_tokens: null, reasoning_tokens: null,
      total_tokens: null, cached_tokens: null, cost_usd: null, requests: 0, latency_ms: 0, litellm_call_id: null,
    };
  }

  add(usage: NormalizedUsage | null, meta: LiteLLMResponseMeta | null): void {
    const r = this.record;
    r.requests += 1;
    if (usage) {
      r.prompt_tokens = add(r.prompt_tokens, usage.input_tokens);
      r.completion_tokens = add(r.completion_tokens, usage.output_tokens);
      r.reasoning_tokens = add(r.reasoning_tokens, usage.reasoning_output_tokens);
      r.total_tokens = add(r.total_tokens, usage.total_tokens);
      r.cached_tokens = add(r.cached_tokens, usage.cached_input_tokens);
    }
    r.cost_usd = add(r.cost_usd, meta?.cost_usd ?? meta?.usage_cost_usd ?? null);
    r.litellm_call_id = meta?.call_id ?? r.litellm_call_id;
  }

  finish(): TurnUsageRecord {
    return { ...this.record, latency_ms: Date.now() - this.started };
  }
}

/** Upstream's TokenUsage from one normalised response (unknown counts as 0 there). */
export function tokenUsageOf(usage: NormalizedUsage | null): TokenUsage {
  return {
    input_tokens: usage?.input_tokens ?? 0,
    cached_input_tokens: usage?.cached_input_tokens ?? 0,
    output_tokens: usage?.output_tokens ?? 0,
    reasoning_output_tokens: usage?.reasoning_output_tokens ?? 0,
    total_tokens: usage?.total_tokens ?? 0,
  };
}
