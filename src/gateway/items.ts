// The model-visible conversation items, in the Responses API / upstream Codex `ResponseItem`
// shape. They are what the gateway sends as `input`, what the model returns as output items,
// and what rollout files store as `response_item` payloads — one type for all three.
import { v5 as uuidv5, v7 as uuidv7, validate as isUuid } from "uuid";

export type ContentItem = { type: "input_text"; text: string } | InputImage | { type: "output_text"; text: string };

export interface InputImage {
  type: "input_image";
  image_url: string;
  /** Resolution the model reads it at (`auto`, `low`, `high`, `original`): kept as recorded. */
  detail?: string;
}

/**
 * Upstream's bookkeeping on an item (0.171 records `metadata.model_search_state`): kept in the
 * history and the rollout as read or received, never sent to a model (upstream sends none).
 */
export type ItemMetadata = Readonly<Record<string, unknown>>;

export interface MessageItem {
  type: "message";
  role: "user" | "assistant" | "developer" | "system";
  content: ContentItem[];
  id?: string;
  status?: string;
  metadata?: ItemMetadata;
}

export interface ReasoningItem {
  type: "reasoning";
  summary: { type: "summary_text"; text: string }[];
  content?: { type: "reasoning_text" | "text"; text: string }[] | null;
  encrypted_content?: string | null;
  id?: string;
  metadata?: ItemMetadata;
}

export interface FunctionCallItem {
  type: "function_call";
  name: string;
  /** JSON-encoded arguments, exactly as the model produced them. */
  arguments: string;
  call_id: string;
  /** The tool namespace of a namespaced function (e.g. `multi_agent_v1`), sent back as received. */
  namespace?: string;
  id?: string;
  status?: string;
  metadata?: ItemMetadata;
}

export type FunctionCallOutputContent = { type: "input_text"; text: string } | InputImage;

export interface FunctionCallOutputItem {
  type: "function_call_output";
  /** `fco_<uuid v7>` when the agent made it (as upstream 0.171 names its tool outputs). */
  id?: string;
  call_id: string;
  output: string | FunctionCallOutputContent[];
  metadata?: ItemMetadata;
}

/** Freeform ("custom") tool call, e.g. apply_patch on the Responses wire. */
export interface CustomToolCallItem {
  type: "custom_tool_call";
  call_id: string;
  name: string;
  input: string;
  id?: string;
  status?: string;
  metadata?: ItemMetadata;
}

export interface CustomToolCallOutputItem {
  type: "custom_tool_call_output";
  /** `ctco_<uuid v7>` when the agent made it. */
  id?: string;
  call_id: string;
  output: string;
  metadata?: ItemMetadata;
}

export interface LocalShellCallItem {
  type: "local_shell_call";
  call_id?: string | null;
  status: "completed" | "in_progress" | "incomplete";
  action: {
    type: "exec";
    command: string[];
    timeout_ms?: number | null;
    working_directory?: string | null;
    env?: Record<string, string> | null;
    user?: string | null;
  };
  id?: string;
  metadata?: ItemMetadata;
}

/**
 * An item of a type the agent does not model (`web_search_call`, `ghost_snapshot`, `compaction`,
 * item types of newer Codex builds), kept exactly as it was read or received: it serialises
 * back to the same JSON, so a rollout that carries it round-trips. What of it reaches a model
 * is decided per wire (gateway/model-input.ts).
 */
export class PreservedItem {
  readonly type = "preserved";

  constructor(readonly raw: Readonly<Record<string, unknown>>) {}

  /** The item's own `type` (e.g. `web_search_call`). */
  get itemType(): string {
    return String(this.raw.type);
  }

  toJSON(): Readonly<Record<string, unknown>> {
    return this.raw;
  }
}

export type ResponseItem =
  | MessageItem
  | ReasoningItem
  | FunctionCallItem
  | FunctionCallOutputItem
  | CustomToolCallItem
  | CustomToolCallOutputItem
  | LocalShellCallItem
  | PreservedItem;

/** Upstream `TokenUsage` (rollout `token_count` and exec `--json` usage use these names). */
export interface TokenUsage {
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
  total_tokens: number;
}

/**
 * A new id for an item the agent makes, as upstream 0.171 names them: `msg_` (messages), `fco_`
 * (function call outputs), `ctco_` (custom tool call outputs), then a UUID v7. Items keep it in
 * the history and the rollout, and it goes back to the model with them (Responses wire); items
 * from the server keep the server's id.
 */
export function newItemId(prefix: "msg" | "fco" | "ctco"): string {
  return `${prefix}_${uuidv7()}`;
}

/** The output answering a call (a custom tool's or a function's), with a new id. */
export function callOutput(
  call: { type: "function_call" | "custom_tool_call"; call_id: string },
  output: string,
): FunctionCallOutputItem | CustomToolCallOutputItem {
  return call.type === "custom_tool_call"
    ? { type: "custom_tool_call_output", id: newItemId("ctco"), call_id: call.call_id, output }
    : { type: "function_call_output", id: newItemId("fco"), call_id: call.call_id, output };
}

export function userMessage(text: string): MessageItem {
  return { type: "message", id: newItemId("msg"), role: "user", content: [{ type: "input_text", text }] };
}

export function developerMessage(text: string): MessageItem {
  return { type: "message", id: newItemId("msg"), role: "developer", content: [{ type: "input_text", text }] };
}

/** RFC 4122's namespace for ISO OIDs, in which upstream 0.171 names a session's namespace. */
const OID_NAMESPACE = "6ba7b812-9dad-11d1-80b4-00c04fd430c8";

/**
 * The base instructions as the first developer message of every request of a session, with
 * upstream 0.171's id: `msg_` and a UUID v5 of the text in the session's own namespace (itself a
 * UUID v5 of the session id in the OID namespace). The same in each request and across a resume,
 * so the prompt's prefix does not change, and the same id upstream sends for the same session.
 */
export function instructionsMessage(text: string, sessionId: string): MessageItem {
  const message = developerMessage(text);
  if (isUuid(sessionId)) message.id = `msg_${uuidv5(text, uuidv5(sessionId, OID_NAMESPACE))}`;
  else delete message.id;
  return message;
}
