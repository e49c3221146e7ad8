// Where rollout files live and how they are named (same as upstream Codex):
//   CODEX_HOME/sessions/YYYY/MM/DD/rollout-YYYY-MM-DDThh-mm-ss-<uuid>.jsonl
// The date folders and the file-name timestamp use LOCAL time; `:` is replaced by `-`.

import { join } from "node:path";

export const SESSIONS_SUBDIR = "sessions";

const UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const UUID_RE = new RegExp(`^${UUID_PATTERN}$`);
const ROLLOUT_FILE_RE = new RegExp(`^rollout-(\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2})-(${UUID_PATTERN})\\.jsonl$`);

export function isUuid(text: string): boolean {
  return UUID_RE.test(text);
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** `YYYY-MM-DDThh-mm-ss` in local time, as used in rollout file names. */
export function fileTimestamp(date: Date): string {
  return (
    `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}` +
    `T${pad2(date.getHours())}-${pad2(date.getMinutes())}-${pad2(date.getSeconds())}`
  );
}

export function sessionsRoot(codexHome: string): string {
  return join(codexHome, SESSIONS_SUBDIR);
}

/** `CODEX_HOME/sessions/YYYY/MM/DD` for `date` (local time). */
export function rolloutDir(codexHome: string, date: Date): string {
  return join(sessionsRoot(codexHome), String(date.getFullYear()), pad2(date.getMonth() + 1), pad2(date.getDate()));
}

export function rolloutFileName(date: Date, sessionId: string): string {
  return `rollout-${fileTimestamp(date)}-${sessionId}.jsonl`;
}

export function rolloutPath(codexHome: string, date: Date, sessionId: string): string {
  return join(rolloutDir(codexHome, date), rolloutFileName(date, sessionId));
}

export interface ParsedRolloutFileName {
  /** `YYYY-MM-DDThh-mm-ss` (local time of creation). */
  fileTimestamp: string;
  /** Session id, lower-cased. */
  id: string;
}

export function parseRolloutFileName(name: string): ParsedRolloutFileName | null {
  const match = ROLLOUT_FILE_RE.exec(name);
  if (!match) return null;
  return { fileTimestamp: match[1]!, id: match[2]!.toLowerCase() };
}

/** ISO 8601 UTC with milliseconds and `Z` (the rollout line `timestamp`). */
export function isoTimestamp(date: Date = new Date()): string {
  return date.toISOString();
}
