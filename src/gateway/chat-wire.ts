// The Chat Completions wire (`POST {base_url}/chat/completions`): Responses-shaped history
// and tools converted to messages, and streamed chunks assembled back into output items.
import type {
  ChatCompletionChunk,
  ChatCompletionContentPartImage,
  ChatCompletionContentPartText,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionFunctionTool,
  ChatCompletionMessageFunctionToolCall,
} from "openai/resources/chat/completions";
import { z } from "zod";
import { GatewayError } from "./errors.js";
import type { ContentItem, FunctionCallOutputItem, InputImage, ResponseItem } from "./items.js";
import { breakpointIndexes, CACHE_CONTROL } from "./prompt-cache.js";
import { failedError } from "./responses-wire.js";
import type {
  GatewayEvent,
  LiteLLMResponseMeta,
  ModelRequest,
  ToolSearchToolSpec,
  ToolSpec,
  WebSearchToolSpec,
} from "./types.js";
import { usageCost, usageFromChat } from "./wire-usage.js";
import { firstStringField, isJsonObject, type JsonObject } from "../util/json.js";
import { stringOrNull } from "../util/schema.js";

/** A prompt-cache breakpoint, which LiteLLM passes on to Anthropic. */
type CacheMark = { cache_control?: typeof CACHE_CONTROL };
type ChatPart = (ChatCompletionContentPartText | ChatCompletionContentPartImage) & CacheMark;
type ChatToolCall = ChatCompletionMessageFunctionToolCall & CacheMark;

interface ChatMessage extends CacheMark {
  role: "system" | "user" | "assistant" | "tool";
  content: string | ChatPart[] | null;
  tool_calls?: ChatToolCall[];
  tool_call_id?: string;
}

/** OpenAI's request fields, with our messages (they may carry cache marks). */
export type ChatBody = Omit<
  ChatCompletionCreateParamsStreaming,
  "messages" | "tools" | "reasoning_effort" | "service_tier"
> & {
  reasoning_effort?: string;
  service_tier?: string;
  messages: ChatMessage[];
  tools?: ChatCompletionFunctionTool[];
  /** The hosted web_search tool as LiteLLM takes it on this wire. */
  web_search_options?: Record<string, unknown>;
};

type FunctionLikeSpec = Exclude<ToolSpec, WebSearchToolSpec | ToolSearchToolSpec>;

/**
 * A tool as chat functions. Freeform (custom) tools have no chat equivalent: they become functions
 * taking one `input` string; a namespace's functions are offered by their own names.
 */
export function chatTools(tool: FunctionLikeSpec): ChatCompletionFunctionTool[] {
  return tool.type === "namespace" ? tool.tools.map(chatTool) : [chatTool(tool)];
}

export function chatTool(tool: Exclude<FunctionLikeSpec, { type: "namespace" }>): ChatCompletionFunctionTool {
  if (tool.type === "function")
    return {
      type: "function",
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    };
  return {
    type: "function",
    function: {
      name: tool.name,
      description: tool.description,
      parameters: {
        type: "object",
        properties: { input: { type: "string", description: "the complete tool input" } },
        required: ["input"],
        additionalProperties: false,
      },
    },
  };
}

function contentParts(content: readonly ContentItem[]): string | ChatPart[] {
  if (content.every((c) => c.type !== "input_image")) return content.map((c) => ("text" in c ? c.text : "")).join("");
  return content.map((c) => (c.type === "input_image" ? imagePart(c) : { type: "text", text: c.text }));
}

/** An image part; `original` (upstream's own detail level) has no chat equivalent and is left out. */
function imagePart(image: InputImage): ChatCompletionContentPartImage {
  const detail =
    image.detail === "low" || image.detail === "high" || image.detail === "auto" ? image.detail : undefined;
  return { type: "image_url", image_url: { url: image.image_url, ...(detail && { detail }) } };
}

/**
 * A tool's output as a tool message's content: text, or (a view_image or MCP image) text and
 * image parts, which LiteLLM turns into what the backend takes (a tool result with the image for
 * Anthropic, a user message after the tool message for OpenAI-style backends).
 */
function outputContent(output: FunctionCallOutputItem["output"]): string | ChatPart[] {
  return typeof output === "string" ? output : contentParts(output);
}

/** The web_search tool as `web_search_options`: its context size and location (chat has no cached mode nor domain filter). */
function webSearchOptions(spec: WebSearchToolSpec): Record<string, unknown> {
  const { type: _type, ...approximate } = spec.user_location ?? { type: "approximate" };
  return {
    ...(spec.search_context_size && { search_context_size: spec.search_context_size }),
    ...(spec.user_location && { user_location: { type: "approximate", approximate } }),
  };
}

/**
 * A message carrying a cache breakpoint: on its last content part (text content becomes one text
 * part; a tool message's then sits inside its tool_result), or on the last call of an assistant
 * message without text.
 */
function markMessage(message: ChatMessage): void {
  const lastPart = Array.isArray(message.content) ? message.content.at(-1) : undefined;
  const lastCall = message.tool_calls?.at(-1);
  if (typeof message.content === "string")
    message.content = [{ type: "text", text: message.content, cache_control: CACHE_CONTROL }];
  else if (Array.isArray(message.content) && lastPart)
    message.content = [...message.content.slice(0, -1), { ...lastPart, cache_control: CACHE_CONTROL }];
  else if (message.role !== "tool" && message.tool_calls && lastCall)
    message.tool_calls = [...message.tool_calls.slice(0, -1), { ...lastCall, cache_control: CACHE_CONTROL }];
  else message.cache_control = CACHE_CONTROL;
}

/**
 * A recorded call as the Chat wire names it: a call to an MCP tool in its server's namespace (`echo`
 * in `mcp__docs`, as the Responses wire calls it) by the function Chat offers (`mcp__docs__echo`).
 */
function chatCallName(item: { name: string; namespace?: string }): string {
  return item.namespace?.startsWith("mcp__") ? `${item.namespace}__${item.name}` : item.name;
}

export function chatMessages(req: ModelRequest): ChatMessage[] {
  const messages: ChatMessage[] = req.instructions ? [{ role: "system", content: req.instructions }] : [];
  const marked = new Set(req.cacheBreakpoints ? breakpointIndexes(req.input, !req.instructions) : []);
  const system = messages[0];
  if (req.cacheBreakpoints && system) markMessage(system);
  // Tool calls of one model turn belong to one assistant message, after its text.
  let assistant: ChatMessage | undefined;
  const addCall = (call: ChatToolCall) => {
    if (!assistant) messages.push((assistant = { role: "assistant", content: null }));
    (assistant.tool_calls ??= []).push(call);
  };
  for (const [index, item] of req.input.entries()) {
    switch (item.type) {
      case "message": {
        const role = item.role === "developer" ? "system" : item.role;
        if (role === "assistant") messages.push((assistant = { role, content: contentParts(item.content) }));
        else {
          messages.push({ role, content: contentParts(item.content) });
          assistant = undefined;
        }
        break;
      }
      case "function_call":
        addCall({
          id: item.call_id,
          type: "function",
          function: { name: chatCallName(item), arguments: item.arguments },
        });
        break;
      case "custom_tool_call":
        addCall({
          id: item.call_id,
          type: "function",
          function: { name: item.name, arguments: JSON.stringify({ input: item.input }) },
        });
        break;
      case "function_call_output":
      case "custom_tool_call_output":
        messages.push({ role: "tool", tool_call_id: item.call_id, content: outputContent(item.output) });
        assistant = undefined;
        break;
      // Not chat input: model-input.ts sends no reasoning or preserved items to this wire, and
      // local shell calls as shell function calls.
      case "reasoning":
      case "local_shell_call":
      case "preserved":
        continue;
    }
    const last = messages.at(-1);
    if (marked.has(index) && last) markMessage(last);
  }
  // A mark turns text content into a text part: with breakpoints every text is a part, so a
  // message's bytes stay the same when the mark moves on and the cached prefix still matches.
  if (req.cacheBreakpoints)
    for (const m of messages) if (typeof m.content === "string") m.content = [{ type: "text", text: m.content }];
  return messages;
}

export function buildChatBody(req: ModelRequest): ChatBody {
  const body: ChatBody = {
    model: req.model,
    messages: chatMessages(req),
    stream: true,
    stream_options: { include_usage: true },
  };
  // tool_search has no chat form: a chat request offers every tool directly instead.
  const functions = req.tools.filter((t): t is FunctionLikeSpec => t.type !== "web_search" && t.type !== "tool_search");
  if (functions.length) {
    body.tools = functions.flatMap(chatTools);
    body.tool_choice = "auto";
    body.parallel_tool_calls = req.parallelToolCalls ?? false;
  }
  const webSearch = req.tools.find((t): t is WebSearchToolSpec => t.type === "web_search");
  if (webSearch) body.web_search_options = webSearchOptions(webSearch);
  if (req.reasoning?.effort) body.reasoning_effort = req.reasoning.effort;
  if (req.maxOutputTokens) body.max_tokens = req.maxOutputTokens;
  if (req.serviceTier) body.service_tier = req.serviceTier;
  if (req.outputSchema)
    body.response_format = {
      type: "json_schema",
      json_schema: { name: "codex_output_schema", strict: true, schema: req.outputSchema },
    };
  return body;
}

/** Assembles streamed chat chunks into the same events the Responses wire produces. */
export class ChatStreamAssembler {
  private text = "";
  private reasoning = "";
  private readonly calls = new Map<number, { id: string; name: string; args: string }>();
  private usage: unknown;
  private id: string | null = null;
  private finished = false;
  private started = false;

  constructor(
    private readonly meta: LiteLLMResponseMeta,
    private readonly customTools: ReadonlySet<string>,
  ) {}

  /** Usage the server reported before the stream failed; null when it reported none. */
  usageSoFar(): Extract<GatewayEvent, { type: "attempt_usage" }> | null {
    const usage = usageFromChat(this.usage);
    return usage
      ? { type: "attempt_usage", usage, meta: { ...this.meta, usage_cost_usd: usageCost(this.usage) } }
      : null;
  }

  /** One chunk; the text deltas (most of a stream) are read with plain checks, tool call deltas with a schema. */
  handle(chunk: JsonObject): GatewayEvent[] {
    if (chunk.usage) this.usage = chunk.usage;
    if (typeof chunk.id === "string") this.id = chunk.id;
    if (chunk.error) throw failedError(chunk.error);
    const events: GatewayEvent[] = [];
    if (!this.started) {
      this.started = true;
      events.push({ type: "created", meta: this.meta });
    }
    const choice: unknown = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
    if (!isJsonObject(choice)) return events;
    const delta = isJsonObject(choice.delta) ? choice.delta : {};
    if (typeof delta.content === "string" && delta.content) {
      this.text += delta.content;
      events.push({ type: "text_delta", delta: delta.content });
    }
    const thinking = firstStringField(delta, "reasoning_content", "reasoning") ?? "";
    if (thinking) {
      this.reasoning += thinking;
      events.push({ type: "reasoning_content_delta", delta: thinking });
    }
    if (delta.tool_calls)
      for (const tc of toolCallDeltas.parse(delta.tool_calls)) {
        const index = tc.index ?? this.calls.size;
        const call = this.calls.get(index) ?? { id: "", name: "", args: "" };
        if (tc.id) call.id = tc.id;
        if (tc.function?.name) call.name += tc.function.name;
        if (tc.function?.arguments) call.args += tc.function.arguments;
        this.calls.set(index, call);
      }
    if (choice.finish_reason) this.finished = true;
    return events;
  }

  /** Called at `[DONE]` or end of body: emits the assembled items and `completed`. */
  finish(): GatewayEvent[] {
    if (!this.finished)
      throw new GatewayError("stream", "stream closed before the model finished (no finish_reason)", {
        retryable: true,
      });
    const items: ResponseItem[] = [];
    if (this.reasoning)
      items.push({ type: "reasoning", summary: [], content: [{ type: "reasoning_text", text: this.reasoning }] });
    if (this.text)
      items.push({ type: "message", role: "assistant", content: [{ type: "output_text", text: this.text }] });
    for (const [index, call] of [...this.calls.entries()].sort(([a], [b]) => a - b)) {
      const callId = call.id || `call_${index}`;
      if (this.customTools.has(call.name))
        items.push({ type: "custom_tool_call", call_id: callId, name: call.name, input: customInput(call.args) });
      else items.push({ type: "function_call", call_id: callId, name: call.name, arguments: call.args || "{}" });
    }
    return [
      ...items.map((item): GatewayEvent => ({ type: "output_item_done", item })),
      {
        type: "completed",
        responseId: this.id,
        usage: usageFromChat(this.usage),
        meta: { ...this.meta, usage_cost_usd: usageCost(this.usage) },
      },
    ];
  }
}

/** The parts of a streamed tool call that arrive in pieces; a malformed field is ignored. */
const toolCallDeltas = z
  .array(
    z.object({
      index: z.number().optional().catch(undefined),
      id: stringOrNull,
      function: z
        .object({ name: stringOrNull, arguments: stringOrNull } satisfies Partial<
          Record<keyof ChatCompletionChunk.Choice.Delta.ToolCall.Function, z.ZodType>
        >)
        .nullish()
        .catch(null),
    } satisfies Partial<Record<keyof ChatCompletionChunk.Choice.Delta.ToolCall, z.ZodType>>),
  )
  .catch([]);

function customInput(args: string): string {
  try {
    const parsed: unknown = JSON.parse(args);
    if (isJsonObject(parsed) && typeof parsed.input === "string") return parsed.input;
  } catch {
    // not JSON: the model sent the raw input
  }
  return args;
}
