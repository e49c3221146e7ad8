// Number, cost and time formatting shared by the tables, the chart and `tail`.

import { formatUsd } from "../../util/numbers.js";
import type { UsageRecord } from "./record.js";

const intFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** 1234567 → "1,234,567"; null → "-". */
export function formatInt(n: number | null): string {
  return n === null ? "-" : intFormat.format(n);
}

/** 1234567 → "1.2M", 12345 → "12.3k" (chart axis labels). */
export function formatCompact(n: number): string {
  const abs = Math.abs(n);
  for (const [limit, unit] of [
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "k"],
  ] as const) {
    if (abs >= limit) return `${(n / limit).toFixed(1)}${unit}`;
  }
  return n.toFixed(abs < 10 && n % 1 !== 0 ? 1 : 0);
}

/** The recorded cost with every digit (as exec and /status print it): $12.34, $0.0123, $0.00013; null → "-". */
export function formatCost(cost: number | null): string {
  return cost === null ? "-" : formatUsd(cost);
}

/** The cost of a group with the records whose cost is unknown: "$0.0123 (+3 turns unpriced)". */
export function formatCostWithUnpriced(cost: number | null, unpricedTurns: number): string {
  if (unpricedTurns === 0) return formatCost(cost);
  const turns = unpricedTurns === 1 ? "1 turn" : `${formatInt(unpricedTurns)} turns`;
  return cost === null ? `- (${turns} unpriced)` : `${formatCost(cost)} (+${turns} unpriced)`;
}

export function formatPct(pct: number | null): string {
  return pct === null ? "-" : `${pct.toFixed(1)}%`;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Local "YYYY-MM-DD HH:MM:SS". */
export function localDateTime(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/**
 * A session id shortened to its first two groups, e.g. `019a44bc-39c3`. Session ids are UUIDv7:
 * those 12 digits are the start time in ms (the first 8 alone repeat for ~65 s). `--session`
 * takes this as a prefix.
 */
export function shortId(sessionId: string): string {
  return sessionId.slice(0, 13);
}

/** One record on one line, for `tail`: time, session, model, effort, tokens p/c/r/total, cached, cost. */
export function formatRecordLine(record: UsageRecord, time: number): string {
  const n = (v: number | null) => (v === null ? "?" : String(v));
  const tokens = `${n(record.prompt_tokens)}/${n(record.completion_tokens)}/${n(record.reasoning_tokens)}/${n(record.total_tokens)}`;
  return [
    localDateTime(time),
    shortId(record.session_id),
    record.model,
    record.reasoning_effort ?? "-",
    `tokens p/c/r/t ${tokens}`,
    `cached ${n(record.cached_tokens)}`,
    record.cost_usd === null ? "cost ?" : formatCost(record.cost_usd),
  ].join("  ");
}
