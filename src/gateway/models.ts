import type { Model } from "openai/resources/models";
import { z } from "zod";
import type { ProviderConfig } from "../config/providers.js";
import { httpRequest } from "./http.js";
import type { NetworkSettings } from "./tls-trust.js";
import { proxyUrl } from "./proxy-request.js";
import { HttpStatusError } from "./status-error.js";
import { isJsonObject } from "../util/json.js";
import { lazy } from "../util/lazy.js";
import { booleanOrNull as flag, numberOrNull as count, stringOrNull as label, validEntries } from "../util/schema.js";

const modelEntry = () =>
  z.object({ id: z.string(), owned_by: z.string().optional().catch(undefined) } satisfies Partial<
    Record<keyof Model, z.ZodType>
  >);
/** Built when a proxy first answers `/models` (exec's start-up never asks). */
const modelList = lazy(() => z.object({ data: validEntries(modelEntry()) }));

/** One model of the proxy's `/models` list. */
export type ModelEntry = z.infer<ReturnType<typeof modelEntry>>;

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
  const list = modelList().safeParse(await response.json());
  return (list.success ? list.data.data : []).map(({ id, owned_by }) => ({
    id,
    ...(owned_by !== undefined && { owned_by }),
  }));
}

/** LiteLLM serves `/model/info` at the proxy root (and under `/v1`); `base_url` usually ends in `/v1`. */
export function modelInfoUrls(baseUrl: string): string[] {
  const base = baseUrl.replace(/\/+$/, "");
  const root = base.replace(/\/v1$/, "");
  return [...new Set([`${root}/model/info`, `${base}/model/info`])];
}

/** `/model/info`'s schemas, built when model info is first read (from the proxy or the disk cache). */
const infoSchemas = lazy(() => {
  const limitsAndPrices = z.object({
    max_input_tokens: count,
    max_output_tokens: count,
    max_tokens: count,
    input_cost_per_token: count,
    output_cost_per_token: count,
    cache_read_input_token_cost: count,
    /** Price of a prompt token written to the cache (Anthropic's write premium). */
    cache_creation_input_token_cost: count,
    /** `model_info.litellm_provider` (e.g. `anthropic`, `bedrock`, `openai`). */
    litellm_provider: label,
  });
  const abilities = z.object({
    supports_prompt_caching: flag,
    supports_reasoning: flag,
    supports_function_calling: flag,
    supports_vision: flag,
    mode: label,
  });
  const infoFields = limitsAndPrices.extend(abilities.shape);
  const modelInfo = z.object({
    model_name: z.string(),
    ...infoFields.shape,
    /** `litellm_params.model`, the deployment LiteLLM calls (e.g. `anthropic/claude-sonnet-4-5`). */
    upstream_model: label,
  });

  /** One entry of LiteLLM's `/model/info` answer: `{model_name, model_info, litellm_params}`. */
  const infoEntry = z.object({
    model_name: z.string(),
    model_info: infoFields.catch(() => infoFields.parse({})),
    litellm_params: z.object({ model: label }).catch({ model: null }),
  });
  const infoAnswer = z.object({ data: validEntries(infoEntry) });
  return { modelInfo, infoAnswer };
});

/** What LiteLLM's `/model/info` knows about a model name. Unknown values are null. */
export type ModelInfo = z.infer<ReturnType<typeof infoSchemas>["modelInfo"]>;

/** `fields` as what is known about `model`: a field that is absent or of another type reads as unknown (null). */
export function modelInfoOf(model: string, fields: Readonly<Record<string, unknown>>): ModelInfo {
  return infoSchemas().modelInfo.parse({ ...fields, model_name: model });
}

export function parseModelInfo(model: string, body: unknown): ModelInfo | null {
  const answer = infoSchemas().infoAnswer.safeParse(body);
  const data = answer.success ? answer.data.data : [];
  const entry =
    data.find((d) => d.model_name === model) ?? data.find((d) => d.model_name === "*" || d.model_name === "openai/*");
  return entry ? modelInfoOf(model, { ...entry.model_info, upstream_model: entry.litellm_params.model }) : null;
}

/** A stored ModelInfo (the disk cache), checked field by field; undefined when it is not one. */
export function storedModelInfo(model: string, stored: unknown): ModelInfo | null | undefined {
  if (stored === null) return null;
  if (!isJsonObject(stored)) return undefined;
  return modelInfoOf(model, stored);
}

/**
 * How long a session waits for the proxy's answers about its models (the catalog, /model/info)
 * before it goes on without them: a busy proxy can take over 10 s to build them, and a session
 * that gave up would run with the baseline window and without prompt-cache breakpoints.
 */
export const MODEL_LOOKUP_TIMEOUT_MS = 30_000;
