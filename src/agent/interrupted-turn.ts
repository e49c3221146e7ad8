// What an interrupted turn leaves in the history, as upstream Codex 0.171 records it (observed
// with its binary; codex-rs tools/parallel.rs and context/turn_aborted.rs):
// - every call the interrupt cut short, or that never got to run, answers "aborted by user"
//   with the time since it was dispatched: `Wall time: 3.4 seconds\naborted by user` for the
//   shell tools, `aborted by user after 3.4s` for any other tool;
// - then a `<turn_aborted>` user message, so the model knows after a resume that the user
//   stopped it on purpose.
import { missingCallOutputs } from "../gateway/dangling-calls.js";
import { callOutput, newItemId, userMessage, type MessageItem, type ResponseItem } from "../gateway/items.js";
import type { ToolCallItem } from "./tool-call.js";

const SHELL_TOOLS = new Set(["shell", "container.exec", "local_shell", "shell_command", "exec_command"]);

const TURN_ABORTED_GUIDANCE =
  "The user interrupted the previous turn on purpose. Any running unified exec processes may still be running in the background. If any tools/commands were aborted, they may have partially executed.";

/**
 * What the interrupt adds to `history`: "aborted by user" for the latest answer's calls still
 * without output (`dispatched` `sinceMs` ago), "aborted" for any other (the next request must
 * pair every call), then the marker.
 */
export function interruptedTurnItems(
  history: readonly ResponseItem[],
  dispatched: readonly ToolCallItem[],
  sinceMs: number,
): ResponseItem[] {
  const answered = new Set(
    history.flatMap((i) =>
      i.type === "function_call_output" || i.type === "custom_tool_call_output" ? [i.call_id] : [],
    ),
  );
  const aborted = dispatched.filter((c) => !answered.has(c.call_id)).map((c) => abortedByUser(c, sinceMs));
  // Recorded, so each gets an id of its own (a request pairs older dangling calls without one).
  const dangling = missingCallOutputs([...history, ...aborted]).map((o) =>
    o.type === "custom_tool_call_output" ? { ...o, id: newItemId("ctco") } : { ...o, id: newItemId("fco") },
  );
  return [...aborted, ...dangling, turnAbortedMessage()];
}

/** The output a call gets when the user interrupted it `ms` after it was dispatched. */
function abortedByUser(call: ToolCallItem, ms: number): ResponseItem {
  const secs = (ms / 1000).toFixed(1);
  const output = SHELL_TOOLS.has(call.name)
    ? `Wall time: ${secs} seconds\naborted by user`
    : `aborted by user after ${secs}s`;
  return callOutput(call, output);
}

/** Upstream's model-visible marker of an interrupted turn. */
function turnAbortedMessage(): MessageItem {
  return userMessage(`<turn_aborted>\n${TURN_ABORTED_GUIDANCE}\n</turn_aborted>`);
}
