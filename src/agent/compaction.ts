// Upstream's compaction, all of what the session does for it: when the context is full (before a
// request, or when the proxy refuses one as too long: compact, then retry once), ask the model for
// a hand-off summary, then continue from the initial context + recent user messages + the summary
// (the rule in rollout/compacted-history.ts, which a resume shares) and record that replacement.
import { GatewayError } from "../gateway/errors.js";
import type { ResponseItem } from "../gateway/items.js";
import type { ModelRequest } from "../gateway/types.js";
import { buildCompactedHistory, collectUserMessages } from "../rollout/compacted-history.js";
import type { EventSink } from "./event-sink.js";
import type { ModelClient, ServedResponse } from "./model-client.js";
import { assistantText } from "./response-text.js";
import type { SessionUsage } from "./token-accounting.js";

/** The request that asks the model for a hand-off summary when the conversation is compacted. Written for this project. */
export const COMPACT_PROMPT = `You are about to run out of context. Write a hand-off summary of this conversation so that another assistant can continue the work without it.

Include:
- the user's goal and any constraints or preferences they stated;
- what has been done so far: files read or changed (with paths), commands run and what they showed, decisions made and why;
- the current state: what works, what is failing, open questions;
- the next steps, in order.

Be specific and brief. Do not call tools. Reply with the summary only.`;

export interface SummaryRequest {
  client: ModelClient;
  /** The session's request for `input`; the summary request offers no tools. */
  request(input: ResponseItem[]): ModelRequest;
  signal: AbortSignal;
  /** Told of every response the proxy served for the summary. */
  account(served: ServedResponse): Promise<void>;
}

export interface Compaction extends SummaryRequest {
  /** The initial context the conversation starts again from. */
  initialContext: ResponseItem[];
  events: EventSink;
  usage: SessionUsage;
}

/**
 * Replaces `history` (in place) with initial context + recent user messages (up to ~20k tokens) +
 * a hand-off summary. Recorded as a `compacted` record with the replacement history, so a resume
 * continues from exactly this; a record that cannot be written stops the compaction.
 */
export async function compactHistory(history: ResponseItem[], compaction: Compaction): Promise<void> {
  const summary = await summariseHistory(history, compaction);
  const replacement = buildCompactedHistory(compaction.initialContext, collectUserMessages(history), summary, {
    newIds: true,
  });
  history.length = 0;
  history.push(...replacement);
  compaction.usage.compacted();
  compaction.events.emitKept({ type: "compacted", summary, replacementHistory: replacement });
}

const isContextOverflow = (err: unknown): err is GatewayError =>
  err instanceof GatewayError && err.kind === "context_window_exceeded";

/** Asks for a hand-off summary of `history`; when even that request does not fit, the oldest items are dropped and it asks again. */
export async function summariseHistory(history: ResponseItem[], ask: SummaryRequest): Promise<string> {
  let source = [...history];
  for (let attempt = 0; ; attempt++) {
    try {
      return await requestSummary(source, ask);
    } catch (err) {
      if (!isContextOverflow(err) || source.length <= 2 || attempt >= 8) throw err;
      source = source.slice(Math.ceil(source.length / 4));
    }
  }
}

async function requestSummary(history: ResponseItem[], ask: SummaryRequest): Promise<string> {
  // Asked without an id, as upstream asks: the request is not part of the conversation.
  const prompt: ResponseItem = {
    type: "message",
    role: "user",
    content: [{ type: "input_text", text: COMPACT_PROMPT }],
  };
  const req: ModelRequest = { ...ask.request([...history, prompt]), tools: [] };
  let summary = "";
  for await (const event of ask.client.stream(req, ask.signal)) {
    if (event.type === "created") summary = "";
    if (event.type === "output_item_done" && event.item.type === "message" && event.item.role === "assistant") {
      summary = assistantText(event.item);
    }
    if (event.type === "attempt_usage") await ask.account(event);
    if (event.type === "completed") {
      await ask.account(event);
      return summary || "(no summary available)";
    }
  }
  throw new GatewayError("stream", "the compaction request ended without a result");
}

/** When the proxy says the context window is exceeded: compact once and retry, then give up clearly. */
export async function retryAfterCompacting<T>(
  sample: () => Promise<T>,
  compact: () => Promise<void>,
  warn: (message: string) => void,
): Promise<T> {
  try {
    return await sample();
  } catch (err) {
    if (!isContextOverflow(err)) throw err;
    warn("the model's context window is full; compacting the conversation and retrying");
    await compact();
    try {
      return await sample();
    } catch (again) {
      if (isContextOverflow(again)) {
        throw new GatewayError(
          "context_window_exceeded",
          `the conversation does not fit the model's context window even after compacting (${again.message}); start a new session or use a model with a larger window`,
        );
      }
      throw again;
    }
  }
}
