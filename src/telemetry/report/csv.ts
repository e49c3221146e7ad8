// Exports: records as CSV (RFC 4180) or as a JSON array, fields in the log's order.

import { RECORD_FIELDS, type UsageRecord } from "./record.js";

/** One CSV field: quoted when it holds a comma, a quote, CR or LF (quotes doubled); null is empty. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Header row plus one row per record, CRLF line ends as RFC 4180 asks. */
export function recordsToCsv(records: readonly UsageRecord[]): string {
  const rows = [RECORD_FIELDS.join(",")];
  for (const r of records) rows.push(RECORD_FIELDS.map((f) => csvField(r[f])).join(","));
  return `${rows.join("\r\n")}\r\n`;
}

/** A JSON array with one record per line (fields in the log's order, missing extras as null). */
export function recordsToJson(records: readonly UsageRecord[]): string {
  if (records.length === 0) return "[]\n";
  return `[\n${records.map((r) => `  ${JSON.stringify(r)}`).join(",\n")}\n]\n`;
}
