import type { GatewayError } from "./errors.js";
import type { HeaderBag } from "./http.js";
/** Upstream Codex's backoff: 200 ms × 2^(attempt-1), with ±10% jitter. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = 200 * 2 ** Math.max(0, attempt - 1);
  return Math.round(base * (0.9 + random() * 0.2));
}

/** Delay the server asked for: `Retry-After` (seconds or HTTP date), `retry-after-ms`, or "try again in Xs/ms" text. */
export function serverRetryDelayMs(headers: HeaderBag | undefined, message = ""): number | undefined {
  const ms = headers?.get("retry-after-ms");
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  // LiteLLM passes an upstream's Retry-After on only as `llm_provider-retry-after`.
  const ra = headers?.get("retry-after") ?? headers?.get("llm_provider-retry-after");
  if (ra) {
    const secs = Number(ra);
    if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
    const date = Date.parse(ra);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  const m = /try again in\s*([\d.]+)\s*(ms|s|seconds?)\b/i.exec(message);
  if (m) return Math.round(Number(m[1]) * (m[2]?.toLowerCase() === "ms" ? 1 : 1000));
  return undefined;
}

/** From the first attempt, how long a failing backend is retried before it is reported. */
export const SERVER_RETRY_DEADLINE_MS = 10_000;
/**
 * Retries of a 5xx answered by a LiteLLM proxy that does not say how often it retried: it has
 * (its router's num_retries, its OpenAI client's own two), so one more attempt is enough for a
 * blip; more would multiply its retries (5 × 3 calls, 26 s, before this rule).
 */
export const LITELLM_SERVER_RETRIES = 1;

/**
 * Why a failed attempt is not retried: "" when it is not retryable or its retries are used up,
 * a reason for the message when a rule stops it, null to retry it after `elapsedMs` (from the
 * first attempt to the end of the next wait).
 */
export function retryRefusal(error: GatewayError, retries: number, max: number, elapsedMs: number): string | null {
  if (!error.details.retryable || retries > max) return "";
  if (error.kind !== "server") return null;
  const proxy = error.details.litellm;
  if (proxy) {
    const attempted = proxy.attemptedRetries ?? 0;
    if (attempted > 0) return `the proxy already retried it ${attempted} ${attempted === 1 ? "time" : "times"}`;
    if (proxy.maxRetries === null && retries > LITELLM_SERVER_RETRIES) return "the proxy retries on its own";
  }
  if (elapsedMs > SERVER_RETRY_DEADLINE_MS) return `still failing after ${formatWait(elapsedMs)}`;
  return null;
}

/** A wait or a duration as a person reads it: `800 ms`, `2 s`, `1.5 s`. */
export function formatWait(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) || s >= 10 ? Math.round(s) : s.toFixed(1)} s`;
}

/** Sleeps, waking early (with an AbortError) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export function abortError(): Error {
  const err = new Error("aborted");
  err.name = "AbortError";
  return err;
}
