// doctor's "prompt cache" check: for each configured model, how its backend caches prompts —
// by itself, through the cache_control breakpoints we send, or not at all — from what the
// proxy's /model/info says about it and the `prompt_cache` setting.
import type { ResolvedConfig } from "../config/load.js";
import { Gateway } from "../gateway/client.js";
import { cachePlan, promptCacheSetting, type CachePlan } from "../gateway/prompt-cache.js";
import { ok, skip, warn, type DoctorCheck } from "./check-result.js";

const NAME = "prompt cache";

function describe(plan: CachePlan): string {
  if (plan.breakpoints) return `through our cache breakpoints: ${plan.reason}`;
  if (plan.strategy === "automatic") return `automatically: ${plan.reason}`;
  // A backend that needs breakpoints, with prompt_cache = "off", does not cache either.
  if (plan.strategy === "none" || plan.strategy === "breakpoints") return `not at all: ${plan.reason}`;
  return `not known: ${plan.reason}`;
}

export async function promptCacheCheck(
  config: ResolvedConfig,
  env: NodeJS.ProcessEnv,
  models: { label: string; model: string }[],
  ready: boolean,
): Promise<DoctorCheck> {
  const named = Object.keys(config.models).filter((model) => !models.some((m) => m.model === model));
  const all = [...models, ...named.map((model) => ({ label: model, model }))];
  if (all.length === 0) return skip(NAME, "skipped: no model configured");
  if (!ready) return skip(NAME, "skipped: the proxy cannot be asked what serves the models");
  const gateway = new Gateway(config.provider, { env });
  const described = await Promise.all(all.map(async (m) => ({ ...m, info: await gateway.modelInfo(m.model) })));
  const plans = described.map((m) => ({ ...m, plan: cachePlan(promptCacheSetting(config, m.model), m.info) }));
  // A plain OpenAI-compatible server has no /model/info at all: nothing to warn about there.
  if (described.every((m) => m.info === null) && plans.every((p) => !p.plan.breakpoints)) {
    return skip(
      NAME,
      "skipped: the proxy does not describe its models (/model/info); caching is left to the backend",
      `for a Claude backend, set [models."<name>"] prompt_cache = "breakpoints" in config.toml`,
    );
  }
  const detail = plans.map((p) => `${p.label}: ${describe(p.plan)}`).join("; ");
  const unknown = plans.filter((p) => p.plan.strategy === "unknown" && !p.plan.breakpoints);
  if (unknown.length === 0) return ok(NAME, detail);
  return warn(
    NAME,
    detail,
    `if ${unknown.map((p) => p.model).join(", ")} ${unknown.length === 1 ? "is" : "are"} served by Claude (Anthropic, Bedrock, Vertex), set [models."<name>"] prompt_cache = "breakpoints" in config.toml; or set model_info.litellm_provider for it in the proxy's config`,
  );
}
