import type { ProviderConfig } from "../config/providers.js";
import { httpRequest, type NetworkSettings } from "./http.js";
import { proxyUrl } from "./proxy-request.js";
import { HttpStatusError } from "./status-error.js";
import type { ModelEntry, ModelInfo } from "./types.js";
import { isJsonObject, type JsonObject } from "../util/json.js";

/** Model names the proxy serves to this key (`GET <base_url>/models`). */
export async function listModels(
  provider: ProviderConfig,
  headers: Record<string, string>,
  network: NetworkSettings,
  signal?: AbortSignal,
): Promise<ModelEntry[]> {
  const response = await httpRequest(proxyUrl(provider, "/models"), {
    headers: { ...headers, accept: "application/json" },
    signal,
    headersTimeoutMs: provider.stream_idle_timeout_ms,
    network,
  });
  if (!response.ok) throw await HttpStatusError.from(response);
  const body: unknown = await response.json();
  const data = isJsonObject(body) && Array.isArray(body.data) ? body.data.filter(isJsonObject) : [];
  return data.flatMap((m) =>
    typeof m.id === "string" ? [{ id: m.id, ...(typeof m.owned_by === "string" ? { owned_by: m.owned_by } : {}) }] : [],
  );
}

/** LiteLLM serves `/model/info` at the proxy root (and under `/v1`); `base_url` usually ends in `/v1`. */
export function modelInfoUrls(baseUrl: string): string[] {
  const base = baseUrl.replace(/\/+$/, "");
  const root = base.replace(/\/v1$/, "");
  return [...new Set([`${root}/model/info`, `${base}/model/info`])];
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
const bool = (v: unknown) => (typeof v === "boolean" ? v : null);

export function parseModelInfo(model: string, body: unknown): ModelInfo | null {
  const data = isJsonObject(body) && Array.isArray(body.data) ? body.data.filter(isJsonObject) : [];
  const entry =
    data.find((d) => d.model_name === model) ?? data.find((d) => d.model_name === "*" || d.model_name === "openai/*");
  if (!entry) return null;
  return modelInfoOf(model, isJsonObject(entry.model_info) ? entry.model_info : {}, entry.litellm_params);
}

/** A stored ModelInfo (the disk cache), checked field by field; undefined when it is not one. */
export function storedModelInfo(model: string, stored: unknown): ModelInfo | null | undefined {
  if (stored === null) return null;
  if (!isJsonObject(stored)) return undefined;
  return modelInfoOf(model, stored, { model: stored.upstream_model });
}

function modelInfoOf(model: string, info: JsonObject, litellmParams: unknown): ModelInfo {
  const upstream = isJsonObject(litellmParams) ? litellmParams.model : undefined;
  return {
    model_name: model,
    max_input_tokens: num(info.max_input_tokens),
    max_output_tokens: num(info.max_output_tokens),
    max_tokens: num(info.max_tokens),
    input_cost_per_token: num(info.input_cost_per_token),
    output_cost_per_token: num(info.output_cost_per_token),
    cache_read_input_token_cost: num(info.cache_read_input_token_cost),
    cache_creation_input_token_cost: num(info.cache_creation_input_token_cost),
    litellm_provider: typeof info.litellm_provider === "string" ? info.litellm_provider : null,
    upstream_model: typeof upstream === "string" ? upstream : null,
    supports_prompt_caching: bool(info.supports_prompt_caching),
    supports_reasoning: bool(info.supports_reasoning),
    supports_function_calling: bool(info.supports_function_calling),
    supports_vision: bool(info.supports_vision),
    mode: typeof info.mode === "string" ? info.mode : null,
  };
}

/**
 * How long a session waits for the proxy's answers about its models (the catalog, /model/info)
 * before it goes on without them: a busy proxy can take over 10 s to build them, and a session
 * that gave up would run with the baseline window and without prompt-cache breakpoints.
 */
export const MODEL_LOOKUP_TIMEOUT_MS = 30_000;

/** Asks the proxy what it knows about `model`; null when it lacks the endpoint or the model. */
export async function fetchModelInfo(
  provider: ProviderConfig,
  proxyHeaders: Record<string, string>,
  network: NetworkSettings,
  model: string,
  signal?: AbortSignal,
): Promise<ModelInfo | null> {
  const headers = { ...proxyHeaders, accept: "application/json" };
  for (const url of modelInfoUrls(provider.base_url)) {
    const response = await httpRequest(`${url}?model=${encodeURIComponent(model)}`, {
      headers,
      signal,
      headersTimeoutMs: MODEL_LOOKUP_TIMEOUT_MS,
      network,
    });
    if (!response.ok) {
      response.discard();
      if (response.status === 404) continue;
      return null;
    }
    return parseModelInfo(model, await response.json());
  }
  return null;
}
