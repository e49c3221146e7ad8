// Rollout file records, in the shape upstream OpenAI Codex writes to
// `CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl`. One JSON object per line:
// `{timestamp, type, payload}` (serde "adjacently tagged", timestamp alongside).

import type { ApprovalPolicy } from "../config/schema.js";
import type { ResponseItem, TokenUsage } from "../gateway/items.js";
import type { SandboxPolicy, TruncationPolicy } from "../protocol/policies.js";
import type { ReviewOutput, ReviewRequest } from "../protocol/review.js";

/** What we write into `session_meta.originator`. Upstream writes `codex_cli_rs` / `codex_exec`. */
export const ORIGINATOR = "codex-litellm";

export type SessionSource = "cli" | "exec" | "vscode" | "mcp";

export interface GitInfo {
  commit_hash?: string;
  branch?: string;
  repository_url?: string;
}

/** `session_meta` payload (SessionMeta flattened + `git`). Always the first line of a rollout. */
export interface SessionMetaPayload {
  id: string;
  /** ISO 8601 UTC with milliseconds and `Z`. */
  timestamp: string;
  cwd: string;
  originator: string;
  cli_version: string;
  /** User instructions (AGENTS.md text) in effect at start; `null` when none. */
  instructions?: string | null;
  /**
   * Upstream accepts a string or a `{subagent: ...}` object here; we write `cli` / `exec`, and a
   * subagent's `{subagent: {thread_spawn: …}}` as upstream does. Readers may see other values.
   */
  source: string | Record<string, unknown>;
  /** A subagent's session: the session that spawned it, its nickname and role (upstream's fields). */
  parent_thread_id?: string;
  agent_nickname?: string | null;
  agent_role?: string | null;
  model_provider: string | null;
  /** Newer upstream: the model the session started with. */
  model?: string;
  /** Newer upstream keeps the base prompt here instead of as a history item. */
  base_instructions?: { text: string } | null;
  git?: GitInfo;
}

export type ReasoningEffort = "none" | "minimal" | "low" | "medium" | "high" | "xhigh" | "max" | "ultra";
export const REASONING_EFFORT_VALUES: readonly ReasoningEffort[] = [
  "none",
  "minimal",
  "low",
  "medium",
  "high",
  "xhigh",
  "max",
  "ultra",
];

export type ReasoningSummary = "auto" | "concise" | "detailed" | "none";
export const REASONING_SUMMARY_VALUES: readonly ReasoningSummary[] = ["auto", "concise", "detailed", "none"];

/**
 * `turn_context` payload, written once per turn. Reading is lenient: files from other Codex
 * versions may omit or change the policy fields, so those are optional here. Write with
 * {@link TurnContextToWrite}, which requires everything upstream requires.
 */
export interface TurnContextPayload {
  turn_id?: string;
  cwd: string;
  /** Upstream's `AskForApproval`: the same names as config's `approval_policy`. */
  approval_policy?: ApprovalPolicy;
  sandbox_policy?: SandboxPolicy;
  model: string;
  effort?: ReasoningEffort | null;
  summary?: ReasoningSummary;
  base_instructions?: string | null;
  user_instructions?: string | null;
  developer_instructions?: string | null;
  final_output_json_schema?: unknown;
  truncation_policy?: TruncationPolicy | null;
  current_date?: string;
  timezone?: string;
}

export type TurnContextToWrite = TurnContextPayload &
  Required<Pick<TurnContextPayload, "approval_policy" | "sandbox_policy" | "summary">>;

export interface TokenUsageInfo {
  total_token_usage: TokenUsage;
  last_token_usage: TokenUsage;
  model_context_window: number | null;
}

export interface RateLimitWindow {
  used_percent: number;
  window_minutes?: number | null;
  resets_at?: number | null;
}

export interface RateLimitSnapshot {
  primary?: RateLimitWindow | null;
  secondary?: RateLimitWindow | null;
  credits?: { has_credits: boolean; unlimited: boolean; balance?: string | null } | null;
  plan_type?: string | null;
}

export type TurnAbortReason = "interrupted" | "replaced" | "review_ended";

/** The `event_msg` types that are persisted (upstream policy.rs) and that we understand. */
export type PersistedEventMsg =
  | { type: "user_message"; message: string; images?: string[] | null }
  | { type: "agent_message"; message: string }
  | { type: "agent_reasoning"; text: string }
  | { type: "agent_reasoning_raw_content"; text: string }
  | { type: "token_count"; info: TokenUsageInfo | null; rate_limits: RateLimitSnapshot | null }
  /** `reason`: a {@link TurnAbortReason}, or another a newer Codex wrote. */
  | { type: "turn_aborted"; reason: string }
  | { type: "context_compacted" };

export type PersistedEventType = PersistedEventMsg["type"];

/** Upstream's review events, written as it writes them; the reader skips them (a resume needs only the history). */
export type ReviewModeEventMsg =
  | ({ type: "entered_review_mode" } & ReviewRequest)
  | { type: "exited_review_mode"; review_output: ReviewOutput | null };

/** Any other `event_msg` (upstream has dozens; newer builds persist more). Kept opaque. */
export interface UnknownEventMsg {
  type: string;
  [field: string]: unknown;
}

export interface CompactedPayload {
  /** The summary text (upstream: summary prefix + "\n" + summary). */
  message: string;
  /** When present, the complete model-visible history after compaction. */
  replacement_history?: ResponseItem[];
}

/** What a recorder accepts: a record without its timestamp (the recorder stamps it). */
export type RolloutItem =
  | { type: "session_meta"; payload: SessionMetaPayload }
  | { type: "turn_context"; payload: TurnContextPayload }
  | { type: "response_item"; payload: ResponseItem }
  | { type: "event_msg"; payload: PersistedEventMsg }
  | { type: "compacted"; payload: CompactedPayload };

/** What a recorder writes: the records it reads back, and upstream's review events. */
export type RolloutItemToWrite = RolloutItem | { type: "event_msg"; payload: ReviewModeEventMsg };

/** One rollout line as understood by this package (known record types only). */
export type RolloutRecord = { timestamp: string } & (
  | Exclude<RolloutItem, { type: "response_item" }>
  | (Extract<RolloutItem, { type: "response_item" }> & {
      /**
       * Set by the reader (never written) when the file itself marks a `user` message as injected
       * context rather than typed by the user: Codex 0.169 tags content kinds in
       * `internal_chat_message_metadata_passthrough.content_item_kinds` (`user.text` vs
       * `environments.environment_context`, ...).
       */
      injectedContext?: true;
    })
);

export type RolloutRecordType = RolloutRecord["type"];

/**
 * A line with a record type (e.g. upstream `world_state`, `token_usage_record`) or an
 * `event_msg` type (e.g. `task_started`, `item_completed`) that we do not model. Representable so
 * callers can see it; the reader skips it.
 */
export interface UnknownRolloutRecord {
  timestamp: string;
  type: string;
  payload: unknown;
}

export const PERSISTED_EVENT_TYPES: ReadonlySet<string> = new Set<PersistedEventType>([
  "user_message",
  "agent_message",
  "agent_reasoning",
  "agent_reasoning_raw_content",
  "token_count",
  "turn_aborted",
  "context_compacted",
]);
