// Small number and time formatters shared by the exec renderers (upstream's conventions).
import type { TokenUsage } from "../gateway/items.js";
import { formatWithSeparators } from "../util/numbers.js";

/** Upstream's compact duration: `<1s` → `"250ms"`, `<60s` → `"1.50s"`, else `"2m 05s"`. */
export function formatDuration(ms: number): string {
  const millis = Math.max(0, Math.floor(ms));
  if (millis < 1000) return `${millis}ms`;
  if (millis < 60_000) return `${(millis / 1000).toFixed(2)}s`;
  const minutes = Math.floor(millis / 60_000);
  const seconds = Math.floor((millis % 60_000) / 1000);
  return `${minutes}m ${String(seconds).padStart(2, "0")}s`;
}

/**
 * The usage line, with one definition of the figures everywhere (exec, /status, the usage log,
 * `telemetry`): input is the prompt tokens as LiteLLM and OpenAI report them, cached tokens
 * included; total is input + output. `Token usage: total=1,234 input=1,000 (of which 200 cached) output=234 (reasoning 100)`.
 */
export function formatTokenUsage(u: TokenUsage): string {
  const cached = u.cached_input_tokens > 0 ? ` (of which ${formatWithSeparators(u.cached_input_tokens)} cached)` : "";
  const reasoning =
    u.reasoning_output_tokens > 0 ? ` (reasoning ${formatWithSeparators(u.reasoning_output_tokens)})` : "";
  return (
    `Token usage: total=${formatWithSeparators(u.total_tokens)} input=${formatWithSeparators(u.input_tokens)}${cached}` +
    ` output=${formatWithSeparators(u.output_tokens)}${reasoning}`
  );
}

/** Local time as `2025-01-31T12:34:56` (the timestamp prefix upstream's human output used). */
export function formatLocalTimestamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return (
    `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}` +
    `T${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`
  );
}
