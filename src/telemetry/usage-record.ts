import type { TurnUsageRecord } from "../agent/protocol.js";
import type { ModelInfo } from "../gateway/types.js";

/** Cost from the proxy's /model/info prices when LiteLLM did not report one; null when prices are unknown. */
export function costFromPrices(record: TurnUsageRecord, info: ModelInfo | null): number | null {
  if (!info || info.input_cost_per_token === null || info.output_cost_per_token === null) return null;
  if (record.prompt_tokens === null || record.completion_tokens === null) return null;
  const cached = record.cached_tokens ?? 0;
  const cachedPrice = info.cache_read_input_token_cost ?? info.input_cost_per_token;
  return (record.prompt_tokens - cached) * info.input_cost_per_token + cached * cachedPrice + record.completion_tokens * info.output_cost_per_token;
}

/** One line of the session usage log: the spec's fields first, in its order, then ours. */
export function usageLogRecord(record: TurnUsageRecord, sessionId: string, ts: Date, info: ModelInfo | null) {
  return {
    ts: ts.toISOString(),
    session_id: sessionId,
    model: record.model,
    reasoning_effort: record.reasoning_effort,
    prompt_tokens: record.prompt_tokens,
    completion_tokens: record.completion_tokens,
    reasoning_tokens: record.reasoning_tokens,
    total_tokens: record.total_tokens,
    cached_tokens: record.cached_tokens,
    cost_usd: record.cost_usd ?? costFromPrices(record, info),
    turn: record.turn,
    requests: record.requests,
    latency_ms: record.latency_ms,
    litellm_call_id: record.litellm_call_id,
  };
}
