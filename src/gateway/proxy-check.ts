// Checks used by onboarding (`login` and the TUI's first run): is there a proxy at this URL,
// and does it accept this key.
import {
  DEFAULT_REQUEST_MAX_RETRIES,
  DEFAULT_STREAM_IDLE_TIMEOUT_MS,
  DEFAULT_STREAM_MAX_RETRIES,
  type ProviderConfig,
} from "../config/providers.js";
import { httpRequest, RequestFailedError } from "./http.js";
import type { WireApi } from "../config/schema.js";
import { ONBOARDING_ENV_KEY, ONBOARDING_PROVIDER_ID } from "../config/onboarding.js";
import { Gateway } from "./client.js";
import { GatewayError } from "./errors.js";
import { networkOf } from "./proxy-request.js";
import type { ModelEntry } from "./models.js";
import { errnoCode, errorMessage } from "../util/errors.js";

/** The provider onboarding talks to; `configured` (the litellm provider in config.toml) lends its headers, key header and CA file. */
export function onboardingProvider(baseUrl: string, wireApi: WireApi, configured?: ProviderConfig): ProviderConfig {
  return {
    id: ONBOARDING_PROVIDER_ID,
    name: "LiteLLM",
    base_url: baseUrl.replace(/\/+$/, ""),
    env_key: ONBOARDING_ENV_KEY,
    wire_api: wireApi,
    query_params: configured?.query_params ?? {},
    http_headers: configured?.http_headers ?? {},
    env_http_headers: configured?.env_http_headers ?? {},
    ...(configured?.api_key_header && { api_key_header: configured.api_key_header }),
    ...(configured?.ca_certificate && { ca_certificate: configured.ca_certificate }),
    request_max_retries: DEFAULT_REQUEST_MAX_RETRIES,
    stream_max_retries: DEFAULT_STREAM_MAX_RETRIES,
    stream_idle_timeout_ms: DEFAULT_STREAM_IDLE_TIMEOUT_MS,
  };
}

/** `http://host:4000` → try `…/v1` first (where LiteLLM serves the OpenAI routes), then the URL as given. */
export function baseUrlCandidates(baseUrl: string): string[] {
  const trimmed = baseUrl.trim().replace(/\/+$/, "");
  return /\/v1$/.test(trimmed) ? [trimmed] : [`${trimmed}/v1`, trimmed];
}

/**
 * Is something answering at `baseUrl`? Any HTTP answer to GET /models (even 401) counts;
 * returns null when reachable, else a message naming the URL and the reason.
 */
export async function probeProxy(baseUrl: string, configured?: ProviderConfig): Promise<string | null> {
  if (!/^https?:\/\/\S+/i.test(baseUrl.trim())) return `${baseUrl}: expected an http:// or https:// URL`;
  const url = `${baseUrlCandidates(baseUrl)[0]}/models`;
  try {
    const response = await httpRequest(url, {
      headersTimeoutMs: 10_000,
      network: networkOf(onboardingProvider(baseUrl, "responses", configured), process.env),
    });
    response.discard();
    return null;
  } catch (err) {
    const cause = err instanceof Error ? err.cause : undefined;
    const code = errnoCode(cause);
    const reason =
      code === "ECONNREFUSED"
        ? "connection refused (is the proxy running?)"
        : code === "ENOTFOUND"
          ? "host not found"
          : (code ?? (cause instanceof Error ? cause.message : undefined) ?? errorMessage(err));
    const via = err instanceof RequestFailedError && err.via ? ` through the proxy ${err.via}` : "";
    return `cannot reach ${baseUrl}${via}: ${reason}`;
  }
}

/** Lists the models the proxy serves to `apiKey`; settles the URL form that answers. Throws GatewayError. */
export async function connectWithKey(
  baseUrl: string,
  apiKey: string,
  wireApi: WireApi,
  configured?: ProviderConfig,
): Promise<{ gateway: Gateway; models: ModelEntry[] }> {
  let lastError: unknown;
  for (const url of baseUrlCandidates(baseUrl)) {
    const gateway = new Gateway(onboardingProvider(url, wireApi, configured), {
      env: { ...process.env, [ONBOARDING_ENV_KEY]: apiKey },
    });
    try {
      return { gateway, models: await gateway.listModels(AbortSignal.timeout(15_000)) };
    } catch (err) {
      lastError = err;
      if (!(err instanceof GatewayError) || err.kind !== "model_not_found") break; // a 404: try the next form
    }
  }
  throw lastError;
}
