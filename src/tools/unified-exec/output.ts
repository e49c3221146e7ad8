// What the model reads back from exec_command and write_stdin, in upstream 0.169's form
// (observed with the upstream binary, and its unified_exec handler):
//
//   Chunk ID: 4c37ab
//   Wall time: 0.5057 seconds
//   Process exited with code 3          <- once the process has exited
//   Process running with session ID 1000 <- or while it still runs
//   Original token count: 12500
//   Output:
//   <text>
//
// Tokens are approximated as 4 bytes each. Output over the budget (`max_output_tokens`, default
// 10 000) keeps its first and last half of the budget's bytes (cut at character boundaries)
// around `…N tokens truncated…`, under the lines `Warning: truncated output (original token
// count: N)` and `Total output lines: L` and an empty line.
import { randomBytes } from "node:crypto";

export const DEFAULT_MAX_OUTPUT_TOKENS = 10_000;
const BYTES_PER_TOKEN = 4;

export const approxTokenCount = (text: string): number => Math.ceil(Buffer.byteLength(text) / BYTES_PER_TOKEN);

const isContinuationByte = (b: number | undefined) => b !== undefined && (b & 0xc0) === 0x80;

/** `text` within `maxTokens`: unchanged when it fits, else head and tail around upstream's marker. */
export function truncateToTokens(text: string, maxTokens: number): string {
  const bytes = Buffer.from(text);
  const budget = Math.max(0, Math.floor(maxTokens)) * BYTES_PER_TOKEN;
  if (bytes.length <= budget) return text;
  let headEnd = Math.floor(budget / 2);
  while (headEnd > 0 && isContinuationByte(bytes[headEnd])) headEnd--;
  let tailStart = bytes.length - (budget - Math.floor(budget / 2));
  while (tailStart < bytes.length && isContinuationByte(bytes[tailStart])) tailStart++;
  const removed = Math.ceil((tailStart - headEnd) / BYTES_PER_TOKEN);
  return `${bytes.subarray(0, headEnd).toString()}…${removed} tokens truncated…${bytes.subarray(tailStart).toString()}`;
}

/** Lines as Rust's `str::lines` counts them: a final newline ends the last line. */
function lineCount(text: string): number {
  if (text === "") return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

export interface ExecResponse {
  wallTimeMs: number;
  /** Set once the process has exited. */
  exitCode: number | null;
  /** Set while the process still runs (write_stdin reaches it by this id). */
  sessionId: number | null;
  output: string;
  maxOutputTokens?: number;
}

/** The tool output the model reads, in upstream's layout. */
export function formatExecResponse(response: ExecResponse): string {
  const tokens = approxTokenCount(response.output);
  const budget = response.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
  const body =
    tokens > budget
      ? `Warning: truncated output (original token count: ${tokens})\nTotal output lines: ${lineCount(response.output)}\n\n${truncateToTokens(response.output, budget)}`
      : response.output;
  const sections = [
    `Chunk ID: ${randomBytes(3).toString("hex")}`,
    `Wall time: ${(response.wallTimeMs / 1000).toFixed(4)} seconds`,
  ];
  if (response.exitCode !== null) sections.push(`Process exited with code ${response.exitCode}`);
  if (response.sessionId !== null) sections.push(`Process running with session ID ${response.sessionId}`);
  sections.push(`Original token count: ${tokens}`, "Output:", body);
  return sections.join("\n");
}
