import type { ReasoningEffort, ReasoningSummary, Verbosity } from "../config/schema.js";
import type { ResponseItem } from "./items.js";

/** A tool definition in Responses API shape; the chat wire converts it. */
export type FunctionToolSpec = {
  type: "function";
  name: string;
  description: string;
  strict?: boolean;
  parameters: Record<string, unknown>;
};

export type ToolSpec =
  | FunctionToolSpec
  | { type: "custom"; name: string; description: string; format?: Record<string, unknown> }
  /** Functions grouped under a name (upstream's `multi_agent_v1`); their calls come back with `namespace` set. */
  | { type: "namespace"; name: string; description: string; tools: FunctionToolSpec[] }
  | WebSearchToolSpec
  | ToolSearchToolSpec;

/** Upstream's `tool_search` (Responses wire only): the model searches tools the client deferred; the client answers. */
export interface ToolSearchToolSpec {
  type: "tool_search";
  execution: "client";
  description: string;
  parameters: Record<string, unknown>;
}

/** The hosted `web_search` tool in upstream's shape; the chat wire sends it as `web_search_options`. */
export interface WebSearchToolSpec {
  type: "web_search";
  /** `true` searches the live web, `false` only cached results (upstream's `web_search = "live"`/`"cached"`). */
  external_web_access: boolean;
  filters?: { allowed_domains: string[] };
  user_location?: { type: "approximate"; country?: string; region?: string; city?: string; timezone?: string };
  search_context_size?: "low" | "medium" | "high";
  /** `["text", "image"]` when the model's catalog entry says `web_search_tool_type = "text_and_image"`. */
  search_content_types?: string[];
}

export interface ModelRequest {
  model: string;
  /** Base instructions (system prompt). */
  instructions: string;
  input: ResponseItem[];
  tools: ToolSpec[];
  parallelToolCalls?: boolean;
  reasoning?: { effort?: ReasoningEffort; summary?: ReasoningSummary };
  verbosity?: Verbosity;
  maxOutputTokens?: number;
  /** Upstream's `service_tier` (`priority`, `flex`, …): sent as `service_tier` when set. */
  serviceTier?: string;
  /** JSON Schema the final answer must follow (exec --output-schema). */
  outputSchema?: Record<string, unknown>;
  /** Session (conversation) id: sent as prompt_cache_key and session headers. */
  sessionId: string;
  /** Mark the stable prefix and the conversation's end with `cache_control` (see prompt-cache.ts). */
  cacheBreakpoints?: boolean;
}

/** Token usage of one model response. A number the server did not send stays null. */
export interface NormalizedUsage {
  input_tokens: number | null;
  cached_input_tokens: number | null;
  /** Prompt tokens written to the cache (Anthropic's cache_creation_input_tokens); part of input_tokens. */
  cache_write_input_tokens?: number | null;
  output_tokens: number | null;
  reasoning_output_tokens: number | null;
  total_tokens: number | null;
}

/** What the LiteLLM proxy says about a response in its `x-litellm-*` headers. */
export interface LiteLLMResponseMeta {
  /** `x-litellm-response-cost` in USD (the proxy omits it on streams). */
  cost_usd: number | null;
  call_id: string | null;
  model_id: string | null;
  attempted_retries: number | null;
  /** `usage.cost` when the proxy puts it into the usage object. */
  usage_cost_usd?: number | null;
  /** The key's spend, budget and limits, when the proxy sent any of them. */
  key?: KeyHeaders | null;
}

/** What LiteLLM says about the key on every response (null: header absent). */
export interface KeyHeaders {
  /** `x-litellm-key-spend`: the key's spend in USD *before* this request. */
  spend_usd: number | null;
  /** `x-litellm-key-max-budget` in USD (absent: no budget). */
  max_budget_usd: number | null;
  /** `x-litellm-key-rpm-limit`, `x-litellm-key-tpm-limit`. */
  rpm_limit: number | null;
  tpm_limit: number | null;
  /** `x-ratelimit-remaining-requests/tokens`, `x-ratelimit-limit-requests/tokens`. */
  remaining_requests: number | null;
  remaining_tokens: number | null;
  limit_requests: number | null;
  limit_tokens: number | null;
}

export type GatewayEvent =
  /** A response started (once per attempt; after `retrying`, earlier partial output is void). */
  | { type: "created"; meta: LiteLLMResponseMeta }
  | { type: "text_delta"; delta: string }
  | { type: "reasoning_summary_delta"; delta: string; summaryIndex: number }
  | { type: "reasoning_content_delta"; delta: string }
  /** A complete output item (message, reasoning, function or custom tool call). */
  | { type: "output_item_done"; item: ResponseItem }
  | { type: "completed"; responseId: string | null; usage: NormalizedUsage | null; meta: LiteLLMResponseMeta }
  /**
   * An attempt that failed (and may be retried) after the server had reported its usage, e.g. a
   * `response.incomplete` or `response.failed` carrying `usage`: the proxy charges for it.
   */
  | { type: "attempt_usage"; usage: NormalizedUsage; meta: LiteLLMResponseMeta }
  /** The request or stream failed and is retried after `delayMs`: discard partial output. */
  | {
      type: "retrying";
      attempt: number;
      maxAttempts: number;
      delayMs: number;
      reason: string;
      scope: "request" | "stream";
    }
  /** A problem the stream recovered from (e.g. a malformed event that was skipped). */
  | { type: "warning"; message: string };
