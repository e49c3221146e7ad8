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
// Output over the budget (`max_output_tokens`, default 10 000 tokens, never more than the
// session's truncation policy allows, e.g. `tool_output_token_limit`) is cut as
// output-truncation.ts cuts it, under the lines `Warning: truncated output (original token
// count: N)` and `Total output lines: L` and an empty line.
import { randomBytes } from "node:crypto";
import type { TruncationPolicy } from "../../protocol/policies.js";
import { approxTokenCount, formattedTruncateText, tokenBudget } from "../output-truncation.js";

export const DEFAULT_MAX_OUTPUT_TOKENS = 10_000;

export interface ExecResponse {
  wallTimeMs: number;
  /** Set once the process has exited. */
  exitCode: number | null;
  /** Set while the process still runs (write_stdin reaches it by this id). */
  sessionId: number | null;
  output: string;
  maxOutputTokens?: number;
}

/** The budget the model reads: what it asked for (else the default), clamped to the policy's. */
export function effectiveMaxOutputTokens(requested: number | undefined, policy: TruncationPolicy | undefined): number {
  const asked = requested ?? DEFAULT_MAX_OUTPUT_TOKENS;
  return policy ? Math.min(asked, tokenBudget(policy)) : asked;
}

/** The tool output the model reads, in upstream's layout. */
export function formatExecResponse(response: ExecResponse): string {
  const limit = response.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
  const body = formattedTruncateText(response.output, { mode: "tokens", limit });
  const sections = [
    `Chunk ID: ${randomBytes(3).toString("hex")}`,
    `Wall time: ${(response.wallTimeMs / 1000).toFixed(4)} seconds`,
  ];
  if (response.exitCode !== null) sections.push(`Process exited with code ${response.exitCode}`);
  if (response.sessionId !== null) sections.push(`Process running with session ID ${response.sessionId}`);
  sections.push(`Original token count: ${approxTokenCount(response.output)}`, "Output:", body);
  return sections.join("\n");
}
