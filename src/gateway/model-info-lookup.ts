// Asking the proxy about the session's model: LiteLLM's per-model `/model_group/info`, else
// `/model/info` (an older proxy, a plain server, or a name only the deployment can explain).
import type { ProviderConfig } from "../config/providers.js";
import { httpRequest } from "./http.js";
import type { NetworkSettings } from "./tls-trust.js";
import { modelGroupFields, modelGroupInfoUrl } from "./model-group-info.js";
import { MODEL_LOOKUP_TIMEOUT_MS, modelInfoOf, modelInfoUrls, parseModelInfo, type ModelInfo } from "./models.js";
import { needsUpstreamModel } from "./prompt-cache.js";
import { HttpStatusError } from "./status-error.js";

/**
 * Asks the proxy what it knows about `model`; null when it lacks the endpoints or the model, an
 * error when it could not answer (an error status, a timeout).
 * LiteLLM's per-model `/model_group/info` first; `/model/info` where that route is missing (an
 * older proxy, a plain server) or where only the deployment's own model name can decide.
 */
export async function fetchModelInfo(
  provider: ProviderConfig,
  proxyHeaders: Record<string, string>,
  network: NetworkSettings,
  model: string,
  signal?: AbortSignal,
): Promise<ModelInfo | null> {
  const headers = { ...proxyHeaders, accept: "application/json" };
  const get = (url: string) =>
    httpRequest(url, { headers, signal, headersTimeoutMs: MODEL_LOOKUP_TIMEOUT_MS, network });
  const group = await get(modelGroupInfoUrl(provider.base_url, model));
  let described: ModelInfo | null = null;
  if (group.ok) {
    const fields = modelGroupFields(model, await group.json());
    described = fields ? modelInfoOf(model, fields) : null;
    if (!described || !needsUpstreamModel(described)) return described;
  } else group.discard();
  for (const url of modelInfoUrls(provider.base_url)) {
    const response = await get(`${url}?model=${encodeURIComponent(model)}`);
    if (response.status === 404) {
      response.discard();
      continue;
    }
    if (!response.ok) {
      if (described) return described;
      throw await HttpStatusError.from(response);
    }
    return parseModelInfo(model, await response.json()) ?? described;
  }
  return described;
}
