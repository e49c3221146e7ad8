// The one protocol between the agent core and its renderers (exec human output, exec --json,
// the TUI): operations go in, events come out. Renderers never talk to the gateway.
import type { ApprovalPolicy, ReasoningEffort, ReasoningSummary, SandboxMode } from "../config/schema.js";
import type { ResponseItem, TokenUsage } from "../gateway/items.js";
import type { KeyHeaders } from "../gateway/types.js";
import type { SandboxPolicy } from "./policies.js";
import type { ReviewOutput, ReviewRequest } from "./review.js";

export type { KeyHeaders, TokenUsage };

export type ApprovalDecision = "approved" | "approved_for_session" | "denied" | "abort";

/**
 * Who made a tool call's approval decision (upstream's OpenTelemetry `source`): `config` when the
 * rules decided without asking (the approval policy, the sandbox, an MCP tool's approval mode, or
 * nobody to ask in exec), `user` when a person answered (now, or "for this session" earlier).
 */
export type DecisionSource = "config" | "user";

export type FileChangeKind = "add" | "delete" | "update";

export interface FileChange {
  path: string;
  kind: FileChangeKind;
  movePath?: string;
  /** Unified diff of the change, for display. */
  diff?: string;
  /** The file's text before and after the change (null: none), for front-ends that draw their own diff (ACP). */
  oldText?: string | null;
  newText?: string | null;
}

export type PlanStepStatus = "pending" | "in_progress" | "completed";

export interface PlanStep {
  step: string;
  status: PlanStepStatus;
}

/** How a turn (or a compaction outside a turn) ended. */
export type UsageStatus = "completed" | "failed" | "interrupted";

/** The token and cost figures of one request, or summed over a turn's requests. */
export interface UsageFigures {
  /** Prompt tokens as LiteLLM reports them: cached tokens are part of them. */
  prompt_tokens: number | null;
  completion_tokens: number | null;
  reasoning_tokens: number | null;
  total_tokens: number | null;
  /** Of the prompt tokens, how many were read from the cache. */
  cached_tokens: number | null;
  /** Of the prompt tokens, how many were written to the cache, billed at its write price (null: the proxy did not say). */
  cache_write_tokens?: number | null;
  /** LiteLLM's own figure, else from the proxy's per-token prices, kept to 1e-10 USD; null when unknown (for a turn: when any request's is). */
  cost_usd: number | null;
}

/** One model request LiteLLM served: its usage as reported, and its cost. */
export interface RequestUsageRecord extends UsageFigures {
  /** `sampling` answers the conversation; `compaction` asks for the hand-off summary. */
  kind: "sampling" | "compaction";
  litellm_call_id: string | null;
  /** The response's id: LiteLLM's spend logs use it as the request id. */
  response_id: string | null;
}

/**
 * Per-turn LiteLLM usage: the spec's session-telemetry record, summed over every model request
 * of the turn (tool round trips, retries that returned usage, compaction summaries). A
 * compaction outside a turn (`/compact`, before a resume) is a record of its own.
 */
export interface TurnUsageRecord extends UsageFigures {
  turn: number;
  model: string;
  reasoning_effort: ReasoningEffort | null;
  requests: number;
  latency_ms: number;
  litellm_call_id: string | null;
  status: UsageStatus;
  /** `compaction`: a compaction outside a turn; `turn` is then the number of the turn before it. */
  kind: "turn" | "compaction";
  request_usage: RequestUsageRecord[];
  /** Set on a subagent's record, forwarded to its parent session (its totals include it). */
  agent?: { thread_id: string; nickname: string | null; role: string | null };
  /** The key's budget and limits after the turn's last request, when the proxy reports them. */
  key?: KeyStatus;
}

/**
 * The key's budget and limits as the proxy reported them on the last response (null: not
 * reported); `spend_usd` is the spend *after* that request (the proxy's figure before it, plus its cost).
 */
export interface KeyStatus extends KeyHeaders {
  remaining_usd: number | null;
}

/** Where a model setting came from: config, the Codex model catalog, the proxy's /model/info, or our default. */
export type SettingSource = "config" | "catalog" | "model_info" | "baseline";

export interface ContextWindowInfo {
  /** Effective window in tokens. */
  window: number;
  /** Where it came from. */
  source: SettingSource;
}

/** The settings one turn runs with (the rollout's `turn_context`). */
export interface TurnSettings {
  turnId: string;
  cwd: string;
  approvalPolicy: ApprovalPolicy;
  sandboxPolicy: SandboxPolicy;
  model: string;
  effort: ReasoningEffort | null;
  summary: ReasoningSummary;
}

/**
 * What the session tells front-ends (exec's renderers, the TUI) and telemetry. The rollout file
 * gets these too (it keeps `token_count`, `compacted` and `turn_aborted`) plus the
 * `PersistenceEvent`s, which only it sees. Every switch over either union names each member
 * (eslint's switch-exhaustiveness-check, a `default` not counting; `assertNever` where a value is
 * needed): a new event type is a compile error until each consumer decides what it does with it.
 */
export type AgentEvent =
  | {
      type: "session_configured";
      sessionId: string;
      model: string;
      reasoningEffort: ReasoningEffort | null;
      provider: { id: string; name: string; baseUrl: string; wireApi: "responses" | "chat" };
      cwd: string;
      approvalPolicy: ApprovalPolicy;
      sandboxMode: SandboxMode;
      contextWindow: ContextWindowInfo;
      /** The model's other settings that came from the Codex model catalog, as [name, value]. */
      catalogSettings: [string, string][];
      /** The efforts the model takes (the catalog's levels with their descriptions, else all we know). */
      reasoningLevels: { effort: string; description: string | null }[];
      rolloutPath: string | null;
      resumed: boolean;
    }
  /** `input`: what the user sent (OpenTelemetry's codex.user_prompt; never written to a log unless asked for). */
  | { type: "turn_started"; turnId: string; input?: { text: string; images: number } }
  | { type: "turn_completed"; turnId: string; usage: TokenUsage; lastAgentMessage: string | null }
  | { type: "turn_failed"; turnId: string; message: string; kind: string }
  | { type: "turn_aborted"; turnId: string; reason: "interrupted" }
  | { type: "agent_message_delta"; itemId: string; delta: string }
  | { type: "agent_message"; itemId: string; text: string }
  /** The model searched the web (a server-side tool: `query` and `action` as the model reported them). */
  | { type: "web_search"; itemId: string; query: string; action: Record<string, unknown> | null }
  | { type: "reasoning_delta"; itemId: string; delta: string }
  | { type: "reasoning"; itemId: string; text: string }
  | {
      type: "command_begin";
      callId: string;
      command: string[];
      cwd: string;
      /** The tool that runs it (shell, shell_command, exec_command). */
      tool?: string;
    }
  | { type: "command_output"; callId: string; stream: "stdout" | "stderr"; chunk: string }
  /**
   * write_stdin reached a process exec_command started (upstream's TerminalInteraction): what was
   * typed (empty: a poll of a process still running). `callId` is the exec_command call's.
   */
  | { type: "terminal_interaction"; callId: string; processId: number; command: string; stdin: string }
  | {
      type: "command_end";
      callId: string;
      command: string[];
      exitCode: number | null;
      aggregatedOutput: string;
      durationMs: number;
      status: "completed" | "failed" | "declined";
    }
  | { type: "patch_begin"; callId: string; changes: FileChange[] }
  | { type: "patch_end"; callId: string; success: boolean; output: string; changes: FileChange[] }
  | { type: "plan_update"; explanation: string | null; plan: PlanStep[] }
  /** The model looked at a local image (view_image); `path` is absolute. */
  | { type: "view_image"; callId: string; path: string }
  | { type: "mcp_call_begin"; callId: string; server: string; tool: string; arguments: unknown }
  | {
      type: "mcp_call_end";
      callId: string;
      server: string;
      tool: string;
      arguments: unknown;
      result: unknown;
      error: string | null;
    }
  | {
      type: "token_count";
      last: TokenUsage;
      total: TokenUsage;
      contextWindow: number;
      tokensInContext: number;
      percentLeft: number;
    }
  | { type: "turn_usage"; record: TurnUsageRecord }
  /** A subagent tool call started (upstream's collab_tool_call item). */
  | ({ type: "collab_call_begin" } & CollabCall)
  /** It ended: the agents it concerned and their statuses. */
  | ({ type: "collab_call_end" } & CollabCall & { agentsStates: Record<string, CollabAgentState>; success: boolean })
  /** The proxy reported the key's budget or limits on a response. */
  | { type: "key_status"; status: KeyStatus }
  | { type: "retrying"; attempt: number; maxAttempts: number; delayMs: number; reason: string }
  /** A person is asked whether the tool call `callId` (the model's tool `tool`) may run. */
  | {
      type: "approval_requested";
      callId: string;
      tool: string;
      kind: "command" | "patch" | "mcp";
      reason: string | null;
    }
  /** Whether the tool call may run and who decided; one per call that the approval rules judged. */
  | { type: "approval_decided"; callId: string; tool: string; decision: ApprovalDecision; source: DecisionSource }
  /** The history was replaced by `replacementHistory` (initial context, recent user messages, the summary). */
  | { type: "compacted"; summary: string; replacementHistory: ResponseItem[] }
  | { type: "warning"; message: string }
  /** A `[hooks]` handler finished: what it said (a `systemMessage`, a block reason) or why it failed. */
  | { type: "hook_completed"; event: string; command: string; entries: HookOutputEntry[] };

/** The subagent tools as upstream's `collab_tool_call` items name them (`wait_agent` is `wait`). */
export type CollabTool = "spawn_agent" | "send_input" | "wait" | "close_agent" | "resume_agent";

export interface CollabCall {
  callId: string;
  tool: CollabTool;
  senderThreadId: string;
  receiverThreadIds: string[];
  /** The message sent to the agent (spawn_agent, send_input). */
  prompt: string | null;
  /** Nickname and role of each receiver this session knows. */
  receivers: { threadId: string; nickname: string | null; role: string | null }[];
}

/** An agent's state in a collab item: upstream's status name and, when completed or errored, its message. */
export interface CollabAgentState {
  status: string;
  message: string | null;
}

/** One line of a hook's result, as upstream names them. */
export interface HookOutputEntry {
  kind: "warning" | "error" | "feedback" | "stop" | "context";
  text: string;
}

export type AgentEventType = AgentEvent["type"];

/**
 * What only the rollout file records (upstream's `turn_context`, `event_msg`s and
 * `response_item`s): the conversation itself, which front-ends render from the streamed events
 * instead and telemetry never sees.
 */
export type PersistenceEvent =
  | { type: "turn_context"; settings: TurnSettings }
  /** The user's message as sent to the model (images as data URLs; dropped ones are not listed). */
  | { type: "user_message"; text: string; images: string[] }
  /** A model response completed: its output items are final (a retried stream's earlier attempts are not). */
  | { type: "response_completed"; items: ResponseItem[] }
  /** Items added to the conversation history, which the next request carries. */
  | { type: "history_appended"; items: ResponseItem[] }
  /** A review starts (upstream's `entered_review_mode`). */
  | { type: "review_entered"; request: ReviewRequest }
  /** A review ended: the reviewer's output, or null when it was interrupted or failed (`exited_review_mode`). */
  | { type: "review_exited"; output: ReviewOutput | null };

/** Everything the session emits, as persistence (the rollout file) gets it: display events and records. */
export type SessionEvent = AgentEvent | PersistenceEvent;
