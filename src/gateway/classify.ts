// Turns what a request throws into GatewayErrors with messages a person can act on.
import { NetworkSetupError, RequestFailedError, RequestTimeoutError, type HeaderBag } from "./http.js";
import { HttpStatusError } from "./status-error.js";
import type { ProviderConfig } from "../config/providers.js";
import { GatewayError, looksLikeContextWindowError, looksLikeQuotaError } from "./errors.js";
import { serverRetryDelayMs } from "./retry.js";
import { formatMs, StreamEventTooLargeError, StreamIdleTimeoutError } from "./sse.js";
import { redactSecret } from "../util/redact.js";
import { errnoCode, errorMessage } from "../util/errors.js";
import { formatUsd } from "../util/numbers.js";

const MODEL_NOT_FOUND = /Invalid model name|model_not_found|does not exist|no such model|model .*not found/i;
/** LiteLLM's UnsupportedParamsError (or a provider's own refusal) naming the reasoning parameter. */
const REASONING_REFUSED =
  /(UnsupportedParams|does not support|not supported|unsupported|unrecognized|unknown)[^.]*\breasoning(_effort)?\b|\breasoning(_effort)?\b[^.]*(not supported|unsupported|is not allowed)/i;

/** A refusal naming the web search tool or `web_search_options` (a backend that cannot search, LiteLLM without drop_params). */
const WEB_SEARCH_REFUSED = /\bweb_search(_options|_preview)?\b/i;

export function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === "AbortError";
}

/** The server's own message (LiteLLM's `{error: {message}}`, else the body), on one line. */
function serverMessage(err: HttpStatusError): string {
  return err.message.replace(/\s+/g, " ").trim();
}

/** Classifies a failure before any stream data arrived (HTTP status, network). */
export function classifyRequestError(err: unknown, provider: ProviderConfig, secret?: string): GatewayError {
  if (err instanceof GatewayError) return err;
  if (isAbort(err)) return new GatewayError("aborted", "request cancelled");
  const where = `the LiteLLM proxy at ${provider.base_url}`;
  if (err instanceof RequestTimeoutError) {
    return new GatewayError(
      "timeout",
      `${where} did not answer within ${formatMs(provider.stream_idle_timeout_ms)} (stream_idle_timeout_ms = ${provider.stream_idle_timeout_ms})`,
      { retryable: true },
    );
  }
  if (err instanceof RequestFailedError) {
    const via = err.via ? ` through the proxy ${err.via}` : "";
    if (err instanceof NetworkSetupError)
      return new GatewayError("connection", `cannot reach ${where}${via}: ${err.message}`);
    return new GatewayError("connection", `cannot reach ${where}${via}: ${networkReason(err)}`, { retryable: true });
  }
  if (err instanceof HttpStatusError) {
    const status = err.status;
    const message = redactSecret(serverMessage(err), secret); // LiteLLM may echo a rejected key
    const retryAfterMs = serverRetryDelayMs(err.headers, message);
    if (status === 401 || status === 403) return rejectedKey(provider, where, status, message);
    const budget = budgetRefusal(err, message);
    if (budget)
      return new GatewayError(
        "quota",
        `budget exhausted: ${budget.spent} at ${where} (HTTP ${status}); ask the proxy's admin to raise the key's budget or wait for its reset. The proxy said: ${message}`,
        { status, budget: budget.figures },
      );
    if (status === 400 && /no connected db|no_db_connection/i.test(`${message} ${JSON.stringify(err.error ?? "")}`)) {
      // A DB-less LiteLLM proxy can only check its master key: any other key ends here.
      const key = provider.env_key ? `the key in ${provider.env_key}` : "the API key";
      return new GatewayError(
        "auth",
        `${where} could not accept ${key}: the proxy has no database, so only its master key works (HTTP 400: ${message}).`,
        { status },
      );
    }
    if (looksLikeContextWindowError(message))
      return new GatewayError("context_window_exceeded", `context window exceeded: ${message}`, { status });
    if (status === 404 || (status === 400 && MODEL_NOT_FOUND.test(message))) {
      return new GatewayError("model_not_found", message, { status });
    }
    if (looksLikeQuotaError(message))
      return new GatewayError("quota", `${where} refused the request (HTTP ${status}): ${message}`, { status });
    if (status === 429)
      return new GatewayError("rate_limited", `rate limited by ${where} (HTTP 429): ${message}`, {
        status,
        retryable: true,
        retryAfterMs,
      });
    if (status === 408 || status >= 500)
      return new GatewayError("server", `${where} failed (HTTP ${status}): ${message}`, {
        status,
        retryable: true,
        retryAfterMs,
        ...litellmRetries(err.headers),
      });
    const hint = REASONING_REFUSED.test(message)
      ? ' To send no reasoning effort, remove model_reasoning_effort from config.toml (or choose "default" in /model).'
      : WEB_SEARCH_REFUSED.test(message)
        ? ' To offer the model no web search, set web_search = "disabled" in config.toml (or -c web_search=disabled).'
        : "";
    return new GatewayError("bad_request", `${where} rejected the request (HTTP ${status}): ${message}${hint}`, {
      status,
    });
  }
  return new GatewayError("connection", `request to ${where} failed: ${errorMessage(err)}`, { retryable: true });
}

/** `message` ending in one full stop (the proxy's own often has one already). */
const sentence = (message: string) => (/[.!?]$/.test(message) ? message : `${message}.`);

function rejectedKey(provider: ProviderConfig, where: string, status: number, message: string): GatewayError {
  if (provider.auth) {
    const command = [provider.auth.command, ...provider.auth.args].join(" ");
    return new GatewayError(
      "auth",
      `${where} rejected the token from model_providers.${provider.id}.auth (HTTP ${status}): ${sentence(message)} Run \`${command}\` yourself to check that it prints a valid token (for LiteLLM's CLI: \`lite login\`).`,
      { status },
    );
  }
  if (provider.experimental_bearer_token)
    return new GatewayError(
      "auth",
      `${where} rejected model_providers.${provider.id}.experimental_bearer_token (HTTP ${status}): ${sentence(message)}`,
      { status },
    );
  const key = provider.env_key ? `the key in ${provider.env_key}` : "the API key";
  const hint = provider.env_key ? ` Check ${provider.env_key} (run \`codex-litellm login\` to save a new key).` : "";
  return new GatewayError("auth", `${where} rejected ${key} (HTTP ${status}): ${sentence(message)}${hint}`, { status });
}

const BUDGET_MESSAGE = /Budget has been exceeded|ExceededBudget|over budget/i;
const FIGURES = /(?:Current cost|Spend)\s*[:=]\s*([\d.eE+-]+)[\s\S]*?(?:Max budget|Budget)\s*[:=]\s*([\d.eE+-]+)/i;

/** LiteLLM's BudgetExceededError (`type: budget_exceeded`, HTTP 422 in 1.110, 429 or 400 in others), with its figures. */
function budgetRefusal(
  err: HttpStatusError,
  message: string,
): { spent: string; figures: { spentUsd: number | null; maxBudgetUsd: number | null } } | null {
  const type = typeof err.error === "object" && err.error !== null && "type" in err.error ? err.error.type : undefined;
  if (type !== "budget_exceeded" && !BUDGET_MESSAGE.test(message)) return null;
  const figures = FIGURES.exec(message);
  const number = (text: string | null | undefined) =>
    text !== null && text !== undefined && text !== "" && Number.isFinite(Number(text)) ? Number(text) : null;
  const spentUsd = number(figures?.[1]) ?? number(err.headers.get("x-litellm-key-spend"));
  const maxBudgetUsd = number(figures?.[2]) ?? number(err.headers.get("x-litellm-key-max-budget"));
  const spent =
    spentUsd !== null && maxBudgetUsd !== null
      ? `spent ${formatUsd(spentUsd)} of ${formatUsd(maxBudgetUsd)}`
      : "the key's budget is used up";
  return { spent, figures: { spentUsd, maxBudgetUsd } };
}

/** What a LiteLLM proxy says about its own retries (only present when the answer came from LiteLLM). */
function litellmRetries(headers: HeaderBag): {
  litellm?: { attemptedRetries: number | null; maxRetries: number | null };
} {
  const fromLiteLLM = ["x-litellm-call-id", "x-litellm-version", "x-litellm-model-id"].some((h) => headers.get(h));
  if (!fromLiteLLM) return {};
  const count = (name: string) => {
    const value = Number(headers.get(name) ?? "");
    return headers.get(name) && Number.isInteger(value) && value >= 0 ? value : null;
  };
  return {
    litellm: { attemptedRetries: count("x-litellm-attempted-retries"), maxRetries: count("x-litellm-max-retries") },
  };
}

/** Classifies a failure while reading a stream that had started. */
export function classifyStreamError(err: unknown, provider: ProviderConfig, secret?: string): GatewayError {
  if (err instanceof GatewayError) {
    const message = redactSecret(err.message, secret);
    return message === err.message ? err : new GatewayError(err.kind, message, err.details);
  }
  if (isAbort(err)) return new GatewayError("aborted", "request cancelled");
  // Asking again would bring the same oversized answer.
  if (err instanceof StreamEventTooLargeError)
    return new GatewayError("stream", `the response from ${provider.base_url} was refused: ${err.message}`, {
      retryable: false,
    });
  if (err instanceof StreamIdleTimeoutError)
    return new GatewayError("timeout", `the stream from ${provider.base_url} went idle: ${err.message}`, {
      retryable: true,
    });
  return new GatewayError(
    "stream",
    `the stream from ${provider.base_url} broke: ${err instanceof Error ? networkReason(err) : String(err)}`,
    { retryable: true },
  );
}

function networkReason(err: Error): string {
  let cause: unknown = err;
  let innermost = err.message;
  for (let i = 0; i < 5 && cause; i++) {
    if (cause instanceof Error && cause.message) innermost = cause.message;
    const code = errnoCode(cause);
    if (code) {
      const known: Record<string, string> = {
        ECONNREFUSED: "connection refused (is the proxy running?)",
        ENOTFOUND: "host not found (check base_url)",
        EAI_AGAIN: "DNS lookup failed (check base_url and your network)",
        ECONNRESET: "connection reset",
        ETIMEDOUT: "connection timed out",
        EPROTO: "TLS handshake failed (is it http:// rather than https://?)",
        ERR_SSL_WRONG_VERSION_NUMBER: "TLS handshake failed (the proxy may speak plain http://)",
        UND_ERR_SOCKET: "connection closed by the server",
      };
      return known[code] ?? code;
    }
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  // No error code: the deepest cause says most (not the wrapper's "fetch failed").
  return innermost;
}
