// The token and cost chart of `summary`: per local hour when the records span two days or
// less, per day otherwise; consecutive points are merged when there are more than fit.

import asciichart from "asciichart";
import type { TimeBucket } from "./aggregate.js";
import { localDay } from "./aggregate.js";
import { formatCompact } from "./format.js";

export interface TimeSeries {
  /** "hour", "day", "3 hours", "2 days"… */
  unit: string;
  /** Label of each point (its local start). */
  labels: string[];
  tokens: number[];
  cost: number[];
}

const HOURLY_SPAN_MS = 48 * 3_600_000;

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function nextHour(start: number): number {
  const d = new Date(start);
  const next = new Date(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours() + 1).getTime();
  return next > start ? next : start + 3_600_000;
}

function nextDay(start: number): number {
  const d = new Date(start);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
}

function dayStart(time: number): number {
  const d = new Date(time);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** Fills the gaps between the hourly buckets and picks hours or days; undefined when empty. */
export function timeSeries(hourly: readonly TimeBucket[], maxPoints: number): TimeSeries | undefined {
  const first = hourly[0]?.start;
  const last = hourly.at(-1)?.start;
  if (first === undefined || last === undefined) return undefined;
  const perHour = last - first <= HOURLY_SPAN_MS;
  const keyOf = perHour ? (t: number) => t : dayStart;
  const step = perHour ? nextHour : nextDay;
  const sums = new Map<number, TimeBucket>();
  for (const b of hourly) {
    const key = keyOf(b.start);
    const s = sums.get(key);
    if (s) {
      s.total_tokens += b.total_tokens;
      s.cost_usd += b.cost_usd;
    } else sums.set(key, { ...b, start: key });
  }
  const points: TimeBucket[] = [];
  for (let t = keyOf(first); t <= last; t = step(t))
    points.push(sums.get(t) ?? { start: t, total_tokens: 0, cost_usd: 0 });
  const group = Math.max(1, Math.ceil(points.length / Math.max(1, maxPoints)));
  const label = (t: number) => {
    if (!perHour) return localDay(t);
    const d = new Date(t);
    return `${localDay(t)} ${pad2(d.getHours())}:00`;
  };
  const out: TimeSeries = {
    unit: `${group === 1 ? "" : `${group} `}${perHour ? "hour" : "day"}${group === 1 ? "" : "s"}`,
    labels: [],
    tokens: [],
    cost: [],
  };
  for (const [i, point] of points.entries()) {
    if (i % group !== 0) continue;
    const slice = points.slice(i, i + group);
    out.labels.push(label(point.start));
    out.tokens.push(slice.reduce((a, b) => a + b.total_tokens, 0));
    out.cost.push(slice.reduce((a, b) => a + b.cost_usd, 0));
  }
  return out;
}

const HEIGHT = 8;

function plot(values: number[], format: (x: number) => string, color: boolean): string[] {
  const min = Math.min(0, ...values);
  const max = Math.max(...values);
  const levels = Array.from({ length: HEIGHT + 1 }, (_, i) => min + ((max - min) * i) / HEIGHT);
  const width = Math.max(6, ...levels.map((l) => format(l).length));
  const chart = asciichart.plot(values, {
    height: HEIGHT,
    min,
    format: (x) => format(x).padStart(width),
    ...(color ? { colors: [asciichart.cyan] } : {}),
  });
  return chart.split("\n");
}

/** Cost axis labels with as many decimals as the largest value needs. */
function costFormat(max: number): (x: number) => string {
  const digits = max >= 10 ? 2 : max >= 0.1 ? 3 : max >= 0.01 ? 4 : 6;
  return (x) => `$${x.toFixed(digits)}`;
}

/** X axis under a chart: the first label at the plot's left edge, the last at its right. */
function axis(lines: string[], first: string, last: string, points: number): string {
  const row = lines[lines.length - 1] ?? "";
  const left = Math.max(row.indexOf("┤"), row.indexOf("┼")) + 1;
  if (points < 2 || first === last) return `${" ".repeat(left)}${first}`;
  const gap = Math.max(2, points - first.length - last.length);
  return `${" ".repeat(left)}${first}${" ".repeat(gap)}${last}`;
}

/** Tokens (and cost, when any turn was priced) over time; empty when there is under two points. */
export function renderCharts(series: TimeSeries | undefined, options: { color: boolean }): string {
  const first = series?.labels[0];
  const last = series?.labels.at(-1);
  if (!series || series.labels.length < 2 || first === undefined || last === undefined) return "";
  const n = series.labels.length;
  const blocks: string[] = [];
  const tokens = plot(series.tokens, formatCompact, options.color);
  blocks.push([`Total tokens per ${series.unit}`, ...tokens, axis(tokens, first, last, n)].join("\n"));
  if (series.cost.some((c) => c > 0)) {
    const cost = plot(series.cost, costFormat(Math.max(...series.cost)), options.color);
    blocks.push([`Cost (USD) per ${series.unit}`, ...cost, axis(cost, first, last, n)].join("\n"));
  }
  return blocks.join("\n\n");
}
