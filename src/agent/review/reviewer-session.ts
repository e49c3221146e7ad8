// The reviewer's own session, as upstream builds its review sub-agent: the session's settings
// on `review_model` (else the session's model), with the review instructions in place of the
// model's, no AGENTS.md, no developer instructions, no web search, no images, no subagents,
// no hooks or notifications. Its commands are shown; its own messages are not (the review's
// result is shown instead).
import type { ResolvedConfig } from "../../config/load.js";
import type { AgentEvent } from "../../protocol/events.js";
import { assertNever } from "../../util/assert-never.js";
import { REVIEWER_INSTRUCTIONS } from "./reviewer-instructions.js";

export function reviewerConfig(config: ResolvedConfig): ResolvedConfig {
  return {
    ...config,
    baseInstructions: REVIEWER_INSTRUCTIONS,
    developerInstructions: undefined,
    projectDocMaxBytes: 0,
    webSearch: { mode: "disabled", tool: null },
    viewImage: false,
    features: { ...config.features, multi_agent: false, goals: false },
    hooks: [],
    notify: undefined,
  };
}

/** The model a review runs on: `review_model`, else the session's current model. */
export function reviewModel(config: ResolvedConfig, sessionModel: string): string {
  return config.reviewModel ?? sessionModel;
}

/** Whether the parent's front-end sees this reviewer event (its work, not its turn or its answer). */
export function showsReviewerEvent(event: AgentEvent): boolean {
  switch (event.type) {
    case "command_begin":
    case "command_output":
    case "terminal_interaction":
    case "command_end":
    case "patch_begin":
    case "patch_end":
    case "mcp_call_begin":
    case "mcp_call_end":
    case "web_search":
    case "view_image":
    case "plan_update":
    case "reasoning_delta":
    case "reasoning":
    case "approval_requested":
    case "approval_decided":
    case "warning":
    case "retrying":
    case "turn_usage":
    case "hook_completed":
      return true;
    case "session_configured":
    case "turn_started":
    case "turn_completed":
    case "turn_failed":
    case "turn_aborted":
    case "agent_message_delta":
    case "agent_message":
    case "token_count":
    case "compacted":
    case "collab_call_begin":
    case "collab_call_end":
    case "key_status":
      return false;
    default:
      return assertNever(event);
  }
}
