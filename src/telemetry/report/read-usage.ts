// Streams the usage log line by line (never whole into memory), validates each line and hands
// matching records to a callback. Malformed lines are counted and skipped, never fatal.

import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { errnoCode, errorMessage, UserError } from "../../util/errors.js";
import { recordMatcher, type RecordFilter } from "./filter.js";
import { parseUsageLine, type ReadRecord } from "./record.js";

/** Splits byte chunks into lines (without "\n" or a trailing "\r"), numbering them from 1. */
export class LineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private pending = "";
  lineNo = 0;

  constructor(private readonly onLine: (text: string, lineNo: number) => void) {}

  push(chunk: Buffer): void {
    const text = this.pending + this.decoder.write(chunk);
    let start = 0;
    let nl = text.indexOf("\n");
    while (nl !== -1) {
      this.emit(text.slice(start, nl));
      start = nl + 1;
      nl = text.indexOf("\n", start);
    }
    this.pending = start === 0 ? text : text.slice(start);
  }

  /** The unterminated rest (a line still being written, or cut off). */
  get partial(): string {
    return this.pending;
  }

  /** Treats the unterminated rest as a last line. */
  end(): void {
    const rest = this.pending + this.decoder.end();
    this.pending = "";
    if (rest !== "") this.emit(rest);
  }

  /** Forgets the unterminated rest (the file was truncated or replaced). */
  reset(): void {
    this.pending = "";
    this.decoder.end();
    this.lineNo = 0;
  }

  private emit(line: string): void {
    this.lineNo += 1;
    this.onLine(line.endsWith("\r") ? line.slice(0, -1) : line, this.lineNo);
  }
}

export interface ReadStats {
  file: string;
  /** False when the log does not exist (nothing recorded yet). */
  exists: boolean;
  /** Valid records, before filtering. */
  records: number;
  /** Records that passed the filter. */
  matched: number;
  malformed: number;
  /** 1-based line number of the first malformed line. */
  firstMalformedLine?: number;
  /** Bytes read (the file's size when reading started, or `end`). */
  bytes: number;
}

/** Classifies lines: blank lines are ignored, invalid ones counted, matching ones handed on. */
export function lineHandler(
  stats: ReadStats,
  filter: RecordFilter,
  onRecord: (r: ReadRecord) => void,
): (text: string, lineNo: number) => void {
  const matches = recordMatcher(filter);
  return (text, lineNo) => {
    if (text.trim() === "") return;
    const parsed = parseUsageLine(text);
    if (!parsed) {
      stats.malformed += 1;
      stats.firstMalformedLine ??= lineNo;
      return;
    }
    stats.records += 1;
    if (matches(parsed.record, parsed.time)) {
      stats.matched += 1;
      onRecord(parsed);
    }
  };
}

export interface ReadUsageOptions {
  /** Read only this many bytes; the line in progress at that point is left unread. */
  end?: number;
  /** Called with the unterminated rest when `end` cut a line (only with `end`). */
  onPartial?: (text: string) => void;
}

/** Reads the whole log (or its first `end` bytes). A missing file gives `exists: false`. */
export async function readUsage(
  file: string,
  filter: RecordFilter,
  onRecord: (r: ReadRecord) => void,
  options: ReadUsageOptions = {},
): Promise<ReadStats> {
  const stats: ReadStats = { file, exists: true, records: 0, matched: 0, malformed: 0, bytes: 0 };
  const splitter = new LineSplitter(lineHandler(stats, filter, onRecord));
  if (options.end === 0) return stats;
  // Without an encoding the stream yields Buffers.
  const chunks: AsyncIterable<Buffer> = createReadStream(file, {
    highWaterMark: 1024 * 1024,
    ...(options.end !== undefined ? { end: options.end - 1 } : {}),
  });
  try {
    for await (const chunk of chunks) {
      stats.bytes += chunk.length;
      splitter.push(chunk);
    }
  } catch (err) {
    const code = errnoCode(err);
    if (code === "ENOENT") return { ...stats, exists: false };
    throw new UserError(`cannot read the usage log ${file}: ${code ?? errorMessage(err)}`, 1);
  }
  if (options.end !== undefined && options.onPartial) options.onPartial(splitter.partial);
  else splitter.end();
  return stats;
}

/** Reads every matching record into memory (for exports and `tail -n`). */
export async function readUsageRecords(
  file: string,
  filter: RecordFilter,
): Promise<{ stats: ReadStats; records: ReadRecord[] }> {
  const records: ReadRecord[] = [];
  const stats = await readUsage(file, filter, (r) => records.push(r));
  return { stats, records };
}

/** The one-line warning for skipped lines, or undefined when there were none. */
export function malformedWarning(stats: ReadStats): string | undefined {
  if (stats.malformed === 0) return undefined;
  const n = stats.malformed === 1 ? "1 malformed line" : `${stats.malformed} malformed lines`;
  return `warning: skipped ${n} in ${stats.file} (first at line ${stats.firstMalformedLine})`;
}
