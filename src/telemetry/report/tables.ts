// Terminal tables (cli-table3) for `summary` and `sessions`. Colours only when asked for.

import Table from "cli-table3";
import type { SessionTotals, UsageSummary, UsageTotals } from "./aggregate.js";
import { formatCostWithUnpriced, formatInt, formatPct, localDateTime, shortId } from "./format.js";

export interface TableOptions {
  color: boolean;
}

const TOTAL_HEADS = ["turns", "requests", "prompt", "completion", "reasoning", "cached", "cached %", "total", "cost"];

function totalsCells(t: UsageTotals): string[] {
  return [
    formatInt(t.turns),
    formatInt(t.requests),
    formatInt(t.prompt_tokens),
    formatInt(t.completion_tokens),
    formatInt(t.reasoning_tokens),
    formatInt(t.cached_tokens),
    formatPct(t.cached_share_pct),
    formatInt(t.total_tokens),
    formatCostWithUnpriced(t.cost_usd, t.unpriced_turns),
  ];
}

export function makeTable(head: string[], leftColumns: number, options: TableOptions): Table.Table {
  return new Table({
    head,
    colAligns: head.map((_, i) => (i < leftColumns ? "left" : "right")),
    style: { head: options.color ? ["cyan"] : [], border: options.color ? ["grey"] : [], compact: true },
  });
}

/** A table of groups (key columns, then the totals columns), with an optional total row. */
function groupTable(
  keyHeads: string[],
  rows: { keys: string[]; totals: UsageTotals }[],
  total: UsageTotals | undefined,
  options: TableOptions,
): string {
  const table = makeTable([...keyHeads, ...TOTAL_HEADS], keyHeads.length, options);
  for (const row of rows) table.push([...row.keys, ...totalsCells(row.totals)]);
  if (total && rows.length > 1)
    table.push([...keyHeads.map((_, i) => (i === 0 ? "total" : "")), ...totalsCells(total)]);
  return table.toString();
}

export interface SummaryTableLimits {
  /** Most recent days shown (all are in --json). */
  days: number;
  /** Most recent sessions shown. */
  sessions: number;
}

export const DEFAULT_LIMITS: SummaryTableLimits = { days: 31, sessions: 10 };

/** The human summary: a headline, then tables by model, day and session. */
export function renderSummaryTables(
  summary: UsageSummary,
  options: TableOptions,
  limits: SummaryTableLimits = DEFAULT_LIMITS,
): string {
  const out: string[] = [];
  const t = summary.totals;
  const sessions = summary.sessions === 1 ? "1 session" : `${summary.sessions} sessions`;
  const compactions =
    t.compactions === 0
      ? ""
      : t.compactions === 1
        ? " and 1 compaction"
        : ` and ${formatInt(t.compactions)} compactions`;
  const turns = `${summary.turns === 1 ? "1 turn" : `${formatInt(summary.turns)} turns`}${compactions}`;
  const range =
    summary.first_ts && summary.last_ts
      ? `, ${localDateTime(Date.parse(summary.first_ts))} → ${localDateTime(Date.parse(summary.last_ts))} (local time)`
      : "";
  out.push(`${turns} in ${sessions}${range}`);
  const written = t.cache_write_tokens === undefined ? "" : `, ${formatInt(t.cache_write_tokens)} written to the cache`;
  out.push(
    `Total: ${formatInt(t.total_tokens)} tokens (prompt ${formatInt(t.prompt_tokens)}, cached ${formatPct(t.cached_share_pct)} of prompt${written}), cost ${formatCostWithUnpriced(t.cost_usd, t.unpriced_turns)}`,
  );

  out.push("", "By model");
  out.push(
    groupTable(
      ["model"],
      summary.by_model.map((m) => ({ keys: [m.model], totals: m })),
      t,
      options,
    ),
  );

  const days = summary.by_day.slice(-limits.days);
  out.push("", "By day");
  out.push(
    groupTable(
      ["day"],
      days.map((d) => ({ keys: [d.day], totals: d })),
      days.length === summary.by_day.length ? t : undefined,
      options,
    ),
  );
  if (days.length < summary.by_day.length)
    out.push(`(${summary.by_day.length - days.length} earlier days not shown; narrow with --since or see --json)`);

  const shown = summary.by_session.slice(0, limits.sessions);
  out.push("", "By session (newest first)");
  out.push(
    groupTable(
      ["session", "started", "model"],
      shown.map((s) => ({
        keys: [shortId(s.session_id), localDateTime(Date.parse(s.first_ts)), s.models.join(", ")],
        totals: s,
      })),
      shown.length === summary.by_session.length ? t : undefined,
      options,
    ),
  );
  if (shown.length < summary.by_session.length)
    out.push(`(${summary.by_session.length - shown.length} older sessions not shown; see \`telemetry sessions\`)`);
  return out.join("\n");
}

/** `sessions`: one row per session, newest first. */
export function renderSessionsTable(sessions: readonly SessionTotals[], options: TableOptions): string {
  const table = makeTable(["session", "first", "last", "models", "turns", "tokens", "cost"], 4, options);
  for (const s of sessions) {
    table.push([
      s.session_id,
      localDateTime(Date.parse(s.first_ts)),
      localDateTime(Date.parse(s.last_ts)),
      s.models.join(", "),
      formatInt(s.turns),
      formatInt(s.total_tokens),
      formatCostWithUnpriced(s.cost_usd, s.unpriced_turns),
    ]);
  }
  return table.toString();
}
