// The `telemetry summary|sessions|tail|export` actions. The CLI wiring (flags, config) lives in
// src/cli/commands/telemetry-cmd.ts and imports this module lazily.

import { writeFileAtomic } from "../../util/fs.js";
import { UsageAggregator } from "./aggregate.js";
import { renderCharts, timeSeries } from "./chart.js";
import { recordsToCsv, recordsToJson } from "./csv.js";
import { describeFilter, recordMatcher, type RecordFilter } from "./filter.js";
import { FileFollower, type FollowNotice } from "./follow.js";
import { formatRecordLine } from "./format.js";
import { lineHandler, malformedWarning, readUsage, readUsageRecords, type ReadStats } from "./read-usage.js";
import { parseUsageLine, type ReadRecord } from "./record.js";
import { renderRequestsTable, requestRowsOf, type RequestRow } from "./requests.js";
import { renderSessionsTable, renderSummaryTables } from "./tables.js";

export interface ReportIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colours in tables and charts. */
  color: boolean;
  /** Terminal width for the chart (default 80). */
  columns?: number;
}

export const processIO = (color: boolean): ReportIO => ({
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  color,
  columns: process.stdout.columns,
});

const missingMessage = (file: string) => `no usage recorded yet: ${file} does not exist`;

function warn(io: ReportIO, stats: ReadStats): void {
  const w = malformedWarning(stats);
  if (w) io.stderr(`codex-litellm: ${w}\n`);
}

/** What to say when nothing matched (the file exists). */
function emptyMessage(stats: ReadStats): string {
  return stats.records === 0
    ? `no usage recorded yet: ${stats.file} has no usage records`
    : `no usage records in ${stats.file} match the filters (${stats.records} records in all)`;
}

export interface SummaryOptions {
  json: boolean;
  chart: boolean;
  /** `request`: one row per model request instead of the tables by model, day and session. */
  by?: "request";
}

export async function runSummary(
  file: string,
  filter: RecordFilter,
  options: SummaryOptions,
  io: ReportIO,
): Promise<void> {
  const agg = new UsageAggregator();
  const rows: RequestRow[] = [];
  const byRequest = options.by === "request";
  const stats = await readUsage(file, filter, (r) => {
    agg.add(r);
    if (byRequest) rows.push(...requestRowsOf(r));
  });
  warn(io, stats);
  if (options.json) {
    const header = {
      log: file,
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      filters: describeFilter(filter),
      malformed_lines: stats.malformed,
    };
    const doc = byRequest
      ? { ...header, requests: rows, totals: agg.summary().totals }
      : { ...header, ...agg.summary() };
    if (!stats.exists) io.stderr(`codex-litellm: ${missingMessage(file)}\n`);
    io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
    return;
  }
  if (!stats.exists) return io.stdout(`${missingMessage(file)}\n`);
  if (stats.matched === 0) return io.stdout(`${emptyMessage(stats)}\n`);
  if (byRequest)
    return io.stdout(
      `LiteLLM requests from ${file}\n${renderRequestsTable(rows, agg.summary().totals, { color: io.color })}\n`,
    );
  const parts = [`LiteLLM usage from ${file}`, renderSummaryTables(agg.summary(), { color: io.color })];
  if (options.chart) {
    const charts = renderCharts(timeSeries(agg.hourly(), Math.max(20, (io.columns ?? 80) - 16)), { color: io.color });
    if (charts) parts.push("", charts);
  }
  io.stdout(`${parts.join("\n")}\n`);
}

export async function runSessions(
  file: string,
  filter: RecordFilter,
  options: { json: boolean; limit?: number },
  io: ReportIO,
): Promise<void> {
  const agg = new UsageAggregator();
  const stats = await readUsage(file, filter, (r) => agg.add(r));
  warn(io, stats);
  const sessions = agg.summary().by_session.slice(0, options.limit);
  if (options.json) {
    if (!stats.exists) io.stderr(`codex-litellm: ${missingMessage(file)}\n`);
    io.stdout(`${JSON.stringify(sessions, null, 2)}\n`);
    return;
  }
  if (!stats.exists) return io.stdout(`${missingMessage(file)}\n`);
  if (stats.matched === 0) return io.stdout(`${emptyMessage(stats)}\n`);
  io.stdout(`${renderSessionsTable(sessions, { color: io.color })}\n`);
}

export interface ExportOptions {
  format: "csv" | "json";
  output?: string;
}

export async function runExport(
  file: string,
  filter: RecordFilter,
  options: ExportOptions,
  io: ReportIO,
): Promise<void> {
  const { stats, records } = await readUsageRecords(file, filter);
  warn(io, stats);
  if (!stats.exists) io.stderr(`codex-litellm: ${missingMessage(file)}\n`);
  const plain = records.map((r) => r.record);
  const text = options.format === "csv" ? recordsToCsv(plain) : recordsToJson(plain);
  if (options.output === undefined || options.output === "-") return io.stdout(text);
  await writeFileAtomic(options.output, text);
  io.stderr(
    `codex-litellm: wrote ${records.length} ${records.length === 1 ? "record" : "records"} to ${options.output}\n`,
  );
}

export interface TailOptions {
  /** Existing records to print first. */
  lines: number;
  follow: boolean;
  json: boolean;
  intervalMs: number;
  /** Stops following (SIGINT); without it, `follow` runs until the process ends. */
  signal?: AbortSignal;
}

const NOTICES: Record<FollowNotice, string> = {
  created: "was created; following it",
  truncated: "was truncated; reading it from the start",
  replaced: "was replaced (rotated); following the new file",
  removed: "was removed; waiting for it to come back",
};

/** The last `lines` matching records, then (with `follow`) every new one as it is appended. */
export async function runTail(file: string, filter: RecordFilter, options: TailOptions, io: ReportIO): Promise<void> {
  const show = (r: ReadRecord) => io.stdout(`${options.json ? r.line : formatRecordLine(r.record, r.time)}\n`);
  // Existing lines go through a ring buffer; once caught up, lines are printed as they come.
  const ring: ReadRecord[] = [];
  let next = 0;
  let live = false;
  const stats: ReadStats = { file, exists: true, records: 0, matched: 0, malformed: 0, bytes: 0 };
  const collect = lineHandler(stats, filter, (r) => {
    if (options.lines <= 0) return;
    if (ring.length < options.lines) ring.push(r);
    else ring[next] = r;
    next = (next + 1) % options.lines;
  });
  const matches = recordMatcher(filter);
  const follower = new FileFollower(file, {
    onLine: (text, lineNo) => {
      if (!live) return collect(text, lineNo);
      if (text.trim() === "") return;
      const parsed = parseUsageLine(text);
      if (!parsed) io.stderr(`codex-litellm: warning: skipped a malformed line (line ${lineNo} of ${file})\n`);
      else if (matches(parsed.record, parsed.time)) show(parsed);
    },
    onNotice: (n) => io.stderr(`codex-litellm: ${file} ${NOTICES[n]}\n`),
  });
  try {
    await follower.poll();
    if (!options.follow) follower.flush();
    stats.exists = follower.isOpen;
    warn(io, stats);
    for (const r of [...ring.slice(next), ...ring.slice(0, next)]) show(r);
    live = true;
    if (!stats.exists)
      io.stderr(`codex-litellm: ${missingMessage(file)}${options.follow ? "; waiting for it to be created" : ""}\n`);
    if (options.follow) await follower.run(options.intervalMs, options.signal ?? new AbortController().signal);
  } finally {
    await follower.close();
  }
}
