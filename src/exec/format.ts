// Small number and time formatters shared by the exec renderers (upstream's conventions).
import type { TokenUsage } from "../gateway/items.js";

/** `1234567` → `"1,234,567"` (upstream's `format_with_separators`, en locale). */
export function formatWithSeparators(n: number): string {
  const sign = n < 0 ? "-" : "";
  const digits = String(Math.trunc(Math.abs(n)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Upstream's compact duration: `<1s` → `"250ms"`, `<60s` → `"1.50s"`, else `"2m 05s"`. */
export function formatDuration(ms: number): string {
  const millis = Math.max(0, Math.floor(ms));
  if (millis < 1000) return `${millis}ms`;
  if (millis < 60_000) return `${(millis / 1000).toFixed(2)}s`;
  const minutes = Math.floor(millis / 60_000);
  const seconds = Math.floor((millis % 60_000) / 1000);
  return `${minutes}m ${String(seconds).padStart(2, "0")}s`;
}

/** US dollars to the micro-dollar, trailing zeros dropped: `$0.0123`, `$1.50`, `$0.000042`. */
export function formatUsd(usd: number): string {
  const abs = Math.abs(usd);
  if (abs > 0 && abs < 0.000_001) return `${usd < 0 ? "-" : ""}<$0.000001`;
  const text = abs.toFixed(6).replace(/0+$/, "").replace(/\.(\d?)$/, (_m, d: string) => `.${d.padEnd(2, "0")}`);
  return `${usd < 0 && abs >= 0.000_001 ? "-" : ""}$${text}`;
}

/** Input tokens that were not served from the prompt cache. */
export function nonCachedInput(u: TokenUsage): number {
  return Math.max(0, u.input_tokens - Math.max(0, u.cached_input_tokens));
}

/** Upstream's "blended total": non-cached input plus output. */
export function blendedTotal(u: TokenUsage): number {
  return Math.max(0, nonCachedInput(u) + Math.max(0, u.output_tokens));
}

/** Upstream's usage line: `Token usage: total=1,234 input=1,000 (+ 200 cached) output=234 (reasoning 100)`. */
export function formatTokenUsage(u: TokenUsage): string {
  const cached = u.cached_input_tokens > 0 ? ` (+ ${formatWithSeparators(u.cached_input_tokens)} cached)` : "";
  const reasoning = u.reasoning_output_tokens > 0 ? ` (reasoning ${formatWithSeparators(u.reasoning_output_tokens)})` : "";
  return (
    `Token usage: total=${formatWithSeparators(blendedTotal(u))} input=${formatWithSeparators(nonCachedInput(u))}${cached}` +
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
