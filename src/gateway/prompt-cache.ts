// Prompt caching. OpenAI-style backends cache a repeated prompt prefix by themselves; Anthropic's
// (Claude on Anthropic, Bedrock, Vertex, Azure AI…) caches only up to blocks marked with
// `cache_control` — a "breakpoint" — and LiteLLM passes those marks through on both wires. For
// such a backend each request carries at most three of Anthropic's four breakpoints:
//
//   1. the end of the instructions (the prefix tools + instructions, the same for every request,
//      and for every session with the same tools and instructions);
//   2. the end of what the previous request sent (read back from the cache);
//   3. the end of this request (written to the cache for the next one).
//
// The input between two requests only grows at its end (model output, then new input), so the
// previous request's end is the last input item before the newest run of model output.
import type { ResolvedConfig } from "../config/load.js";
import type { PromptCacheSetting } from "../config/schema.js";
import type { ResponseItem } from "./items.js";
import type { ModelInfo } from "./models.js";

/** Anthropic refuses a request with more than four `cache_control` blocks. */
export const MAX_CACHE_BREAKPOINTS = 4;
export const CACHE_CONTROL = { type: "ephemeral" } as const;

/** How a model's backend caches prompts. */
export type CacheStrategy =
  /** It needs our `cache_control` breakpoints (Anthropic's Claude, wherever it is hosted). */
  | "breakpoints"
  /** It caches repeated prefixes by itself (OpenAI, Azure OpenAI, DeepSeek, Gemini, xAI). */
  | "automatic"
  /** The proxy says the model does not cache prompts. */
  | "none"
  /** The proxy does not say. */
  | "unknown";

export interface CachePlan {
  strategy: CacheStrategy;
  /** Whether requests carry breakpoints (strategy `breakpoints` and `prompt_cache` not `off`). */
  breakpoints: boolean;
  /** Why, in a few words (for doctor). */
  reason: string;
}

/** Providers whose models all need breakpoints (LiteLLM's `litellm_provider` names). */
const BREAKPOINT_PROVIDERS = new Set(["anthropic", "vertex_ai-anthropic_models"]);
/** Providers where Claude models need breakpoints (other models there do not). */
const CLAUDE_HOSTS = new Set([
  "bedrock",
  "bedrock_converse",
  "vertex_ai",
  "azure_ai",
  "databricks",
  "snowflake",
  "openrouter",
]);
const AUTOMATIC_PROVIDERS = new Set([
  "openai",
  "azure",
  "text-completion-openai",
  "chatgpt",
  "deepseek",
  "xai",
  "gemini",
  "vertex_ai-language-models",
]);

/** The provider LiteLLM routes a model to: `model_info.litellm_provider`, else the prefix of `litellm_params.model`. */
export function providerOf(info: ModelInfo): string | null {
  return (
    info.litellm_provider ?? (info.upstream_model?.includes("/") ? (info.upstream_model.split("/")[0] ?? null) : null)
  );
}

/**
 * Whether deciding needs the deployment's own model name (`litellm_params.model`), which only
 * `/model/info` gives: a host that serves Claude beside other models, behind a name that does
 * not say which.
 */
export function needsUpstreamModel(info: ModelInfo): boolean {
  const provider = providerOf(info);
  return provider !== null && CLAUDE_HOSTS.has(provider) && !isClaude(info);
}

const isClaude = (info: ModelInfo) => /claude/i.test(info.upstream_model ?? info.model_name);

export function cacheStrategy(info: ModelInfo | null): { strategy: CacheStrategy; reason: string } {
  if (!info) return { strategy: "unknown", reason: "the proxy does not describe this model" };
  const provider = providerOf(info);
  const claude = isClaude(info);
  const via = provider ? ` (${provider})` : "";
  if (info.supports_prompt_caching === false)
    return { strategy: "none", reason: `the proxy says it does not cache prompts${via}` };
  if (provider && (BREAKPOINT_PROVIDERS.has(provider) || (CLAUDE_HOSTS.has(provider) && claude))) {
    return { strategy: "breakpoints", reason: `caches only at cache_control breakpoints${via}` };
  }
  if (provider && AUTOMATIC_PROVIDERS.has(provider))
    return { strategy: "automatic", reason: `caches repeated prefixes by itself${via}` };
  return {
    strategy: "unknown",
    reason: provider ? `no caching rule known for ${provider}` : "the proxy does not say which backend serves it",
  };
}

/** `[models."<model>"] prompt_cache`, else the top-level `prompt_cache`. */
export function promptCacheSetting(
  config: Pick<ResolvedConfig, "promptCache" | "models">,
  model: string,
): PromptCacheSetting {
  return config.models[model]?.prompt_cache ?? config.promptCache;
}

/** `prompt_cache`: `off` never marks, `breakpoints` always marks, `auto` marks where the proxy says the backend needs it. */
export function cachePlan(setting: PromptCacheSetting, info: ModelInfo | null): CachePlan {
  const { strategy, reason } = cacheStrategy(info);
  if (setting === "off") return { strategy, breakpoints: false, reason: `${reason}; prompt_cache = "off"` };
  if (setting === "breakpoints")
    return { strategy: "breakpoints", breakpoints: true, reason: `prompt_cache = "breakpoints" (${reason})` };
  return { strategy, breakpoints: strategy === "breakpoints", reason };
}

/** Items of the model's own output: what a response adds to the conversation. */
function isModelOutput(item: ResponseItem | undefined): boolean {
  if (!item) return false;
  if (item.type === "message") return item.role === "assistant";
  return (
    item.type === "reasoning" ||
    item.type === "function_call" ||
    item.type === "custom_tool_call" ||
    item.type === "local_shell_call"
  );
}

/**
 * Indexes of the input items to mark: the instructions when they travel as the first input
 * message (no `instructions` field, as upstream sends a catalog's), the end of the previous
 * request (when there was one) and the end of this one.
 */
export function breakpointIndexes(input: readonly ResponseItem[], instructionsInInput: boolean): number[] {
  const first = input[0];
  const instructions =
    instructionsInInput && first?.type === "message" && (first.role === "developer" || first.role === "system")
      ? 0
      : -1;
  const last = input.length - 1;
  let i = last;
  while (i >= 0 && !isModelOutput(input[i])) i--;
  while (i >= 0 && isModelOutput(input[i])) i--;
  // A preserved (raw) item is sent exactly as read: it carries no mark.
  return [...new Set([instructions, i, last])].filter((index) => index >= 0 && input[index]?.type !== "preserved");
}
