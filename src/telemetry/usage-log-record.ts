import type { TurnUsageRecord } from "../protocol/events.js";

/** One line of the session usage log: the fields the log has always had, in their order, then our extras. */
export function usageLogRecord(record: TurnUsageRecord, sessionId: string, ts: Date) {
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
    cache_write_tokens: record.cache_write_tokens ?? null,
    cost_usd: record.cost_usd,
    turn: record.turn,
    requests: record.requests,
    latency_ms: record.latency_ms,
    litellm_call_id: record.litellm_call_id,
    status: record.status,
    kind: record.kind,
    request_usage: record.request_usage,
    ...(record.key && { key: record.key }),
    // A subagent's usage is logged under its parent's session id, with the agent it was.
    ...(record.agent && { agent: record.agent }),
  };
}
