// LiteLLM's per-model answer, `GET /model_group/info?model_group=<name>`: about a kilobyte for
// one model, where `/model/info` answers with every deployment and, behind a wildcard route, the
// whole cost map (megabytes, seconds on a busy proxy). Wildcard names resolve there too.
import { z } from "zod";
import { lazy } from "../util/lazy.js";
import { booleanOrNull as flag, numberOrNull as count, validEntries } from "../util/schema.js";

/** The answer's schema, built when a proxy first answers (a fresh cache asks nothing). */
const groupAnswer = lazy(() => {
  const pricing = z.object({ provider: z.string(), costs: z.record(z.string(), z.number()).catch({}) });

  const groupEntry = z.object({
    model_group: z.string(),
    providers: z.array(z.string()).catch([]),
    max_input_tokens: count,
    max_output_tokens: count,
    input_cost_per_token: count,
    output_cost_per_token: count,
    mode: z.string().nullable().catch(null),
    supports_reasoning: flag,
    supports_function_calling: flag,
    supports_vision: flag,
    deployment_pricing: validEntries(pricing),
  });
  return z.object({ data: validEntries(groupEntry) });
});

/** The proxy root's `/model_group/info` for `model` (`base_url` usually ends in `/v1`). */
export function modelGroupInfoUrl(baseUrl: string, model: string): string {
  const root = baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "");
  return `${root}/model_group/info?model_group=${encodeURIComponent(model)}`;
}

/** The one value every deployment agrees on, else null (a group balanced over differently priced backends). */
function agreed<T>(values: T[]): T | null {
  const distinct = [...new Set(values)];
  return distinct.length === 1 ? (distinct[0] ?? null) : null;
}

/**
 * `/model_group/info`'s entry for `model` as the fields `/model/info` would give (see ModelInfo
 * in models.ts); undefined when the proxy does not know the model. The group's flags default to
 * false in LiteLLM even for a model it has no metadata for, so they count only where it has some.
 */
export function modelGroupFields(model: string, body: unknown): Record<string, unknown> | undefined {
  const answer = groupAnswer().safeParse(body);
  const entry = answer.success ? answer.data.data.find((d) => d.model_group === model) : undefined;
  if (!entry) return undefined;
  const described = entry.max_input_tokens !== null || entry.input_cost_per_token !== null;
  const costs = entry.deployment_pricing.map((d) => d.costs);
  return {
    max_input_tokens: entry.max_input_tokens,
    max_output_tokens: entry.max_output_tokens,
    input_cost_per_token: entry.input_cost_per_token,
    output_cost_per_token: entry.output_cost_per_token,
    cache_read_input_token_cost: agreed(costs.map((c) => c.cache_read_input_token_cost ?? null)),
    cache_creation_input_token_cost: agreed(costs.map((c) => c.cache_creation_input_token_cost ?? null)),
    litellm_provider: agreed(entry.providers),
    ...(described && {
      mode: entry.mode,
      supports_reasoning: entry.supports_reasoning,
      supports_function_calling: entry.supports_function_calling,
      supports_vision: entry.supports_vision,
    }),
  };
}
