// The rollout file as a subscriber of the session's events: each event it keeps becomes the
// records upstream Codex writes for it, in the order the events come.
import { summaryMessageText } from "../rollout/compacted-history.js";
import { RolloutWriteError } from "../rollout/rollout-file-sink.js";
import type { RolloutRecorder } from "../rollout/rollout-recorder.js";
import type { SessionEvent } from "../protocol/events.js";
import { assistantText, reasoningText } from "./response-text.js";
import type { EventPersistence } from "./event-sink.js";
import { assertNever } from "../util/assert-never.js";

export class RolloutSubscriber implements EventPersistence {
  constructor(private readonly recorder: RolloutRecorder) {}

  persist(event: SessionEvent): RolloutWriteError | null {
    try {
      this.record(event);
      return null;
    } catch (err) {
      if (err instanceof RolloutWriteError) return err;
      throw err;
    }
  }

  private record(event: SessionEvent): void {
    const recorder = this.recorder;
    switch (event.type) {
      case "turn_context": {
        const { turnId, approvalPolicy, sandboxPolicy, ...settings } = event.settings;
        recorder.recordTurnContext({
          turn_id: turnId,
          cwd: settings.cwd,
          approval_policy: approvalPolicy,
          sandbox_policy: sandboxPolicy,
          model: settings.model,
          effort: settings.effort,
          summary: settings.summary,
        });
        return;
      }
      case "user_message":
        recorder.recordEvent({ type: "user_message", message: event.text, images: event.images });
        return;
      case "response_completed":
        for (const item of event.items) {
          if (item.type === "message" && item.role === "assistant")
            recorder.recordEvent({ type: "agent_message", message: assistantText(item) });
          else if (item.type === "reasoning" && reasoningText(item))
            recorder.recordEvent({ type: "agent_reasoning", text: reasoningText(item) });
        }
        return;
      case "history_appended":
        recorder.recordResponseItems(event.items);
        return;
      case "token_count":
        recorder.recordEvent({
          type: "token_count",
          info: {
            total_token_usage: event.total,
            last_token_usage: event.last,
            model_context_window: event.contextWindow,
          },
          rate_limits: null,
        });
        return;
      case "compacted":
        recorder.recordCompacted({
          message: summaryMessageText(event.summary),
          replacement_history: event.replacementHistory,
        });
        recorder.recordEvent({ type: "context_compacted" });
        return;
      case "review_entered":
        recorder.recordReviewMode({ type: "entered_review_mode", ...event.request });
        return;
      case "review_exited":
        recorder.recordReviewMode({ type: "exited_review_mode", review_output: event.output });
        return;
      case "turn_aborted":
        recorder.recordEvent({ type: "turn_aborted", reason: event.reason });
        return;
      // Shown by front-ends, not part of upstream's rollout: the conversation's items come from
      // `response_completed` and `history_appended`, usage from `token_count`.
      case "session_configured":
      case "turn_started":
      case "turn_completed":
      case "turn_failed":
      case "agent_message_delta":
      case "agent_message":
      case "web_search":
      case "reasoning_delta":
      case "reasoning":
      case "command_begin":
      case "command_output":
      case "terminal_interaction":
      case "command_end":
      case "patch_begin":
      case "patch_end":
      case "plan_update":
      case "mcp_call_begin":
      case "mcp_call_end":
      case "collab_call_begin":
      case "collab_call_end":
      case "view_image":
      case "turn_usage":
      case "key_status":
      case "retrying":
      case "approval_requested":
      case "approval_decided":
      case "warning":
      case "hook_completed":
        return;
      default:
        assertNever(event);
    }
  }
}
