import { v7 as uuidv7 } from "uuid";
import { GatewayError } from "../gateway/errors.js";
import type { PreservedItem, ResponseItem } from "../gateway/items.js";
import { isJsonObject } from "../util/json.js";
import type { AgentEvent } from "../protocol/events.js";
import type { ModelRequest } from "../gateway/types.js";
import type { EventSink } from "./event-sink.js";
import type { ModelClient, ServedResponse } from "./model-client.js";
import { assistantText, reasoningText } from "./response-text.js";
import { boundToolCall } from "./tool-call-limits.js";

export interface SampledResponse {
  items: ResponseItem[];
  lastMessage: string | null;
}

/**
 * One model request: streams deltas to renderers and returns the completed output items.
 * `account` is told of every response the proxy served; `inContext`: it completed, so its
 * tokens are what the conversation now holds.
 */
export async function sampleResponse(
  client: ModelClient,
  request: ModelRequest,
  signal: AbortSignal,
  events: EventSink,
  account: (served: ServedResponse, inContext: boolean) => Promise<void>,
  showRawReasoning = false,
): Promise<SampledResponse> {
  let items: ResponseItem[] = [];
  let messageId = uuidv7();
  let reasoningId = uuidv7();
  let lastMessage: string | null = null;
  // Raw reasoning is shown where there is no summary (chat backends send only raw thinking), and
  // besides the summary with `show_raw_agent_reasoning`, as upstream shows it then.
  let summarised = false;
  // A stream that breaks and is retried starts over with `created`. What an attempt said is
  // final only once its response completed (no half answer in the rollout), and a finished
  // item an earlier attempt already showed is not shown again.
  let shown: string[] = [];
  let shownBefore: string[] = [];
  const showOnce = (key: string) => {
    const index = shown.length;
    shown.push(key);
    return shownBefore[index] !== key;
  };
  for await (const event of client.stream(request, signal)) {
    switch (event.type) {
      case "created":
        items = [];
        if (shown.length > 0) shownBefore = shown;
        shown = [];
        messageId = uuidv7();
        reasoningId = uuidv7();
        summarised = false;
        break;
      case "retrying":
        events.emit({
          type: "retrying",
          attempt: event.attempt,
          maxAttempts: event.maxAttempts,
          delayMs: event.delayMs,
          reason: event.reason,
        });
        break;
      case "warning":
        events.emit({ type: "warning", message: event.message });
        break;
      case "text_delta":
        events.emit({ type: "agent_message_delta", itemId: messageId, delta: event.delta });
        break;
      case "reasoning_summary_delta":
        summarised = true;
        events.emit({ type: "reasoning_delta", itemId: reasoningId, delta: event.delta });
        break;
      case "reasoning_content_delta":
        if (showRawReasoning || !summarised)
          events.emit({ type: "reasoning_delta", itemId: reasoningId, delta: event.delta });
        break;
      case "output_item_done": {
        const item = boundToolCall(event.item);
        items.push(item);
        if (item.type === "message" && item.role === "assistant") {
          const text = assistantText(item);
          lastMessage = text;
          if (showOnce(`message:${text}`)) events.emit({ type: "agent_message", itemId: messageId, text });
          messageId = uuidv7();
        } else if (item.type === "preserved" && item.itemType === "web_search_call") {
          events.emit(webSearchEvent(item));
        } else if (item.type === "reasoning") {
          const text = reasoningText(item, showRawReasoning);
          if (text && showOnce(`reasoning:${text}`)) events.emit({ type: "reasoning", itemId: reasoningId, text });
          reasoningId = uuidv7();
        }
        break;
      }
      case "attempt_usage":
        await account(event, false);
        break;
      case "completed":
        events.recordKept({ type: "response_completed", items });
        await account(event, true);
        return { items, lastMessage };
    }
  }
  throw new GatewayError("stream", "the model stream ended without a result", { retryable: false });
}

/** A web search the model ran, as exec --json shows it (upstream's `web_search` item). */
function webSearchEvent(item: PreservedItem): AgentEvent {
  const action = isJsonObject(item.raw.action) ? item.raw.action : null;
  const query = typeof action?.query === "string" ? action.query : "";
  return { type: "web_search", itemId: typeof item.raw.id === "string" ? item.raw.id : uuidv7(), query, action };
}
