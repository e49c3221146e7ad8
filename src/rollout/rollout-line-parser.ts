// Parses one rollout line into a typed record. Lenient where files from other Codex versions
// differ (extra fields, older shapes), strict only about what a record cannot do without.

import { normalizeResponseItem } from "./response-item-normalize.js";
import { messageText } from "./user-messages.js";
import {
  PERSISTED_EVENT_TYPES,
  type CompactedPayload,
  type PersistedEventMsg,
  type RolloutRecord,
  type SessionMetaPayload,
  type TurnContextPayload,
  type UnknownRolloutRecord,
} from "./rollout-types.js";
import { rolloutSchemas } from "./rollout-schemas.js";
import type { SandboxPolicy } from "../protocol/policies.js";
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
  const envelope = rolloutSchemas().envelopeSchema.safeParse(value);
  if (!envelope.success) return { kind: "invalid", reason: "not a rollout record (no `type`)" };
  const { type, timestamp, payload } = envelope.data;
  const unknown = (): ParsedRolloutLine => ({ kind: "unknown", record: { timestamp, type, payload } });
  const invalid = (what: string): ParsedRolloutLine => ({ kind: "invalid", reason: `unusable ${what} payload` });

  switch (type) {
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
      const event = parseEventMsg({ ...payload, type: payload.type });
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
      if (isLegacyHeader(value)) return this.legacyHeader(value);
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
  const parsed = rolloutSchemas().sessionMetaSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export function parseSandboxPolicy(raw: unknown): SandboxPolicy | undefined {
  const parsed = rolloutSchemas().sandboxPolicySchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

function parseTurnContext(raw: unknown): TurnContextPayload | null {
  const parsed = rolloutSchemas().turnContextSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** Returns the event, `"unknown"` for an event type we do not model, or `null` when unusable. */
function parseEventMsg(raw: JsonObject & { type: string }): PersistedEventMsg | "unknown" | null {
  if (PERSISTED_EVENT_TYPES.has(raw.type)) {
    const parsed = rolloutSchemas().persistedEventSchema.safeParse(raw);
    return parsed.success ? parsed.data : null;
  }
  const completed = rolloutSchemas().completedMessageSchema.safeParse(raw);
  if (!completed.success) return "unknown";
  const { type, content } = completed.data.item;
  const message = content.join("\n");
  return type === "UserMessage" ? { type: "user_message", message } : { type: "agent_message", message };
}

function parseCompacted(raw: unknown): CompactedPayload | null {
  const parsed = rolloutSchemas().compactedSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { message, replacement_history } = parsed.data;
  const compacted: CompactedPayload = { message };
  if (replacement_history) {
    compacted.replacement_history = replacement_history.flatMap((entry) => {
      const item = normalizeResponseItem(entry);
      return item ? [item] : [];
    });
  }
  return compacted;
}
