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
