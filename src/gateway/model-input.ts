// What of the history a request carries, per wire and per provider. The history keeps every item
// (the rollout must round-trip); a model gets only what its wire can take, so that no item the
// proxy cannot take turns a request into an HTTP 400:
//
// - message, function_call / function_call_output, custom_tool_call / custom_tool_call_output:
//   both wires. Every call goes with its output ("aborted" when it has none).
// - local_shell_call: both wires as a `shell` function call (its output is a function_call_output);
//   no request declares the built-in local_shell tool, which a Responses backend would require.
// - reasoning: Responses only, and as-is only to the provider and model that produced it. From any
//   other backend its encrypted_content cannot be decrypted (and may be refused): its summary text
//   goes as an assistant note instead, and a reasoning item with no summary is left out. The Chat
//   wire has no reasoning input.
// - compaction (an encrypted remote-compaction summary): Responses only, to the provider and model
//   that made it; elsewhere it is left out (the user messages kept beside it still go).
// - web_search_call: Responses only, as upstream sends it back (its id, `status` and `action`).
// - tool_search_call / tool_search_output: Responses only, as received and as answered.
// - ghost_snapshot, and item types this build does not know: never sent (snapshots are for /undo).

import { pairCallsWithOutputs } from "./dangling-calls.js";
import { isFromBackend, originOf } from "./item-origin.js";
import { PreservedItem, type MessageItem, type ReasoningItem, type ResponseItem } from "./items.js";

export interface Backend {
  wire: "responses" | "chat";
  /** Provider id (`model_provider`). */
  provider: string;
  model: string;
}

export function modelInput(history: readonly ResponseItem[], backend: Backend): ResponseItem[] {
  const input: ResponseItem[] = [];
  for (const item of pairCallsWithOutputs(history)) {
    const sent = itemForBackend(item, backend);
    if (sent) input.push(sent);
  }
  return input;
}

function itemForBackend(item: ResponseItem, backend: Backend): ResponseItem | null {
  switch (item.type) {
    case "message":
    case "function_call":
    case "function_call_output":
    case "custom_tool_call":
    case "custom_tool_call_output":
      return item;
    case "local_shell_call": {
      const { command, timeout_ms, working_directory } = item.action;
      const args = {
        command,
        ...(working_directory ? { workdir: working_directory } : {}),
        ...(timeout_ms ? { timeout_ms } : {}),
      };
      return { type: "function_call", name: "shell", arguments: JSON.stringify(args), call_id: item.call_id ?? "" };
    }
    case "reasoning":
      if (backend.wire !== "responses") return null;
      return isFromBackend(item, backend.provider, backend.model) ? item : reasoningNote(item);
    case "preserved":
      // Remote compaction's items go back with their ids, as upstream 0.171 sends them.
      if (item.itemType === "compaction" || item.itemType === "compaction_summary") {
        const { id, encrypted_content: encrypted } = item.raw;
        const readable =
          backend.wire === "responses" &&
          typeof encrypted === "string" &&
          isFromBackend(item, backend.provider, backend.model);
        return readable
          ? new PreservedItem({
              type: "compaction",
              ...(typeof id === "string" && { id }),
              encrypted_content: encrypted,
            })
          : null;
      }
      if (item.itemType === "context_compaction") {
        const { id, encrypted_content: encrypted } = item.raw;
        if (backend.wire !== "responses" || !isFromBackend(item, backend.provider, backend.model)) return null;
        return new PreservedItem({
          type: "context_compaction",
          ...(typeof id === "string" && { id }),
          ...(typeof encrypted === "string" && { encrypted_content: encrypted }),
        });
      }
      if (item.itemType === "web_search_call" && backend.wire === "responses") {
        const { id, status, action } = item.raw;
        return new PreservedItem({
          type: "web_search_call",
          ...(typeof id === "string" && { id }),
          ...(status !== undefined && status !== null && { status }),
          ...(action !== undefined && action !== null && { action }),
        });
      }
      // The model's search of the deferred tools and the client's answer go back as they are (Responses only).
      if (
        (item.itemType === "tool_search_call" || item.itemType === "tool_search_output") &&
        backend.wire === "responses"
      )
        return item;
      return null;
  }
}

/** The summary of another backend's reasoning, as an assistant note; null when it has none. */
function reasoningNote(item: ReasoningItem): MessageItem | null {
  const text = item.summary
    .map((s) => s.text)
    .filter((t) => t.trim() !== "")
    .join("\n\n");
  if (text === "") return null;
  const from = originOf(item)?.model;
  return {
    type: "message",
    role: "assistant",
    content: [{ type: "output_text", text: `(Reasoning summary${from ? ` from ${from}` : ""}: ${text})` }],
  };
}
