// The Chat Completions wire (`POST {base_url}/chat/completions`): Responses-shaped history
// and tools converted to messages, and streamed chunks assembled back into output items.
import { GatewayError } from "./errors.js";
import type { ContentItem, ResponseItem } from "./items.js";
import { breakpointIndexes, CACHE_CONTROL } from "./prompt-cache.js";
import { failedError } from "./responses-wire.js";
import type { GatewayEvent, LiteLLMResponseMeta, ModelRequest, ToolSpec } from "./types.js";
import { usageCost, usageFromChat } from "./usage.js";
import { isJsonObject, type JsonObject } from "../util/json.js";

type ChatMessage = JsonObject & { role: string };
type ChatToolCall = {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
  cache_control?: typeof CACHE_CONTROL;
};

/** Freeform (custom) tools have no chat equivalent: they become functions taking one `input` string. */
export function chatTool(tool: ToolSpec): JsonObject {
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

function contentParts(content: ContentItem[]): string | JsonObject[] {
  if (content.every((c) => c.type !== "input_image")) return content.map((c) => ("text" in c ? c.text : "")).join("");
  return content.map((c) =>
    c.type === "input_image" ? { type: "image_url", image_url: { url: c.image_url } } : { type: "text", text: c.text },
  );
}

function outputText(output: unknown): string {
  if (typeof output === "string") return output;
  if (Array.isArray(output)) return output.map((o: JsonObject) => (typeof o.text === "string" ? o.text : "")).join("");
  return JSON.stringify(output);
}

/**
 * A message carrying a cache breakpoint: on its last content part (text content becomes one text
 * part; a tool message's then sits inside its tool_result), or on the last call of an assistant
 * message without text.
 */
function markMessage(message: ChatMessage & { tool_calls?: ChatToolCall[] }): void {
  if (typeof message.content === "string")
    message.content = [{ type: "text", text: message.content, cache_control: CACHE_CONTROL }];
  else if (Array.isArray(message.content) && message.content.length > 0)
    message.content = [
      ...message.content.slice(0, -1),
      { ...(message.content.at(-1) as JsonObject), cache_control: CACHE_CONTROL },
    ];
  else if (message.role !== "tool" && message.tool_calls?.length)
    message.tool_calls = [
      ...message.tool_calls.slice(0, -1),
      { ...(message.tool_calls.at(-1) as ChatToolCall), cache_control: CACHE_CONTROL },
    ];
  else message.cache_control = CACHE_CONTROL;
}

export function chatMessages(req: ModelRequest): ChatMessage[] {
  const messages: ChatMessage[] = req.instructions ? [{ role: "system", content: req.instructions }] : [];
  const marked = new Set(req.cacheBreakpoints ? breakpointIndexes(req.input, !req.instructions) : []);
  if (req.cacheBreakpoints && req.instructions) markMessage(messages[0] as ChatMessage);
  // Tool calls of one model turn belong to one assistant message, after its text.
  let assistant: (ChatMessage & { tool_calls?: ChatToolCall[] }) | undefined;
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
        addCall({ id: item.call_id, type: "function", function: { name: item.name, arguments: item.arguments } });
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
        messages.push({ role: "tool", tool_call_id: item.call_id, content: outputText(item.output) });
        assistant = undefined;
        break;
      default:
        // Reasoning has no chat input; local shell calls arrive as shell function calls (model-input.ts).
        continue;
    }
    if (marked.has(index)) markMessage(messages.at(-1) as ChatMessage);
  }
  // A mark turns text content into a text part: with breakpoints every text is a part, so a
  // message's bytes stay the same when the mark moves on and the cached prefix still matches.
  if (req.cacheBreakpoints)
    for (const m of messages) if (typeof m.content === "string") m.content = [{ type: "text", text: m.content }];
  return messages;
}

export function buildChatBody(req: ModelRequest): JsonObject {
  const body: JsonObject = {
    model: req.model,
    messages: chatMessages(req),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (req.tools.length) {
    body.tools = req.tools.map(chatTool);
    body.tool_choice = "auto";
    body.parallel_tool_calls = req.parallelToolCalls ?? false;
  }
  if (req.reasoning?.effort) body.reasoning_effort = req.reasoning.effort;
  if (req.maxOutputTokens) body.max_tokens = req.maxOutputTokens;
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

  handle(chunk: JsonObject): GatewayEvent[] {
    if (chunk.usage) this.usage = chunk.usage;
    if (typeof chunk.id === "string") this.id = chunk.id;
    if (chunk.error) throw failedError(chunk.error as JsonObject);
    const events: GatewayEvent[] = [];
    if (!this.started) {
      this.started = true;
      events.push({ type: "created", meta: this.meta });
    }
    const choice = (Array.isArray(chunk.choices) ? chunk.choices[0] : undefined) as JsonObject | undefined;
    const delta = (choice?.delta ?? {}) as JsonObject;
    if (typeof delta.content === "string" && delta.content) {
      this.text += delta.content;
      events.push({ type: "text_delta", delta: delta.content });
    }
    const thinking =
      typeof delta.reasoning_content === "string"
        ? delta.reasoning_content
        : typeof delta.reasoning === "string"
          ? delta.reasoning
          : "";
    if (thinking) {
      this.reasoning += thinking;
      events.push({ type: "reasoning_content_delta", delta: thinking });
    }
    for (const tc of Array.isArray(delta.tool_calls) ? (delta.tool_calls as JsonObject[]) : []) {
      const index = typeof tc.index === "number" ? tc.index : this.calls.size;
      const call = this.calls.get(index) ?? { id: "", name: "", args: "" };
      const fn = (tc.function ?? {}) as JsonObject;
      if (typeof tc.id === "string" && tc.id) call.id = tc.id;
      if (typeof fn.name === "string") call.name += fn.name;
      if (typeof fn.arguments === "string") call.args += fn.arguments;
      this.calls.set(index, call);
    }
    if (choice?.finish_reason) this.finished = true;
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

function customInput(args: string): string {
  try {
    const parsed = JSON.parse(args) as unknown;
    if (typeof parsed === "object" && parsed !== null && typeof (parsed as JsonObject).input === "string")
      return (parsed as JsonObject).input as string;
  } catch {
    // not JSON: the model sent the raw input
  }
  return args;
}
