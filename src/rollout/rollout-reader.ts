// Reads a rollout file line by line (streaming; fine for very long sessions). Unknown record
// and event types are skipped silently; corrupt or cut-off lines are skipped with a counted
// warning naming the line. Never writes to the file.

import { readFileLines, type FileLine } from "./jsonl-lines.js";
import { RolloutLineParser, type RolloutFormat } from "./rollout-line-parser.js";
import type { RolloutRecord, SessionMetaPayload } from "./rollout-types.js";
import { errorMessage } from "../util/errors.js";

/** A rollout file cannot be used at all (missing, unreadable, or not a session). */
export class RolloutReadError extends Error {
  override readonly name = "RolloutReadError";

  constructor(
    message: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Only this many warning texts are kept; `invalidLines` still counts all of them. */
export const MAX_KEPT_WARNINGS = 50;

export interface RolloutReadStats {
  /** Lines seen, including empty and skipped ones. */
  lines: number;
  records: number;
  /** Lines of a type we do not model (skipped silently). */
  unknownSkipped: number;
  /** Corrupt / truncated / unusable lines (skipped with a warning). */
  invalidLines: number;
  /** Human-readable warnings, e.g. `rollout-….jsonl line 7: skipped corrupt line (invalid JSON …)`. */
  warnings: string[];
  /** Numbers of the first skipped corrupt lines (as many as `warnings`). */
  invalidLineNumbers: number[];
  /** How the file is written (null for an empty file). */
  format: RolloutFormat | null;
}

export function createReadStats(): RolloutReadStats {
  return {
    lines: 0,
    records: 0,
    unknownSkipped: 0,
    invalidLines: 0,
    warnings: [],
    invalidLineNumbers: [],
    format: null,
  };
}

/**
 * One line for the user about the damaged lines a read skipped (null when none were), e.g.
 * `rollout-….jsonl: skipped 3 damaged lines (7, 9, 12); the first: line 7: skipped corrupt line (…)`.
 */
export function skippedLinesSummary(path: string, stats: RolloutReadStats): string | null {
  if (stats.invalidLines === 0) return null;
  const first = stats.warnings[0]?.replace(`${fileLabel(path)} `, "") ?? "";
  if (stats.invalidLines === 1) return `${fileLabel(path)}: ${first}`;
  const shown = stats.invalidLineNumbers.slice(0, 10);
  const numbers = `${shown.join(", ")}${stats.invalidLines > shown.length ? ", …" : ""}`;
  return `${fileLabel(path)}: skipped ${stats.invalidLines} damaged lines (${numbers}); the first: ${first}`;
}

export interface ReadRolloutOptions {
  /** Receives every warning as it happens (also counted in the stats). */
  onWarning?: (warning: string) => void;
}

function fileLabel(path: string): string {
  const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return slash >= 0 ? path.slice(slash + 1) : path;
}

function ioError(path: string, err: unknown): RolloutReadError {
  const reason = errorMessage(err);
  return new RolloutReadError(`could not read session file ${path}: ${reason}`, path, { cause: err });
}

/** Yields the known records of a rollout file in order, updating `stats` as it goes. */
export async function* readRolloutRecords(
  path: string,
  stats: RolloutReadStats = createReadStats(),
  options: ReadRolloutOptions = {},
): AsyncGenerator<RolloutRecord> {
  const warn = (lineNo: number, text: string) => {
    stats.invalidLines += 1;
    const warning = `${fileLabel(path)} line ${lineNo}: ${text}`;
    if (stats.warnings.length < MAX_KEPT_WARNINGS) {
      stats.warnings.push(warning);
      stats.invalidLineNumbers.push(lineNo);
    }
    options.onWarning?.(warning);
  };
  const lines = readFileLines(path);
  const parser = new RolloutLineParser();
  while (true) {
    let next: IteratorResult<FileLine>;
    try {
      next = await lines.next();
    } catch (err) {
      throw ioError(path, err);
    }
    if (next.done) return;
    const line = next.value;
    stats.lines = line.lineNo;
    if (line.text.trim() === "") continue;
    const parsed = parser.parse(line.text);
    stats.format = parser.format;
    if (parsed.kind === "record") {
      stats.records += 1;
      yield parsed.record;
    } else if (parsed.kind === "unknown") {
      stats.unknownSkipped += 1;
    } else if (!line.terminated) {
      warn(line.lineNo, `skipped truncated last line (${parsed.reason})`);
    } else {
      warn(line.lineNo, `skipped corrupt line (${parsed.reason})`);
    }
  }
}

export interface RolloutContents {
  records: RolloutRecord[];
  stats: RolloutReadStats;
}

/** Reads the whole file into memory. Prefer {@link readRolloutRecords} for large files. */
export async function readRollout(path: string, options: ReadRolloutOptions = {}): Promise<RolloutContents> {
  const stats = createReadStats();
  const records: RolloutRecord[] = [];
  for await (const record of readRolloutRecords(path, stats, options)) records.push(record);
  return { records, stats };
}

/** The `session_meta` that must open every rollout file. */
export async function readSessionMeta(path: string): Promise<SessionMetaPayload> {
  for await (const record of readRolloutRecords(path)) {
    if (record.type === "session_meta") return record.payload;
    break;
  }
  throw new RolloutReadError(
    `session file ${path} does not start with session metadata (its first line is missing or damaged)`,
    path,
  );
}
