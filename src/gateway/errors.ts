export type GatewayErrorKind =
  | "auth" // 401/403 or a missing key
  | "model_not_found"
  | "context_window_exceeded"
  | "rate_limited" // 429 after retries
  | "quota" // budget / quota exhausted: not retried
  | "server" // 5xx after retries
  | "connection" // proxy unreachable after retries
  | "timeout" // stream idle past stream_idle_timeout_ms, after retries
  | "stream" // stream broke before completion, after retries
  | "incomplete" // response.incomplete (e.g. max_output_tokens)
  | "bad_request" // other 4xx
  | "aborted";

/**
 * A failure talking to the model, with a message a person can act on (it names the base
 * URL or the env var holding the key, never the key itself).
 */
export class GatewayError extends Error {
  constructor(
    readonly kind: GatewayErrorKind,
    message: string,
    readonly details: {
      status?: number;
      retryable?: boolean;
      retryAfterMs?: number;
      attempts?: number;
      body?: string;
      /** The error came from a LiteLLM proxy (x-litellm-* headers), with the retries it reports having made itself. */
      litellm?: { attemptedRetries: number | null; maxRetries: number | null };
      /** A budget refusal: what the key spent and may spend (USD), when the proxy said. */
      budget?: { spentUsd: number | null; maxBudgetUsd: number | null };
    } = {},
  ) {
    super(message);
    this.name = "GatewayError";
  }
}

const CONTEXT_WINDOW =
  /ContextWindowExceededError|context_length_exceeded|maximum context length|prompt is too long|exceeds? (the )?context|context (window|limit)/i;

export function looksLikeContextWindowError(text: string): boolean {
  return CONTEXT_WINDOW.test(text);
}

const QUOTA = /budget_exceeded|ExceededBudget|Budget has been exceeded|insufficient_quota|quota/i;

export function looksLikeQuotaError(text: string): boolean {
  return QUOTA.test(text);
}
