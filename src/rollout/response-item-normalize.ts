// Turns a `response_item` payload as found in a rollout file (ours, upstream 0.169, or older
// Codex builds) into a clean shared `ResponseItem`: only the fields the type knows, no `id`,
// no upstream bookkeeping (`internal_chat_message_metadata_passthrough`, `annotations`, ...),
// and old output shapes normalised. Types we do not model are kept untouched.

import {
  PreservedItem,
  type ContentItem,
  type FunctionCallOutputContent,
  type LocalShellCallItem,
  type MessageItem,
  type ReasoningItem,
  type ResponseItem,
} from "../gateway/items.js";
import { isJsonObject, type JsonObject } from "../util/json.js";

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

const MESSAGE_ROLES: readonly MessageItem["role"][] = ["user", "assistant", "developer", "system"];
const LOCAL_SHELL_STATUSES: readonly LocalShellCallItem["status"][] = ["completed", "in_progress", "incomplete"];

/** `value` if it is one of `values`. */
function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return values.find((v) => v === value);
}

/**
 * The normalised item; an item of a type we do not model is kept as it is ({@link PreservedItem}).
 * `null` for a payload that is not an item, or a known type missing required fields.
 */
export function normalizeResponseItem(raw: unknown): ResponseItem | null {
  if (!isJsonObject(raw) || typeof raw.type !== "string") return null;
  switch (raw.type) {
    case "message":
      return normalizeMessage(raw);
    case "reasoning":
      return normalizeReasoning(raw);
    case "function_call":
      return normalizeFunctionCall(raw);
    case "function_call_output": {
      const callId = str(raw.call_id);
      if (callId === undefined) return null;
      return { type: "function_call_output", call_id: callId, output: normalizeFunctionOutput(raw.output) };
    }
    case "custom_tool_call": {
      const callId = str(raw.call_id);
      const name = str(raw.name);
      if (callId === undefined || name === undefined) return null;
      const item: ResponseItem = { type: "custom_tool_call", call_id: callId, name, input: str(raw.input) ?? "" };
      if (typeof raw.status === "string") item.status = raw.status;
      return item;
    }
    case "custom_tool_call_output": {
      const callId = str(raw.call_id);
      if (callId === undefined) return null;
      return { type: "custom_tool_call_output", call_id: callId, output: outputAsText(raw.output) };
    }
    case "local_shell_call":
      return normalizeLocalShellCall(raw);
    default:
      return new PreservedItem(raw);
  }
}

function normalizeMessage(raw: JsonObject): MessageItem | null {
  const typedRole = oneOf(MESSAGE_ROLES, raw.role);
  if (typedRole === undefined) return null;
  let content: ContentItem[];
  if (typeof raw.content === "string") {
    content = [
      typedRole === "assistant"
        ? { type: "output_text", text: raw.content }
        : { type: "input_text", text: raw.content },
    ];
  } else if (Array.isArray(raw.content)) {
    content = raw.content.map(normalizeContentItem).filter((c): c is ContentItem => c !== null);
  } else {
    return null;
  }
  const item: MessageItem = { type: "message", role: typedRole, content };
  if (typeof raw.status === "string") item.status = raw.status;
  return item;
}

function normalizeContentItem(raw: unknown): ContentItem | null {
  if (!isJsonObject(raw)) return null;
  switch (raw.type) {
    case "input_text":
    case "output_text": {
      const text = str(raw.text);
      return text === undefined ? null : { type: raw.type, text };
    }
    case "input_image": {
      const url = str(raw.image_url);
      return url === undefined ? null : { type: "input_image", image_url: url };
    }
    default:
      return null;
  }
}

function normalizeReasoning(raw: JsonObject): ReasoningItem {
  const summary = Array.isArray(raw.summary)
    ? raw.summary.flatMap((s) =>
        isJsonObject(s) && typeof s.text === "string" ? [{ type: "summary_text" as const, text: s.text }] : [],
      )
    : [];
  const item: ReasoningItem = { type: "reasoning", summary };
  if (Array.isArray(raw.content)) {
    item.content = raw.content.flatMap((c) =>
      isJsonObject(c) && typeof c.text === "string"
        ? [{ type: c.type === "text" ? ("text" as const) : ("reasoning_text" as const), text: c.text }]
        : [],
    );
  } else if (raw.content === null) {
    item.content = null;
  }
  if (typeof raw.encrypted_content === "string" || raw.encrypted_content === null)
    item.encrypted_content = raw.encrypted_content;
  return item;
}

function normalizeFunctionCall(raw: JsonObject): ResponseItem | null {
  const name = str(raw.name);
  const callId = str(raw.call_id);
  if (name === undefined || callId === undefined) return null;
  const args =
    typeof raw.arguments === "string"
      ? raw.arguments
      : raw.arguments === undefined
        ? ""
        : JSON.stringify(raw.arguments);
  const item: ResponseItem = { type: "function_call", name, arguments: args, call_id: callId };
  if (typeof raw.status === "string") item.status = raw.status;
  return item;
}

function normalizeLocalShellCall(raw: JsonObject): LocalShellCallItem | null {
  const action = raw.action;
  if (!isJsonObject(action) || !Array.isArray(action.command)) return null;
  const item: LocalShellCallItem = {
    type: "local_shell_call",
    status: oneOf(LOCAL_SHELL_STATUSES, raw.status) ?? "completed",
    action: { type: "exec", command: action.command.map((part) => String(part)) },
  };
  if (typeof raw.call_id === "string" || raw.call_id === null) item.call_id = raw.call_id;
  if (typeof action.timeout_ms === "number" || action.timeout_ms === null) item.action.timeout_ms = action.timeout_ms;
  if (typeof action.working_directory === "string" || action.working_directory === null)
    item.action.working_directory = action.working_directory;
  if (isJsonObject(action.env)) {
    item.action.env = Object.fromEntries(
      Object.entries(action.env).filter((e): e is [string, string] => typeof e[1] === "string"),
    );
  } else if (action.env === null) {
    item.action.env = null;
  }
  if (typeof action.user === "string" || action.user === null) item.action.user = action.user;
  return item;
}

/**
 * Function call outputs: upstream writes a plain string, or an array of input_text/input_image
 * items; older builds wrote `{content, success}` (newer in-memory shapes use `content_items` or
 * `body`). Returns a string or a clean content array.
 */
export function normalizeFunctionOutput(raw: unknown): string | FunctionCallOutputContent[] {
  if (typeof raw === "string") return raw;
  if (Array.isArray(raw)) return normalizeOutputContent(raw);
  if (isJsonObject(raw)) {
    if (Array.isArray(raw.content_items)) return normalizeOutputContent(raw.content_items);
    for (const key of ["content", "body", "output"] as const) {
      const value = raw[key];
      if (typeof value === "string") return value;
      if (Array.isArray(value)) return normalizeOutputContent(value);
    }
    return JSON.stringify(raw);
  }
  // What is left of JSON: a number, a boolean, or nothing.
  return typeof raw === "number" || typeof raw === "boolean" ? String(raw) : "";
}

function normalizeOutputContent(items: unknown[]): FunctionCallOutputContent[] {
  const out: FunctionCallOutputContent[] = [];
  for (const entry of items) {
    if (typeof entry === "string") {
      out.push({ type: "input_text", text: entry });
    } else if (isJsonObject(entry)) {
      if (entry.type === "input_image" && typeof entry.image_url === "string")
        out.push({ type: "input_image", image_url: entry.image_url });
      else if (typeof entry.text === "string") out.push({ type: "input_text", text: entry.text });
    }
  }
  return out;
}

function outputAsText(raw: unknown): string {
  const output = normalizeFunctionOutput(raw);
  if (typeof output === "string") return output;
  return output.flatMap((c) => (c.type === "input_text" ? [c.text] : [])).join("\n");
}
