// The Responses API wire (`POST {base_url}/responses`): request body and stream events.
import { GatewayError, looksLikeContextWindowError, looksLikeQuotaError } from "./errors.js";
import type { ResponseItem } from "./items.js";
import { breakpointIndexes, CACHE_CONTROL } from "./prompt-cache.js";
import type { GatewayEvent, LiteLLMResponseMeta, ModelRequest } from "./types.js";
import { usageCost, usageFromResponses } from "./usage.js";
import { isJsonObject, type JsonObject } from "../util/json.js";

/** Strips fields the server must not get back (`id`, `status`): history is sent stateless (`store: false`). */
export function inputItem(item: ResponseItem): Record<string, unknown> {
  if (item.type === "preserved") return { ...item.raw };
  const { id: _id, status: _status, ...rest } = item as ResponseItem & { id?: unknown; status?: unknown };
  return rest;
}

/** An input item carrying a cache breakpoint: on its last content part (messages), else on the item. */
function withCacheMark(item: Record<string, unknown>): Record<string, unknown> {
  const content = item.content;
  if (Array.isArray(content) && content.length > 0)
    return { ...item, content: [...content.slice(0, -1), { ...content.at(-1), cache_control: CACHE_CONTROL }] };
  return { ...item, cache_control: CACHE_CONTROL };
}

/**
 * `instructions` and `input`, with the cache breakpoints when asked for. `instructions` is a
 * plain string that cannot carry a mark: marked, they go as the first input message instead (a
 * `developer` one, which LiteLLM makes the system prompt, as upstream sends a catalog's).
 */
function promptOf(req: ModelRequest): { instructions?: string; input: Record<string, unknown>[] } {
  const input = req.input.map(inputItem);
  // Empty when the instructions travel as the first developer message already.
  if (!req.cacheBreakpoints) return { ...(req.instructions ? { instructions: req.instructions } : {}), input };
  for (const index of breakpointIndexes(req.input, !req.instructions))
    input[index] = withCacheMark(input[index] as Record<string, unknown>);
  if (!req.instructions) return { input };
  return {
    input: [
      withCacheMark({ type: "message", role: "developer", content: [{ type: "input_text", text: req.instructions }] }),
      ...input,
    ],
  };
}

export function buildResponsesBody(req: ModelRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: req.model,
    ...promptOf(req),
    tools: req.tools,
    tool_choice: "auto",
    parallel_tool_calls: req.parallelToolCalls ?? false,
    store: false,
    stream: true,
    include: req.reasoning ? ["reasoning.encrypted_content"] : [],
    prompt_cache_key: req.sessionId,
  };
  if (req.reasoning)
    body.reasoning = {
      ...(req.reasoning.effort && { effort: req.reasoning.effort }),
      ...(req.reasoning.summary && { summary: req.reasoning.summary }),
    };
  if (req.maxOutputTokens) body.max_output_tokens = req.maxOutputTokens;
  if (req.verbosity || req.outputSchema) {
    body.text = {
      ...(req.verbosity && { verbosity: req.verbosity }),
      ...(req.outputSchema && {
        format: { type: "json_schema", name: "codex_output_schema", strict: true, schema: req.outputSchema },
      }),
    };
  }
  return body;
}

/** Turns Responses SSE payloads into gateway events; `finish()` checks the stream ended properly. */
export class ResponsesStreamState {
  private completed = false;
  private readonly emitted = new Set<string>();
  /** The last `response.usage` seen before completion (LiteLLM's fake streams send it in `response.created`). */
  private usage: unknown = null;

  constructor(private readonly meta: LiteLLMResponseMeta) {}

  /** Usage the server reported for a response that did not complete; null when it reported none. */
  usageSoFar(): Extract<GatewayEvent, { type: "attempt_usage" }> | null {
    const usage = this.completed ? null : usageFromResponses(this.usage);
    return usage
      ? { type: "attempt_usage", usage, meta: { ...this.meta, usage_cost_usd: usageCost(this.usage) } }
      : null;
  }

  handle(data: JsonObject): GatewayEvent[] {
    const usage = (data.response as JsonObject | undefined)?.usage;
    if (usage) this.usage = usage;
    switch (data.type) {
      case "response.created":
        return [{ type: "created", meta: this.meta }];
      case "response.output_text.delta":
        return typeof data.delta === "string" ? [{ type: "text_delta", delta: data.delta }] : [];
      case "response.reasoning_summary_text.delta":
        return typeof data.delta === "string"
          ? [{ type: "reasoning_summary_delta", delta: data.delta, summaryIndex: Number(data.summary_index ?? 0) }]
          : [];
      case "response.reasoning_text.delta":
        return typeof data.delta === "string" ? [{ type: "reasoning_content_delta", delta: data.delta }] : [];
      case "response.output_item.done":
        return this.itemDone(data.item);
      case "response.completed":
        return this.complete(data.response as JsonObject | undefined);
      case "response.failed":
        throw failedError((data.response as JsonObject | undefined)?.error as JsonObject | undefined);
      case "response.incomplete": {
        const reason = ((data.response as JsonObject | undefined)?.incomplete_details as JsonObject | undefined)
          ?.reason;
        throw new GatewayError("incomplete", `the model stopped early: ${String(reason ?? "incomplete response")}`);
      }
      case "error":
        throw failedError((data.error as JsonObject | undefined) ?? data);
      default:
        return [];
    }
  }

  finish(): void {
    if (!this.completed)
      throw new GatewayError("stream", "stream closed before response.completed", { retryable: true });
  }

  private itemDone(item: unknown): GatewayEvent[] {
    if (typeof item !== "object" || item === null) return [];
    this.emitted.add(itemKey(item as JsonObject));
    return [{ type: "output_item_done", item: item as ResponseItem }];
  }

  private complete(response: JsonObject | undefined): GatewayEvent[] {
    this.completed = true;
    // Older LiteLLM bridges put tool calls only into the final response: surface what we did not see.
    const late = (Array.isArray(response?.output) ? (response.output as JsonObject[]) : []).filter(
      (item) => !this.emitted.has(itemKey(item)) && isCallItem(item),
    );
    const usage = response?.usage;
    return [
      ...late.flatMap((item) => this.itemDone(item)),
      {
        type: "completed",
        responseId: typeof response?.id === "string" ? response.id : null,
        usage: usageFromResponses(usage),
        meta: { ...this.meta, usage_cost_usd: usageCost(usage) },
      },
    ];
  }
}

const isCallItem = (item: JsonObject) =>
  item.type === "function_call" || item.type === "custom_tool_call" || item.type === "local_shell_call";
const itemKey = (item: JsonObject) =>
  typeof item.call_id === "string"
    ? `call:${item.call_id}`
    : `${String(item.type)}:${String(item.id ?? Math.random())}`;

/** An error reported inside the stream (`response.failed` / `error` events). */
export function failedError(error: JsonObject | undefined): GatewayError {
  // One line: LiteLLM's messages carry newlines ("…\nReceived Model Group=…").
  const message =
    typeof error?.message === "string" && error.message.trim() !== ""
      ? error.message.replace(/\s+/g, " ").trim()
      : "the model reported an error";
  const code = String(error?.code ?? error?.type ?? "");
  if (code === "context_length_exceeded" || looksLikeContextWindowError(message)) {
    return new GatewayError("context_window_exceeded", `context window exceeded: ${message}`);
  }
  if (code === "insufficient_quota" || looksLikeQuotaError(message)) return new GatewayError("quota", message);
  if (code === "rate_limit_exceeded" || code === "429" || /rate limit/i.test(message)) {
    return new GatewayError("rate_limited", message, { retryable: true });
  }
  if (code === "server_error" || /^5\d\d$/.test(code)) return new GatewayError("server", message, { retryable: true });
  return new GatewayError("stream", message);
}
