// The Responses API wire (`POST {base_url}/responses`): request body and stream events.
import type { Response, ResponseCreateParamsStreaming } from "openai/resources/responses/responses";
import { z } from "zod";
import { GatewayError, looksLikeContextWindowError, looksLikeQuotaError } from "./errors.js";
import { instructionsMessage, type ResponseItem } from "./items.js";
import { outputItem } from "./output-items.js";
import { breakpointIndexes, CACHE_CONTROL } from "./prompt-cache.js";
import type { GatewayEvent, LiteLLMResponseMeta, ModelRequest, ToolSpec } from "./types.js";
import { usageCost, usageFromResponses } from "./wire-usage.js";
import { isJsonObject, type JsonObject } from "../util/json.js";
import { stringOrNull } from "../util/schema.js";

/** OpenAI's request fields, with input items as we send them (they may carry cache marks), our tool specs and reasoning settings. */
export type ResponsesBody = Omit<ResponseCreateParamsStreaming, "input" | "tools" | "reasoning" | "service_tier"> & {
  service_tier?: string;
  input: JsonObject[];
  tools: ToolSpec[];
  reasoning?: ModelRequest["reasoning"];
};

/**
 * An item as upstream 0.171 sends it back: with its `id` (the server's, or the one the agent gave
 * it) and `status`, without upstream's item `metadata`, which it keeps in its rollouts but never sends.
 */
export function inputItem(item: ResponseItem): JsonObject {
  const fields: JsonObject = item.type === "preserved" ? { ...item.raw } : { ...item };
  delete fields.metadata;
  return fields;
}

/** An input item carrying a cache breakpoint: on its last content part (messages), else on the item. */
function withCacheMark(item: JsonObject): JsonObject {
  const content: unknown[] | null = Array.isArray(item.content) ? item.content : null;
  const last = content?.at(-1);
  if (content && isJsonObject(last))
    return { ...item, content: [...content.slice(0, -1), { ...last, cache_control: CACHE_CONTROL }] };
  return { ...item, cache_control: CACHE_CONTROL };
}

/**
 * `instructions` and `input`, with the cache breakpoints when asked for. `instructions` is a
 * plain string that cannot carry a mark: marked, they go as the first input message instead (a
 * `developer` one, which LiteLLM makes the system prompt, as upstream sends a catalog's).
 */
function promptOf(req: ModelRequest): { instructions?: string; input: JsonObject[] } {
  const input = req.input.map(inputItem);
  // Empty when the instructions travel as the first developer message already.
  if (!req.cacheBreakpoints) return { ...(req.instructions ? { instructions: req.instructions } : {}), input };
  for (const index of breakpointIndexes(req.input, !req.instructions)) {
    const item = input[index];
    if (item) input[index] = withCacheMark(item);
  }
  if (!req.instructions) return { input };
  return {
    input: [withCacheMark(inputItem(instructionsMessage(req.instructions, req.sessionId))), ...input],
  };
}

export function buildResponsesBody(req: ModelRequest): ResponsesBody {
  const body: ResponsesBody = {
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
  if (req.serviceTier) body.service_tier = req.serviceTier;
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

/** The fields of a stream event's `response` we read; each falls back on its own when malformed. */
const streamResponse = z.object({
  id: stringOrNull,
  output: z.array(z.unknown()).catch([]),
  usage: z.unknown().optional(),
  error: z.unknown().optional(),
  incomplete_details: z.object({ reason: z.string() }).nullable().catch(null),
} satisfies Partial<Record<keyof Response, z.ZodType>>);

const responseOf = (data: JsonObject) => streamResponse.parse(isJsonObject(data.response) ? data.response : {});

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

  /** One event; deltas are read with plain checks (they are most of a stream), whole payloads with schemas. */
  handle(data: JsonObject): GatewayEvent[] {
    const { response, delta } = data;
    if (isJsonObject(response) && response.usage) this.usage = response.usage;
    switch (data.type) {
      case "response.created":
        return [{ type: "created", meta: this.meta }];
      case "response.output_text.delta":
        return typeof delta === "string" ? [{ type: "text_delta", delta }] : [];
      case "response.reasoning_summary_text.delta":
        return typeof delta === "string"
          ? [{ type: "reasoning_summary_delta", delta, summaryIndex: Number(data.summary_index ?? 0) }]
          : [];
      case "response.reasoning_text.delta":
        return typeof delta === "string" ? [{ type: "reasoning_content_delta", delta }] : [];
      case "response.output_item.done":
        return this.itemDone(data.item);
      case "response.completed":
        return this.complete(responseOf(data));
      case "response.failed":
        throw failedError(responseOf(data).error);
      case "response.incomplete": {
        const reason = responseOf(data).incomplete_details?.reason ?? "incomplete response";
        throw new GatewayError("incomplete", `the model stopped early: ${reason}`);
      }
      case "error":
        throw failedError(data.error ?? data);
      default:
        return [];
    }
  }

  finish(): void {
    if (!this.completed)
      throw new GatewayError("stream", "stream closed before response.completed", { retryable: true });
  }

  private itemDone(raw: unknown): GatewayEvent[] {
    const item = outputItem(raw);
    if (!item) {
      // As upstream Codex does: an item it cannot read is skipped, the stream goes on.
      return [
        { type: "warning", message: `skipped a malformed output item: ${JSON.stringify(raw ?? null).slice(0, 120)}` },
      ];
    }
    const key = isJsonObject(raw) ? itemKey(raw) : null;
    if (key) this.emitted.add(key);
    return [{ type: "output_item_done", item }];
  }

  private complete(response: z.infer<typeof streamResponse>): GatewayEvent[] {
    this.completed = true;
    // Older LiteLLM bridges put tool calls only into the final response: surface what we did not see.
    const late = response.output.filter(
      (item) => isJsonObject(item) && isCallItem(item) && !this.emitted.has(itemKey(item) ?? ""),
    );
    return [
      ...late.flatMap((item) => this.itemDone(item)),
      {
        type: "completed",
        responseId: response.id,
        usage: usageFromResponses(response.usage),
        meta: { ...this.meta, usage_cost_usd: usageCost(response.usage) },
      },
    ];
  }
}

const isCallItem = (item: JsonObject) =>
  item.type === "function_call" || item.type === "custom_tool_call" || item.type === "local_shell_call";
/** What identifies an item across the stream and the final response; null when nothing does. */
const itemKey = (item: JsonObject): string | null =>
  typeof item.call_id === "string"
    ? `call:${item.call_id}`
    : typeof item.type === "string" && typeof item.id === "string"
      ? `${item.type}:${item.id}`
      : null;

const code = z.union([z.string(), z.number()]).nullish().catch(null);
/** An error object as OpenAI (`{message, code}`) and LiteLLM (`{message, type, code}`, code may be a number) send it. */
const reportedError = z.object({ message: z.string().catch(""), code, type: code }).catch({ message: "" });

/** An error reported inside the stream (`response.failed` / `error` events). */
export function failedError(reported: unknown): GatewayError {
  const error = reportedError.parse(reported ?? {});
  // One line: LiteLLM's messages carry newlines ("…\nReceived Model Group=…").
  const message =
    error.message.trim() !== "" ? error.message.replace(/\s+/g, " ").trim() : "the model reported an error";
  const kind = String(error.code ?? error.type ?? "");
  if (kind === "context_length_exceeded" || looksLikeContextWindowError(message)) {
    return new GatewayError("context_window_exceeded", `context window exceeded: ${message}`);
  }
  if (kind === "insufficient_quota" || looksLikeQuotaError(message)) return new GatewayError("quota", message);
  if (kind === "rate_limit_exceeded" || kind === "429" || /rate limit/i.test(message)) {
    return new GatewayError("rate_limited", message, { retryable: true });
  }
  if (kind === "server_error" || /^5\d\d$/.test(kind)) return new GatewayError("server", message, { retryable: true });
  return new GatewayError("stream", message);
}
