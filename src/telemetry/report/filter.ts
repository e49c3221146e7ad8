// `--since`, `--until`, `--model` and `--session`: which records a report looks at.

import { UserError } from "../../util/errors.js";
import type { UsageRecord } from "./record.js";

export interface RecordFilter {
  /** Inclusive lower bound, epoch ms. */
  since?: number;
  /** Exclusive upper bound, epoch ms. */
  until?: number;
  /** Exact model names; empty or unset = all. */
  models?: readonly string[];
  /** Session ids or id prefixes (the short ids `tail` prints); empty or unset = all. */
  sessions?: readonly string[];
}

export interface FilterFlags {
  since?: string;
  until?: string;
  model?: string[];
  session?: string[];
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
const RELATIVE = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/i;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
// Date-times without a zone are local time; with Z or ±hh:mm they are absolute.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

const localMidnight = (y: number, m: number, d: number) => new Date(y, m, d).getTime();

/**
 * Parses a `--since`/`--until` value into epoch ms:
 *   - `7d`, `24h`, `30m`, `90s`, `2w`: that long before `now`;
 *   - `today`, `yesterday` (local midnight), `now`;
 *   - `2025-11-02`: local midnight starting that day — as an upper bound (`end`), the
 *     midnight ending it, so `--until 2025-11-02` includes the whole day;
 *   - `2025-11-02T12:00`, `2025-11-02 12:00:30` (local) or with `Z` / `+01:00`.
 */
export function parseTimeBound(value: string, flag: string, now: number = Date.now(), end = false): number {
  const v = value.trim();
  const rel = RELATIVE.exec(v);
  const unitMs = UNIT_MS[rel?.[2]?.toLowerCase() ?? ""];
  if (rel && unitMs !== undefined) return now - Number(rel[1]) * unitMs;
  const today = new Date(now);
  const [y, m, d] = [today.getFullYear(), today.getMonth(), today.getDate()];
  switch (v.toLowerCase()) {
    case "now":
      return now;
    case "today":
      return localMidnight(y, m, end ? d + 1 : d);
    case "yesterday":
      return localMidnight(y, m, end ? d : d - 1);
  }
  const date = DATE_ONLY.exec(v);
  if (date) {
    const [yy, mm, dd] = [Number(date[1]), Number(date[2]) - 1, Number(date[3])];
    const start = new Date(yy, mm, dd);
    if (start.getFullYear() !== yy || start.getMonth() !== mm || start.getDate() !== dd) throw badTime(value, flag);
    return localMidnight(yy, mm, end ? dd + 1 : dd);
  }
  if (DATE_TIME.test(v)) {
    const t = Date.parse(v.replace(" ", "T"));
    if (Number.isFinite(t)) return t;
  }
  throw badTime(value, flag);
}

function badTime(value: string, flag: string): UserError {
  return new UserError(
    `${flag} ${JSON.stringify(value)}: expected a date (2025-11-02), a date-time (2025-11-02T12:00, local unless it ends in Z or ±hh:mm), today, yesterday, or a relative time like 7d, 24h, 30m`,
  );
}

/** Builds the filter from the command's flags; rejects an empty time range. */
export function filterFromFlags(flags: FilterFlags, now: number = Date.now()): RecordFilter {
  const filter: RecordFilter = {};
  if (flags.since !== undefined) filter.since = parseTimeBound(flags.since, "--since", now, false);
  if (flags.until !== undefined) filter.until = parseTimeBound(flags.until, "--until", now, true);
  if (filter.since !== undefined && filter.until !== undefined && filter.since >= filter.until) {
    throw new UserError(`--since ${flags.since} is not before --until ${flags.until}: the range is empty`);
  }
  const split = (xs: string[] | undefined) =>
    (xs ?? [])
      .flatMap((x) => x.split(","))
      .map((x) => x.trim())
      .filter((x) => x !== "");
  const models = split(flags.model);
  const sessions = split(flags.session);
  if (models.length > 0) filter.models = models;
  if (sessions.length > 0) filter.sessions = sessions;
  return filter;
}

/** A fast predicate for the filter (always true when nothing is filtered). */
export function recordMatcher(filter: RecordFilter): (record: UsageRecord, time: number) => boolean {
  const { since, until } = filter;
  const models = filter.models && filter.models.length > 0 ? new Set(filter.models) : undefined;
  const sessions = filter.sessions && filter.sessions.length > 0 ? filter.sessions : undefined;
  if (since === undefined && until === undefined && !models && !sessions) return () => true;
  return (record, time) =>
    (since === undefined || time >= since) &&
    (until === undefined || time < until) &&
    (!models || models.has(record.model)) &&
    (!sessions || sessions.some((s) => record.session_id.startsWith(s)));
}

/** The filter as printed in `summary --json`: bounds as ISO strings. */
export function describeFilter(filter: RecordFilter): {
  since: string | null;
  until: string | null;
  models: string[];
  sessions: string[];
} {
  return {
    since: filter.since === undefined ? null : new Date(filter.since).toISOString(),
    until: filter.until === undefined ? null : new Date(filter.until).toISOString(),
    models: [...(filter.models ?? [])],
    sessions: [...(filter.sessions ?? [])],
  };
}
