import type { ReasoningEffort } from "../config/schema.js";
import { sumUsd } from "../gateway/cost.js";
import type { TokenUsage } from "../gateway/items.js";
import type { LiteLLMResponseMeta, NormalizedUsage } from "../gateway/types.js";
import type { RequestUsageRecord, TurnUsageRecord, UsageFigures, UsageStatus } from "../protocol/events.js";

export type { UsageFigures };

/**
 * Sums requests (or turns): unknown counts are left out, a count is null only when no row knew
 * it; the cost is exact, and null when any row's cost is unknown. No rows: all zero.
 */
export function sumUsage(rows: readonly UsageFigures[]): UsageFigures {
  const sum = (
    key:
      | "prompt_tokens"
      | "completion_tokens"
      | "reasoning_tokens"
      | "total_tokens"
      | "cached_tokens"
      | "cache_write_tokens",
  ) => {
    const known = rows.map((r) => r[key] ?? null).filter((v): v is number => v !== null);
    return known.length > 0 || rows.length === 0 ? known.reduce((a, b) => a + b, 0) : null;
  };
  const costs = rows.map((r) => r.cost_usd);
  const knownCosts = costs.filter((c): c is number => c !== null);
  return {
    prompt_tokens: sum("prompt_tokens"),
    completion_tokens: sum("completion_tokens"),
    reasoning_tokens: sum("reasoning_tokens"),
    total_tokens: sum("total_tokens"),
    cached_tokens: sum("cached_tokens"),
    cache_write_tokens: sum("cache_write_tokens"),
    cost_usd: knownCosts.length < costs.length ? null : sumUsd(knownCosts),
  };
}

/** One served request's record. */
export function requestUsage(
  kind: RequestUsageRecord["kind"],
  usage: NormalizedUsage | null,
  meta: LiteLLMResponseMeta | null,
  responseId: string | null,
  cost: number | null,
): RequestUsageRecord {
  return {
    kind,
    litellm_call_id: meta?.call_id ?? null,
    response_id: responseId,
    prompt_tokens: usage?.input_tokens ?? null,
    completion_tokens: usage?.output_tokens ?? null,
    reasoning_tokens: usage?.reasoning_output_tokens ?? null,
    total_tokens: usage?.total_tokens ?? null,
    cached_tokens: usage?.cached_input_tokens ?? null,
    cache_write_tokens: usage?.cache_write_input_tokens ?? null,
    cost_usd: cost,
  };
}

/** Collects the usage of every model request one turn makes (a turn with tool calls makes several, a compaction adds its summary request). */
export class TurnUsageAccumulator {
  private readonly started = Date.now();
  private readonly requests: RequestUsageRecord[] = [];

  constructor(
    private readonly turn: number,
    private readonly model: string,
    private readonly effort: ReasoningEffort | null,
    private readonly kind: TurnUsageRecord["kind"] = "turn",
  ) {}

  add(request: RequestUsageRecord): void {
    this.requests.push(request);
  }

  finish(status: UsageStatus): TurnUsageRecord {
    const rows = this.requests;
    return {
      turn: this.turn,
      model: this.model,
      reasoning_effort: this.effort,
      ...sumUsage(rows),
      requests: rows.length,
      latency_ms: Date.now() - this.started,
      litellm_call_id: rows.findLast((r) => r.litellm_call_id !== null)?.litellm_call_id ?? null,
      status,
      kind: this.kind,
      request_usage: [...rows],
    };
  }
}

/** Upstream's TokenUsage of a usage record (unknown counts as 0 there). */
export function tokenUsageOfRecord(record: UsageFigures): TokenUsage {
  return {
    input_tokens: record.prompt_tokens ?? 0,
    cached_input_tokens: record.cached_tokens ?? 0,
    output_tokens: record.completion_tokens ?? 0,
    reasoning_output_tokens: record.reasoning_tokens ?? 0,
    total_tokens: record.total_tokens ?? 0,
  };
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
