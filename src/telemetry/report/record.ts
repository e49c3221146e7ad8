// One line of the LiteLLM session usage log (spec: "LiteLLM session telemetry"), validated.
// The spec's fields must all be present (nullable ones may be null); our extras may be
// missing (older writers) and then read as null. Anything else is a malformed line.

import type { RequestUsageRecord } from "../../agent/protocol.js";

/** Field order of the log and of exports: the spec's fields, then our extras. */
export const SPEC_FIELDS = [
  "ts",
  "session_id",
  "model",
  "reasoning_effort",
  "prompt_tokens",
  "completion_tokens",
  "reasoning_tokens",
  "total_tokens",
] as const;
export const EXTRA_FIELDS = [
  "cached_tokens",
  "cache_write_tokens",
  "cost_usd",
  "turn",
  "requests",
  "latency_ms",
  "litellm_call_id",
  "status",
  "kind",
] as const;
export const RECORD_FIELDS = [...SPEC_FIELDS, ...EXTRA_FIELDS] as const;
export type RecordField = (typeof RECORD_FIELDS)[number];

export interface UsageRecord {
  ts: string;
  session_id: string;
  model: string;
  reasoning_effort: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  reasoning_tokens: number | null;
  total_tokens: number | null;
  cached_tokens: number | null;
  /** Prompt tokens written to the cache (backends with cache breakpoints); null on older lines. */
  cache_write_tokens?: number | null;
  cost_usd: number | null;
  turn: number | null;
  requests: number | null;
  latency_ms: number | null;
  litellm_call_id: string | null;
  /** How the turn ended: completed, failed or interrupted. */
  status: string | null;
  /** `turn`, or `compaction` for a compaction outside a turn. */
  kind: string | null;
}

/** One model request of a line's `request_usage` (written since requests are itemised); kinds a newer writer adds are kept. */
export type RequestUsageRow = Omit<RequestUsageRecord, "kind" | "cache_write_tokens"> & {
  kind: string;
  cache_write_tokens: number | null;
};

/** A record plus its parsed time (epoch ms), its requests (null on older lines) and the exact line it came from. */
export interface ReadRecord {
  record: UsageRecord;
  requests: RequestUsageRow[] | null;
  time: number;
  line: string;
}

const COUNT_FIELDS = ["prompt_tokens", "completion_tokens", "reasoning_tokens", "total_tokens"] as const;
const OPTIONAL_NUMBERS = ["cached_tokens", "cache_write_tokens", "cost_usd", "turn", "requests", "latency_ms"] as const;

const isCount = (v: unknown): v is number | null =>
  v === null || (typeof v === "number" && Number.isFinite(v) && v >= 0);
const isOptionalString = (v: unknown): v is string | null | undefined =>
  v === undefined || v === null || typeof v === "string";
const ROW_COUNTS = [...COUNT_FIELDS, "cached_tokens", "cache_write_tokens", "cost_usd"] as const;

/** The line's `request_usage`: null when absent, undefined when malformed. */
function requestRows(value: unknown): RequestUsageRow[] | null | undefined {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) return undefined;
  const rows: RequestUsageRow[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== "object" || item === null) return undefined;
    const r = item as Record<string, unknown>;
    if (typeof r.kind !== "string" || !isOptionalString(r.litellm_call_id) || !isOptionalString(r.response_id))
      return undefined;
    if (!ROW_COUNTS.every((f) => r[f] === undefined || isCount(r[f]))) return undefined;
    const count = (f: (typeof ROW_COUNTS)[number]) => (r[f] as number | null | undefined) ?? null;
    rows.push({
      kind: r.kind,
      litellm_call_id: r.litellm_call_id ?? null,
      response_id: r.response_id ?? null,
      prompt_tokens: count("prompt_tokens"),
      completion_tokens: count("completion_tokens"),
      reasoning_tokens: count("reasoning_tokens"),
      total_tokens: count("total_tokens"),
      cached_tokens: count("cached_tokens"),
      cache_write_tokens: count("cache_write_tokens"),
      cost_usd: count("cost_usd"),
    });
  }
  return rows;
}

/**
 * Parses one log line. Returns undefined when the line is not a JSON object, a spec field is
 * missing, or a field has the wrong type (tokens, cost, turn, requests and latency must be
 * non-negative numbers or null; `ts` a parseable date).
 */
export function parseUsageLine(text: string): ReadRecord | undefined {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof o !== "object" || o === null || Array.isArray(o)) return undefined;
  const r = o as Record<string, unknown>;
  const { ts, session_id, model, reasoning_effort } = r;
  if (typeof ts !== "string" || typeof session_id !== "string" || typeof model !== "string") return undefined;
  if (reasoning_effort !== null && typeof reasoning_effort !== "string") return undefined;
  const time = Date.parse(ts);
  if (!Number.isFinite(time)) return undefined;
  for (const f of COUNT_FIELDS) if (!(f in r) || !isCount(r[f])) return undefined;
  for (const f of OPTIONAL_NUMBERS) if (r[f] !== undefined && !isCount(r[f])) return undefined;
  const { litellm_call_id: callId, status, kind } = r;
  if (!isOptionalString(callId) || !isOptionalString(status) || !isOptionalString(kind)) return undefined;
  const requests = requestRows(r.request_usage);
  if (requests === undefined) return undefined;
  const record: UsageRecord = {
    ts,
    session_id,
    model,
    reasoning_effort,
    prompt_tokens: r.prompt_tokens as number | null,
    completion_tokens: r.completion_tokens as number | null,
    reasoning_tokens: r.reasoning_tokens as number | null,
    total_tokens: r.total_tokens as number | null,
    cached_tokens: (r.cached_tokens as number | null | undefined) ?? null,
    cache_write_tokens: (r.cache_write_tokens as number | null | undefined) ?? null,
    cost_usd: (r.cost_usd as number | null | undefined) ?? null,
    turn: (r.turn as number | null | undefined) ?? null,
    requests: (r.requests as number | null | undefined) ?? null,
    latency_ms: (r.latency_ms as number | null | undefined) ?? null,
    litellm_call_id: callId ?? null,
    status: status ?? null,
    kind: kind ?? null,
  };
  return { record, requests, time, line: text };
}
