// `telemetry summary --by request`: one row per model request LiteLLM served, with its call id
// and response id (LiteLLM's spend logs key a request by the response id), so a day's
// requests can be matched one by one against the proxy's own records.

import { countOf } from "../../util/numbers.js";
import type { UsageTotals } from "./aggregate.js";
import { formatCost, formatCostWithUnpriced, formatInt, localDateTime, shortId } from "./format.js";
import type { ReadRecord, RequestUsageRow } from "./record.js";
import { makeTable, type TableOptions } from "./tables.js";

export interface RequestRow {
  ts: string;
  session_id: string;
  turn: number | null;
  model: string;
  /** `sampling` or `compaction`; for lines written before requests were itemised, the line's kind. */
  kind: string;
  /** How the turn the request belongs to ended. */
  status: string | null;
  litellm_call_id: string | null;
  response_id: string | null;
  /** 1, or the line's count when an older line does not itemise its requests. */
  requests: number | null;
  prompt_tokens: number | null;
  cached_tokens: number | null;
  completion_tokens: number | null;
  reasoning_tokens: number | null;
  total_tokens: number | null;
  cost_usd: number | null;
}

/** The requests of one usage line (the line itself when it does not itemise them). */
export function requestRowsOf(read: ReadRecord): RequestRow[] {
  const r = read.record;
  const row = (q: RequestUsageRow, requests: number | null): RequestRow => ({
    ts: r.ts,
    session_id: r.session_id,
    turn: r.turn,
    model: r.model,
    status: r.status,
    kind: q.kind,
    litellm_call_id: q.litellm_call_id,
    response_id: q.response_id,
    requests,
    prompt_tokens: q.prompt_tokens,
    cached_tokens: q.cached_tokens,
    completion_tokens: q.completion_tokens,
    reasoning_tokens: q.reasoning_tokens,
    total_tokens: q.total_tokens,
    cost_usd: q.cost_usd,
  });
  if (read.requests === null) return [row({ ...r, kind: r.kind ?? "turn", response_id: null }, r.requests)];
  return read.requests.map((q) => row(q, 1));
}

/** The rows as a table, oldest first, with the same total row as `summary`. */
export function renderRequestsTable(rows: readonly RequestRow[], totals: UsageTotals, options: TableOptions): string {
  const table = makeTable(
    [
      "time",
      "session",
      "turn",
      "kind",
      "litellm call id",
      "prompt",
      "of which cached",
      "completion",
      "reasoning",
      "total",
      "cost",
    ],
    5,
    options,
  );
  for (const row of rows) {
    const kind = `${row.kind}${row.requests !== null && row.requests !== 1 ? ` (${row.requests} requests)` : ""}${row.status && row.status !== "completed" ? `, ${row.status}` : ""}`;
    table.push([
      localDateTime(Date.parse(row.ts)),
      shortId(row.session_id),
      row.turn === null ? "-" : String(row.turn),
      kind,
      row.litellm_call_id ?? "-",
      formatInt(row.prompt_tokens),
      formatInt(row.cached_tokens),
      formatInt(row.completion_tokens),
      formatInt(row.reasoning_tokens),
      formatInt(row.total_tokens),
      formatCost(row.cost_usd),
    ]);
  }
  table.push([
    "total",
    "",
    "",
    totals.requests === null ? "-" : countOf(totals.requests, "request"),
    "",
    formatInt(totals.prompt_tokens),
    formatInt(totals.cached_tokens),
    formatInt(totals.completion_tokens),
    formatInt(totals.reasoning_tokens),
    formatInt(totals.total_tokens),
    formatCostWithUnpriced(totals.cost_usd, totals.unpriced_turns),
  ]);
  return table.toString();
}
