// Sums usage records overall and by model, by local day and by session. Unknown (null) values
// are left out of sums; a sum is null only when no record in the group knew the value.

import { usdUnits } from "../../gateway/cost.js";
import type { ReadRecord, UsageRecord } from "./record.js";

/** Totals of one group, as printed by `summary --json`. */
export interface UsageTotals {
  /** Turns, whatever their status (compactions outside a turn are counted apart). */
  turns: number;
  /** Compactions outside a turn (`/compact`, before a resume): their requests and costs are in the sums. */
  compactions: number;
  requests: number | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  reasoning_tokens: number | null;
  cached_tokens: number | null;
  /** Prompt tokens written to the cache; absent when no record knew it (no backend with cache breakpoints). */
  cache_write_tokens?: number;
  total_tokens: number | null;
  /** cached / prompt tokens in percent, over the turns that know both; null when none does. */
  cached_share_pct: number | null;
  /** Exact sum of the known costs (to 1e-10 USD); null when no record was priced. */
  cost_usd: number | null;
  /** Records (turns and compactions) whose cost is unknown. */
  unpriced_turns: number;
}

export interface ModelTotals extends UsageTotals {
  model: string;
}

export interface DayTotals extends UsageTotals {
  /** Local date, YYYY-MM-DD. */
  day: string;
}

export interface SessionTotals extends UsageTotals {
  session_id: string;
  first_ts: string;
  last_ts: string;
  /** Models in order of first use. */
  models: string[];
}

/** One point of the time chart: a local hour or day. */
export interface TimeBucket {
  /** Local start of the bucket, epoch ms. */
  start: number;
  total_tokens: number;
  cost_usd: number;
}

export interface UsageSummary {
  turns: number;
  sessions: number;
  first_ts: string | null;
  last_ts: string | null;
  totals: UsageTotals;
  by_model: ModelTotals[];
  by_day: DayTotals[];
  by_session: SessionTotals[];
}

class Acc {
  turns = 0;
  compactions = 0;
  requests: number | null = null;
  prompt: number | null = null;
  completion: number | null = null;
  reasoning: number | null = null;
  cached: number | null = null;
  written: number | null = null;
  total: number | null = null;
  shareCached = 0;
  sharePrompt = 0;
  /** In units of 1e-10 USD, so the sum is exact. */
  costUnits: number | null = null;
  unpriced = 0;

  add(r: UsageRecord): void {
    if (r.kind === "compaction") this.compactions += 1;
    else this.turns += 1;
    if (r.requests !== null) this.requests = (this.requests ?? 0) + r.requests;
    if (r.prompt_tokens !== null) this.prompt = (this.prompt ?? 0) + r.prompt_tokens;
    if (r.completion_tokens !== null) this.completion = (this.completion ?? 0) + r.completion_tokens;
    if (r.reasoning_tokens !== null) this.reasoning = (this.reasoning ?? 0) + r.reasoning_tokens;
    if (r.cached_tokens !== null) this.cached = (this.cached ?? 0) + r.cached_tokens;
    if (r.cache_write_tokens !== null) this.written = (this.written ?? 0) + r.cache_write_tokens;
    if (r.total_tokens !== null) this.total = (this.total ?? 0) + r.total_tokens;
    if (r.cached_tokens !== null && r.prompt_tokens !== null) {
      this.shareCached += r.cached_tokens;
      this.sharePrompt += r.prompt_tokens;
    }
    if (r.cost_usd === null) this.unpriced += 1;
    else this.costUnits = (this.costUnits ?? 0) + usdUnits(r.cost_usd);
  }

  totals(): UsageTotals {
    return {
      turns: this.turns,
      compactions: this.compactions,
      requests: this.requests,
      prompt_tokens: this.prompt,
      completion_tokens: this.completion,
      reasoning_tokens: this.reasoning,
      cached_tokens: this.cached,
      ...(this.written !== null && { cache_write_tokens: this.written }),
      total_tokens: this.total,
      cached_share_pct: this.sharePrompt > 0 ? round(100 * (this.shareCached / this.sharePrompt), 2) : null,
      cost_usd: this.costUnits === null ? null : this.costUnits / 1e10,
      unpriced_turns: this.unpriced,
    };
  }
}

class SessionAcc extends Acc {
  first = Infinity;
  last = -Infinity;
  firstTs = "";
  lastTs = "";
  readonly models: string[] = [];

  see(r: ReadRecord): void {
    this.add(r.record);
    if (r.time < this.first) [this.first, this.firstTs] = [r.time, r.record.ts];
    if (r.time >= this.last) [this.last, this.lastTs] = [r.time, r.record.ts];
    if (!this.models.includes(r.record.model)) this.models.push(r.record.model);
  }
}

/** Rounds away float noise (0.1 + 0.2) in sums. */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Local date of an epoch-ms time, YYYY-MM-DD. */
export function localDay(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

export class UsageAggregator {
  private readonly all = new Acc();
  private readonly models = new Map<string, Acc>();
  private readonly days = new Map<string, Acc>();
  private readonly sessions = new Map<string, SessionAcc>();
  /** Per local hour: [start ms, tokens, cost]. */
  private readonly hours = new Map<number, [number, number]>();
  private first = Infinity;
  private last = -Infinity;
  private firstTs: string | null = null;
  private lastTs: string | null = null;
  // The local day and hour of the previous record: logs are in time order, so most records
  // fall into the same hour as the one before and skip the date arithmetic.
  private hourStart = NaN;
  private hourEnd = NaN;
  private hourDay = "";

  add(r: ReadRecord): void {
    const { record, time } = r;
    this.all.add(record);
    getOr(this.models, record.model, () => new Acc()).add(record);
    let session = this.sessions.get(record.session_id);
    if (!session) this.sessions.set(record.session_id, (session = new SessionAcc()));
    session.see(r);
    if (!(time >= this.hourStart && time < this.hourEnd)) {
      const d = new Date(time);
      this.hourStart = new Date(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours()).getTime();
      this.hourEnd = new Date(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours() + 1).getTime();
      this.hourDay = localDay(time);
    }
    getOr(this.days, this.hourDay, () => new Acc()).add(record);
    const hour = this.hours.get(this.hourStart);
    const tokens = record.total_tokens ?? 0;
    const cost = record.cost_usd ?? 0;
    if (hour) {
      hour[0] += tokens;
      hour[1] += cost;
    } else this.hours.set(this.hourStart, [tokens, cost]);
    if (time < this.first) [this.first, this.firstTs] = [time, record.ts];
    if (time >= this.last) [this.last, this.lastTs] = [time, record.ts];
  }

  summary(): UsageSummary {
    const byModel = [...this.models].map(([model, acc]) => ({ model, ...acc.totals() }));
    byModel.sort((a, b) => (b.total_tokens ?? 0) - (a.total_tokens ?? 0) || cmp(a.model, b.model));
    const byDay = [...this.days].map(([day, acc]) => ({ day, ...acc.totals() })).sort((a, b) => cmp(a.day, b.day));
    const bySession = [...this.sessions]
      .sort(([ida, a], [idb, b]) => b.last - a.last || cmp(ida, idb))
      .map(([session_id, acc]) => ({
        session_id,
        first_ts: acc.firstTs,
        last_ts: acc.lastTs,
        models: acc.models,
        ...acc.totals(),
      }));
    return {
      turns: this.all.turns,
      sessions: this.sessions.size,
      first_ts: this.firstTs,
      last_ts: this.lastTs,
      totals: this.all.totals(),
      by_model: byModel,
      by_day: byDay,
      by_session: bySession,
    };
  }

  /** Tokens and cost per local hour, in time order (hours without records are absent). */
  hourly(): TimeBucket[] {
    return [...this.hours]
      .map(([start, [tokens, cost]]) => ({ start, total_tokens: tokens, cost_usd: cost }))
      .sort((a, b) => a.start - b.start);
  }

  get timeRange(): { first: number; last: number } | undefined {
    return this.first === Infinity ? undefined : { first: this.first, last: this.last };
  }
}

function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
