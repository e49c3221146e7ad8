// One review as a turn of the session (upstream's review task): the reviewer runs on its own
// (see create-session.ts), and this session keeps the outcome. The rollout gets upstream's
// `entered_review_mode` / `exited_review_mode` events around the result, and the history gets
// the result as a user message plus the text shown as the assistant's answer, so the next turn
// (here or in upstream Codex after a resume) can act on the findings.
import { v7 as uuidv7 } from "uuid";
import type { MessageItem, ResponseItem, TokenUsage } from "../../gateway/items.js";
import { newItemId, userMessage } from "../../gateway/items.js";
import type { UsageStatus } from "../../protocol/events.js";
import type { ReviewOutput, ReviewRequest } from "../../protocol/review.js";
import type { EventSink } from "../event-sink.js";
import { parseReviewOutput, REVIEW_INTERRUPTED_TEXT, reviewResultMessage, reviewText } from "./review-output.js";
import { reviewPrompt } from "./review-request.js";

/** How the reviewer's own turn ended. */
export type ReviewerResult =
  | { status: "completed"; lastAgentMessage: string | null }
  | { status: "failed"; message: string }
  | { status: "aborted" };

/** Runs the reviewer on `prompt` (its own session, on review_model); `signal` interrupts it. */
export type Reviewer = (prompt: string, signal: AbortSignal) => Promise<ReviewerResult>;

export interface ReviewTurnHost {
  events: EventSink;
  signal: AbortSignal;
  /** Records the turn's `turn_context`. */
  recordTurnContext(turnId: string): void;
  /** Adds to the history and the rollout (a failure to record stops nothing: the turn is ending). */
  append(items: ResponseItem[]): void;
  finishUsage(status: UsageStatus): TokenUsage;
}

export async function runReviewTurn(
  host: ReviewTurnHost,
  request: ReviewRequest,
  reviewer: Reviewer,
): Promise<ReviewerResult> {
  const { events } = host;
  const turnId = uuidv7();
  events.emit({ type: "turn_started", turnId, input: { text: request.user_facing_hint, images: 0 } });
  host.recordTurnContext(turnId);
  events.recordKept({ type: "review_entered", request });
  const result = await reviewer(reviewPrompt(request.target), host.signal).catch((err: unknown): ReviewerResult => ({
    status: "failed",
    message: err instanceof Error ? err.message : String(err),
  }));
  const output: ReviewOutput | null =
    result.status === "completed" ? parseReviewOutput(result.lastAgentMessage ?? "") : null;
  const text = output ? reviewText(output) : REVIEW_INTERRUPTED_TEXT;
  const answer: MessageItem = {
    type: "message",
    id: newItemId("msg"),
    role: "assistant",
    content: [{ type: "output_text", text }],
  };
  host.append([userMessage(reviewResultMessage(output))]);
  events.record({ type: "review_exited", output });
  events.record({ type: "response_completed", items: [answer] });
  host.append([answer]);
  events.emit({ type: "agent_message", itemId: `review-${turnId}`, text });
  if (result.status === "failed") {
    host.finishUsage("failed");
    events.emit({ type: "turn_failed", turnId, message: `review: ${result.message}`, kind: "review" });
  } else if (result.status === "aborted") {
    host.finishUsage("interrupted");
    events.emit({ type: "turn_aborted", turnId, reason: "interrupted" });
  } else {
    const usage = host.finishUsage("completed");
    events.emit({ type: "turn_completed", turnId, usage, lastAgentMessage: text });
  }
  return result.status === "completed" ? { status: "completed", lastAgentMessage: text } : result;
}
