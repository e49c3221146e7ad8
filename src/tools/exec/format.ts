// Command output as the model sees it, in upstream Codex's text form:
//
//   Exit code: N
//   Wall time: X.Y seconds
//   Total output lines: M        <- only when the output was truncated
//   Output:
//   <text>
//
// Upstream (core/src/tools/mod.rs, MODEL_FORMAT_* era; client.rs moves the "Total output lines"
// header out of the body into its own line): output within 10 KiB and 256 lines passes through
// unchanged. Otherwise the body keeps the first 128 lines (at most 5 KiB, cut at a character
// boundary), then a marker, then the last 128 lines trimmed from the front to what is left of
// the 10 KiB. The marker is `\n[... omitted K of M lines ...]\n\n` when lines were dropped, or
// `\n[... output truncated to fit 10240 bytes ...]\n\n` when only bytes were. A timed-out
// command's output starts with `command timed out after <ms> milliseconds`. Wall time is
// rounded to one decimal and printed like Rust prints an f32 (`0`, `0.1`, `2`, `12.3`).

import type { TruncationPolicy } from "../../protocol/policies.js";
import { lineCount, truncateText } from "../output-truncation.js";
import { capturedText, trimIncompleteUtf8End, trimIncompleteUtf8Start, type CapturedOutput } from "./capture.js";

export const MODEL_FORMAT_MAX_BYTES = 10 * 1024;
export const MODEL_FORMAT_MAX_LINES = 256;
export const MODEL_FORMAT_HEAD_LINES = MODEL_FORMAT_MAX_LINES / 2;
export const MODEL_FORMAT_TAIL_LINES = MODEL_FORMAT_MAX_LINES - MODEL_FORMAT_HEAD_LINES;
export const MODEL_FORMAT_HEAD_BYTES = MODEL_FORMAT_MAX_BYTES / 2;

const NEWLINE = 0x0a;

export interface FormattableResult {
  exitCode: number;
  durationMs: number;
  timedOut: boolean;
  /** stdout and stderr interleaved as they arrived. */
  aggregated: CapturedOutput;
}

export interface TruncatedBody {
  /** The (possibly truncated) output text. */
  text: string;
  /** Lines of the full output (including the timeout line). */
  totalLines: number;
  /** True when anything was cut. */
  truncated: boolean;
}

/** Largest prefix of `buf` of at most `max` bytes that ends on a character boundary. */
function takeBytesAtCharBoundary(buf: Buffer, max: number): Buffer {
  if (buf.length <= max) return buf;
  let end = max;
  while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80) end--;
  return buf.subarray(0, end);
}

/** Largest suffix of `buf` of at most `max` bytes that starts on a character boundary. */
function takeLastBytesAtCharBoundary(buf: Buffer, max: number): Buffer {
  if (buf.length <= max) return buf;
  let start = buf.length - max;
  while (start < buf.length && ((buf[start] ?? 0) & 0xc0) === 0x80) start++;
  return buf.subarray(start);
}

/** End offset of the first `n` lines of `buf` (segments ending in `\n`), or `buf.length` if it has fewer. */
function endOfFirstLines(buf: Buffer, n: number): number {
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const nl = buf.indexOf(NEWLINE, pos);
    if (nl === -1) return buf.length;
    pos = nl + 1;
  }
  return pos;
}

/**
 * Start offset of the last `n` lines of `buf`, where `buf` ends where the whole output ends.
 * Returns 0 when `buf` holds fewer than `n` complete line starts (the slice starts before it).
 */
function startOfLastLines(buf: Buffer, n: number): number {
  if (n === 0) return buf.length;
  // A trailing newline terminates the last line rather than starting a new one.
  let searchFrom = buf.length - 1;
  if (buf[searchFrom] === NEWLINE) searchFrom--;
  let found = 0;
  while (searchFrom >= 0) {
    const nl = buf.lastIndexOf(NEWLINE, searchFrom);
    if (nl === -1) return 0;
    found++;
    if (found === n) return nl + 1;
    searchFrom = nl - 1;
  }
  return 0;
}

/** Re-encodes bytes as UTF-8 text the way the model will see it (invalid bytes become U+FFFD). */
function normalizeUtf8(buf: Buffer): Buffer {
  return Buffer.from(buf.toString("utf8"), "utf8");
}

/**
 * Applies upstream's head+tail truncation to captured output, optionally preceded by `prefix`
 * (a complete line, e.g. the timeout notice). Exact for any capture whose head and tail windows
 * are at least 10 KiB each (the defaults are 64 KiB).
 */
export function truncateForModel(captured: CapturedOutput, prefix = ""): TruncatedBody {
  const prefixBuf = Buffer.from(prefix, "utf8");
  const prefixLines =
    prefix.length === 0 ? 0 : prefix.endsWith("\n") ? prefix.split("\n").length - 1 : prefix.split("\n").length;
  let headBuf: Buffer;
  let tailBuf: Buffer;
  let totalBytes: number;
  if (!captured.truncated) {
    const whole = normalizeUtf8(Buffer.concat([prefixBuf, captured.head, captured.tail]));
    headBuf = whole;
    tailBuf = whole;
    totalBytes = whole.length;
  } else {
    headBuf = Buffer.concat([prefixBuf, normalizeUtf8(trimIncompleteUtf8End(captured.head))]);
    tailBuf = normalizeUtf8(trimIncompleteUtf8Start(captured.tail));
    totalBytes = prefixBuf.length + captured.totalBytes;
  }
  const totalLines = prefixLines + captured.totalLines;

  if (!captured.truncated && totalBytes <= MODEL_FORMAT_MAX_BYTES && totalLines <= MODEL_FORMAT_MAX_LINES) {
    return { text: headBuf.toString("utf8"), totalLines, truncated: false };
  }

  const headTake = Math.min(MODEL_FORMAT_HEAD_LINES, totalLines);
  const tailTake = Math.min(MODEL_FORMAT_TAIL_LINES, totalLines - headTake);
  const omitted = totalLines - headTake - tailTake;
  const headSlice = headBuf.subarray(0, endOfFirstLines(headBuf, headTake));
  const tailSlice = tailBuf.subarray(startOfLastLines(tailBuf, tailTake));
  const marker =
    omitted > 0
      ? `\n[... omitted ${omitted} of ${totalLines} lines ...]\n\n`
      : totalBytes > MODEL_FORMAT_MAX_BYTES
        ? `\n[... output truncated to fit ${MODEL_FORMAT_MAX_BYTES} bytes ...]\n\n`
        : "";
  const markerBuf = Buffer.from(marker, "utf8");
  const headBudget = Math.min(MODEL_FORMAT_HEAD_BYTES, MODEL_FORMAT_MAX_BYTES - markerBuf.length);
  const headPart = takeBytesAtCharBoundary(headSlice, headBudget);
  const remaining = MODEL_FORMAT_MAX_BYTES - headPart.length - markerBuf.length;
  const tailPart = remaining > 0 ? takeLastBytesAtCharBoundary(tailSlice, remaining) : Buffer.alloc(0);
  const text = Buffer.concat([headPart, markerBuf, tailPart]).toString("utf8");
  return { text, totalLines, truncated: true };
}

/** The output cut to `policy`; "Total output lines" is shown when lines were dropped, as upstream shows it. */
function truncateToPolicy(captured: CapturedOutput, prefix: string, policy: TruncationPolicy): TruncatedBody {
  const content = prefix + capturedText(captured);
  const text = truncateText(content, policy);
  const totalLines = lineCount(prefix) + captured.totalLines;
  return { text, totalLines, truncated: lineCount(text) !== totalLines };
}

/** Wall time in seconds, rounded to one decimal and printed like Rust's f32 Display. */
export function formatWallTime(durationMs: number): string {
  return String(Math.round(durationMs / 100) / 10);
}

/**
 * The text sent back to the model for a finished command (upstream's freeform shell format); under
 * the model catalog's truncation policy the output is cut to it, as upstream cuts it.
 */
export function formatOutputForModel(result: FormattableResult, policy?: TruncationPolicy): string {
  const prefix = result.timedOut ? `command timed out after ${Math.floor(result.durationMs)} milliseconds\n` : "";
  const body = policy
    ? truncateToPolicy(result.aggregated, prefix, policy)
    : truncateForModel(result.aggregated, prefix);
  const sections = [`Exit code: ${result.exitCode}`, `Wall time: ${formatWallTime(result.durationMs)} seconds`];
  if (body.truncated) sections.push(`Total output lines: ${body.totalLines}`);
  sections.push("Output:", body.text);
  return sections.join("\n");
}

/** The output text for display (not for the model): complete, or head and tail around a marker. */
export { capturedText };
