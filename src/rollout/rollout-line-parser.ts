// Parses one rollout line into a typed record. Lenient where files from other Codex versions
// differ (extra fields, older shapes), strict only about what a record cannot do without.

import type { TokenUsage } from "../gateway/items.js";
import { normalizeResponseItem } from "./response-item-normalize.js";
import { messageText } from "./user-messages.js";
import {
  ASK_FOR_APPROVAL_VALUES,
  REASONING_EFFORT_VALUES,
  REASONING_SUMMARY_VALUES,
  type AskForApproval,
  type CompactedPayload,
  type GitInfo,
  type PersistedEventMsg,
  type RateLimitSnapshot,
  type ReasoningEffort,
  type ReasoningSummary,
  type RolloutRecord,
  type SandboxPolicy,
  type SessionMetaPayload,
  type TokenUsageInfo,
  type TurnContextPayload,
  type UnknownRolloutRecord,
} from "./rollout-types.js";
import { errorMessage } from "../util/errors.js";
import { isJsonObject, type JsonObject } from "../util/json.js";

export type ParsedRolloutLine =
  | { kind: "record"; record: RolloutRecord }
  /** A record type, event type or response item type we do not model: skip silently. */
  | { kind: "unknown"; record: UnknownRolloutRecord }
  /** Not JSON, not a rollout line, or a known type with an unusable payload: skip with a warning. */
  | { kind: "invalid"; reason: string };

export function parseRolloutLine(line: string): ParsedRolloutLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { kind: "invalid", reason: `invalid JSON (${errorMessage(err)})` };
  }
  return parseRolloutValue(value);
}

export function parseRolloutValue(value: unknown): ParsedRolloutLine {
  if (!isJsonObject(value) || typeof value.type !== "string")
    return { kind: "invalid", reason: "not a rollout record (no `type`)" };
  const timestamp = typeof value.timestamp === "string" ? value.timestamp : "";
  const payload = value.payload;
  const unknown = (): ParsedRolloutLine => ({
    kind: "unknown",
    record: { timestamp, type: value.type as string, payload },
  });
  const invalid = (what: string): ParsedRolloutLine => ({ kind: "invalid", reason: `unusable ${what} payload` });

  switch (value.type) {
    case "session_meta": {
      const meta = parseSessionMeta(payload);
      return meta
        ? { kind: "record", record: { timestamp, type: "session_meta", payload: meta } }
        : invalid("session_meta");
    }
    case "turn_context": {
      const context = parseTurnContext(payload);
      return context
        ? { kind: "record", record: { timestamp, type: "turn_context", payload: context } }
        : invalid("turn_context");
    }
    case "response_item": {
      if (!isJsonObject(payload)) return invalid("response_item");
      const item = normalizeResponseItem(payload);
      if (!item) return invalid(`response_item ${String(payload.type)}`);
      const record: RolloutRecord = { timestamp, type: "response_item", payload: item };
      if (isMarkedInjectedContext(payload)) record.injectedContext = true;
      return { kind: "record", record };
    }
    case "event_msg": {
      if (!isJsonObject(payload) || typeof payload.type !== "string") return invalid("event_msg");
      const event = parseEventMsg(payload);
      if (event === "unknown") return unknown();
      return event
        ? { kind: "record", record: { timestamp, type: "event_msg", payload: event } }
        : invalid(`event_msg ${payload.type}`);
    }
    case "compacted": {
      const compacted = parseCompacted(payload);
      return compacted
        ? { kind: "record", record: { timestamp, type: "compacted", payload: compacted } }
        : invalid("compacted");
    }
    default:
      return unknown();
  }
}

/**
 * How a rollout file is written, told by its first line:
 * - `envelope`: `{timestamp, type, payload}` lines, `session_meta` first (Codex since autumn 2025, and us);
 * - `legacy`: Codex's 2025 format before that: a bare first line `{id, timestamp, instructions, git}`,
 *   then bare response items, with `{"record_type":"state"}` lines between turns.
 */
export type RolloutFormat = "envelope" | "legacy";

/** The first line of a legacy rollout: session fields at the top level, no record `type`. */
function isLegacyHeader(value: unknown): value is JsonObject {
  return (
    isJsonObject(value) && value.type === undefined && value.record_type === undefined && typeof value.id === "string"
  );
}

/**
 * Parses the lines of one rollout file in order: the first non-empty line decides the format,
 * and a legacy file's lines are read as the records they stand for (header → `session_meta`,
 * bare item → `response_item`, state line → skipped).
 */
export class RolloutLineParser {
  private detected: RolloutFormat | null = null;
  private legacyMeta: SessionMetaPayload | null = null;

  get format(): RolloutFormat | null {
    return this.detected;
  }

  parse(line: string): ParsedRolloutLine {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      this.detected ??= "envelope";
      return { kind: "invalid", reason: `invalid JSON (${errorMessage(err)})` };
    }
    if (this.detected === null) {
      this.detected = isLegacyHeader(value) ? "legacy" : "envelope";
      if (this.detected === "legacy") return this.legacyHeader(value as JsonObject);
    }
    return this.detected === "legacy" ? this.legacyLine(value) : parseRolloutValue(value);
  }

  private legacyHeader(value: JsonObject): ParsedRolloutLine {
    const meta = parseSessionMeta(value);
    if (!meta) return { kind: "invalid", reason: "unusable legacy session header" };
    // Only the CLI wrote this format; it recorded no cwd (see legacyLine).
    meta.source = "cli";
    this.legacyMeta = meta;
    return { kind: "record", record: { timestamp: meta.timestamp, type: "session_meta", payload: meta } };
  }

  private legacyLine(value: unknown): ParsedRolloutLine {
    if (!isJsonObject(value) || typeof value.type !== "string") {
      if (isJsonObject(value) && typeof value.record_type === "string")
        return { kind: "unknown", record: { timestamp: "", type: value.record_type, payload: value } };
      return { kind: "invalid", reason: "not a response item" };
    }
    const item = normalizeResponseItem(value);
    if (!item) return { kind: "invalid", reason: `unusable ${value.type} item` };
    // The header has no cwd: the first environment context names it (metadata is filled in place).
    if (this.legacyMeta && this.legacyMeta.cwd === "" && item.type === "message" && item.role === "user") {
      const cwd = /<cwd>([^<]+)<\/cwd>/.exec(messageText(item))?.[1];
      if (cwd) this.legacyMeta.cwd = cwd.trim();
    }
    return { kind: "record", record: { timestamp: "", type: "response_item", payload: item } };
  }
}

/**
 * Codex 0.169 lists the kind of each content part of a message; typed user input has kinds
 * `user.*`, injected context has others (`environments.environment_context`, ...).
 */
function isMarkedInjectedContext(payload: JsonObject): boolean {
  if (payload.type !== "message" || payload.role !== "user") return false;
  const passthrough = payload.internal_chat_message_metadata_passthrough;
  if (!isJsonObject(passthrough) || !Array.isArray(passthrough.content_item_kinds)) return false;
  const kinds = passthrough.content_item_kinds.filter((k): k is string => typeof k === "string");
  return kinds.length > 0 && !kinds.some((kind) => kind.startsWith("user."));
}

function parseSessionMeta(raw: unknown): SessionMetaPayload | null {
  if (!isJsonObject(raw) || typeof raw.id !== "string") return null;
  const meta: SessionMetaPayload = {
    id: raw.id,
    timestamp: typeof raw.timestamp === "string" ? raw.timestamp : "",
    cwd: typeof raw.cwd === "string" ? raw.cwd : "",
    originator: typeof raw.originator === "string" ? raw.originator : "",
    cli_version: typeof raw.cli_version === "string" ? raw.cli_version : "",
    // Upstream's default when `source` is missing.
    source:
      typeof raw.source === "string" || isJsonObject(raw.source)
        ? (raw.source as SessionMetaPayload["source"])
        : "vscode",
    model_provider: typeof raw.model_provider === "string" ? raw.model_provider : null,
  };
  if (typeof raw.instructions === "string" || raw.instructions === null) meta.instructions = raw.instructions;
  if (typeof raw.model === "string") meta.model = raw.model;
  if (isJsonObject(raw.base_instructions) && typeof raw.base_instructions.text === "string")
    meta.base_instructions = { text: raw.base_instructions.text };
  if (isJsonObject(raw.git)) {
    const git: GitInfo = {};
    if (typeof raw.git.commit_hash === "string") git.commit_hash = raw.git.commit_hash;
    if (typeof raw.git.branch === "string") git.branch = raw.git.branch;
    if (typeof raw.git.repository_url === "string") git.repository_url = raw.git.repository_url;
    meta.git = git;
  }
  return meta;
}

function oneOf<T extends string>(values: readonly T[], raw: unknown): T | undefined {
  return typeof raw === "string" && (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

export function parseSandboxPolicy(raw: unknown): SandboxPolicy | undefined {
  if (!isJsonObject(raw)) return undefined;
  switch (raw.type) {
    case "danger-full-access":
      return { type: "danger-full-access" };
    case "read-only":
      return { type: "read-only" };
    case "workspace-write": {
      const policy: SandboxPolicy = {
        type: "workspace-write",
        network_access: raw.network_access === true,
        exclude_tmpdir_env_var: raw.exclude_tmpdir_env_var === true,
        exclude_slash_tmp: raw.exclude_slash_tmp === true,
      };
      if (Array.isArray(raw.writable_roots))
        policy.writable_roots = raw.writable_roots.filter((r): r is string => typeof r === "string");
      return policy;
    }
    case "external-sandbox":
      return { type: "external-sandbox", network_access: raw.network_access === "enabled" ? "enabled" : "restricted" };
    default:
      return undefined;
  }
}

function parseTurnContext(raw: unknown): TurnContextPayload | null {
  if (!isJsonObject(raw) || typeof raw.cwd !== "string" || typeof raw.model !== "string") return null;
  const context: TurnContextPayload = { cwd: raw.cwd, model: raw.model };
  if (typeof raw.turn_id === "string") context.turn_id = raw.turn_id;
  const approval = oneOf<AskForApproval>(ASK_FOR_APPROVAL_VALUES, raw.approval_policy);
  if (approval) context.approval_policy = approval;
  const sandbox = parseSandboxPolicy(raw.sandbox_policy);
  if (sandbox) context.sandbox_policy = sandbox;
  if (raw.effort === null) context.effort = null;
  else {
    const effort = oneOf<ReasoningEffort>(REASONING_EFFORT_VALUES, raw.effort);
    if (effort) context.effort = effort;
  }
  const summary = oneOf<ReasoningSummary>(REASONING_SUMMARY_VALUES, raw.summary);
  if (summary) context.summary = summary;
  for (const key of ["base_instructions", "user_instructions", "developer_instructions"] as const) {
    const v = raw[key];
    if (typeof v === "string" || v === null) context[key] = v;
  }
  if (raw.final_output_json_schema !== undefined) context.final_output_json_schema = raw.final_output_json_schema;
  if (
    isJsonObject(raw.truncation_policy) &&
    (raw.truncation_policy.mode === "bytes" || raw.truncation_policy.mode === "tokens") &&
    typeof raw.truncation_policy.limit === "number"
  ) {
    context.truncation_policy = { mode: raw.truncation_policy.mode, limit: raw.truncation_policy.limit };
  }
  if (typeof raw.current_date === "string") context.current_date = raw.current_date;
  if (typeof raw.timezone === "string") context.timezone = raw.timezone;
  return context;
}

function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

export function parseTokenUsage(raw: unknown): TokenUsage {
  const usage = isJsonObject(raw) ? raw : {};
  return {
    input_tokens: num(usage.input_tokens),
    cached_input_tokens: num(usage.cached_input_tokens),
    output_tokens: num(usage.output_tokens),
    reasoning_output_tokens: num(usage.reasoning_output_tokens),
    total_tokens: num(usage.total_tokens),
  };
}

function parseTokenUsageInfo(raw: unknown): TokenUsageInfo | null {
  if (!isJsonObject(raw)) return null;
  return {
    total_token_usage: parseTokenUsage(raw.total_token_usage),
    last_token_usage: parseTokenUsage(raw.last_token_usage),
    model_context_window: typeof raw.model_context_window === "number" ? raw.model_context_window : null,
  };
}

/** Returns the event, `"unknown"` for an event type we do not model, or `null` when unusable. */
function parseEventMsg(raw: JsonObject): PersistedEventMsg | "unknown" | null {
  switch (raw.type) {
    case "user_message": {
      if (typeof raw.message !== "string") return null;
      const event: PersistedEventMsg = { type: "user_message", message: raw.message };
      if (Array.isArray(raw.images)) event.images = raw.images.filter((i): i is string => typeof i === "string");
      else if (raw.images === null) event.images = null;
      return event;
    }
    case "agent_message":
      return typeof raw.message === "string" ? { type: "agent_message", message: raw.message } : null;
    case "agent_reasoning":
    case "agent_reasoning_raw_content":
      return typeof raw.text === "string" ? { type: raw.type, text: raw.text } : null;
    case "token_count":
      return {
        type: "token_count",
        info: parseTokenUsageInfo(raw.info),
        rate_limits: isJsonObject(raw.rate_limits) ? (raw.rate_limits as RateLimitSnapshot) : null,
      };
    case "turn_aborted":
      return { type: "turn_aborted", reason: typeof raw.reason === "string" ? raw.reason : "interrupted" };
    case "context_compacted":
      return { type: "context_compacted" };
    case "item_completed":
      return completedMessage(raw.item);
    default:
      return "unknown";
  }
}

/**
 * Codex 0.169 records what the user typed and what the agent answered as `item_completed`
 * events (`UserMessage` / `AgentMessage` with text parts) instead of user_message / agent_message.
 */
function completedMessage(item: unknown): PersistedEventMsg | "unknown" {
  if (!isJsonObject(item) || (item.type !== "UserMessage" && item.type !== "AgentMessage")) return "unknown";
  const parts = Array.isArray(item.content) ? item.content : [];
  const message = parts
    .flatMap((part) => (isJsonObject(part) && typeof part.text === "string" ? [part.text] : []))
    .join("\n");
  return item.type === "UserMessage" ? { type: "user_message", message } : { type: "agent_message", message };
}

function parseCompacted(raw: unknown): CompactedPayload | null {
  if (!isJsonObject(raw) || typeof raw.message !== "string") return null;
  const compacted: CompactedPayload = { message: raw.message };
  if (Array.isArray(raw.replacement_history)) {
    compacted.replacement_history = raw.replacement_history.flatMap((entry) => {
      const item = normalizeResponseItem(entry);
      return item ? [item] : [];
    });
  }
  return compacted;
}
