// One line of the LiteLLM session usage log, validated once here. The log's own fields must
// all be present (nullable ones may be null); our extras may be missing (older writers) and
// then read as null. Anything else is a malformed line.

import * as z from "zod";

/** A token count, a cost, a turn number, a latency: a non-negative number, or null when unknown. */
const figure = z.number().nonnegative().nullable();
/** An extra an older writer may have left out: missing reads as null. */
const extraFigure = figure.default(null);
const extraText = z.string().nullable().default(null);

/** One model request of a line's `request_usage` (written since requests are itemised); kinds a newer writer adds are kept. */
const requestUsageRowSchema = z.object({
  kind: z.string(),
  litellm_call_id: extraText,
  response_id: extraText,
  prompt_tokens: extraFigure,
  completion_tokens: extraFigure,
  reasoning_tokens: extraFigure,
  total_tokens: extraFigure,
  cached_tokens: extraFigure,
  cache_write_tokens: extraFigure,
  cost_usd: extraFigure,
});

/** The record's fields in the log's order (which exports keep): the log's own fields, then our extras. */
const usageRecordSchema = z.object({
  ts: z.string(),
  session_id: z.string(),
  model: z.string(),
  reasoning_effort: z.string().nullable(),
  prompt_tokens: figure,
  completion_tokens: figure,
  reasoning_tokens: figure,
  total_tokens: figure,
  cached_tokens: extraFigure,
  /** Prompt tokens written to the cache (backends with cache breakpoints). */
  cache_write_tokens: extraFigure,
  cost_usd: extraFigure,
  turn: extraFigure,
  requests: extraFigure,
  latency_ms: extraFigure,
  litellm_call_id: extraText,
  /** How the turn ended: completed, failed or interrupted. */
  status: extraText,
  /** `turn`, or `compaction` for a compaction outside a turn. */
  kind: extraText,
});

const usageLineSchema = usageRecordSchema.extend({
  request_usage: z.array(requestUsageRowSchema).nullable().default(null),
});

export type UsageRecord = z.infer<typeof usageRecordSchema>;
export type RequestUsageRow = z.infer<typeof requestUsageRowSchema>;

/** Field order of the log and of exports. */
export const RECORD_FIELDS = usageRecordSchema.keyof().options;
export type RecordField = keyof UsageRecord;

/** A record plus its parsed time (epoch ms), its requests (null on older lines) and the exact line it came from. */
export interface ReadRecord {
  record: UsageRecord;
  requests: RequestUsageRow[] | null;
  time: number;
  line: string;
}

/**
 * Parses one log line. Returns undefined when the line is not a JSON object, one of the log's
 * own fields is missing, or a field has the wrong type (tokens, cost, turn, requests and latency
 * must be non-negative numbers or null; `ts` a parseable date).
 */
export function parseUsageLine(text: string): ReadRecord | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = usageLineSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { request_usage: requests, ...record } = parsed.data;
  const time = Date.parse(record.ts);
  if (!Number.isFinite(time)) return undefined;
  return { record, requests, time, line: text };
}
