import type { CustomToolCallItem, FunctionCallItem, ResponseItem } from "../gateway/items.js";
import { GatewayError } from "../gateway/errors.js";
import type { ApprovalDecision, DecisionSource } from "../protocol/events.js";
import { runTool } from "../tools/run-tool.js";
import { namespacedToolName } from "../tools/tool-search.js";
import type { Tool, ToolCall, ToolContext, ToolResult } from "../tools/tool.js";
import { errorMessage } from "../util/errors.js";
import type { EventSink } from "./event-sink.js";
import { oversizeRefusal } from "./tool-call-limits.js";

export type ToolCallItem = FunctionCallItem | CustomToolCallItem;

export const isToolCall = (item: ResponseItem): item is ToolCallItem =>
  item.type === "function_call" || item.type === "custom_tool_call";

/**
 * Runs the model's call and returns the output item that answers it. A tool that throws answers
 * with its failure, so the model can react; an interrupt ends the turn instead.
 */
export async function runToolCall(tools: Tool[], item: ToolCallItem, ctx: ToolContext): Promise<ResponseItem> {
  const call: ToolCall =
    item.type === "custom_tool_call"
      ? { kind: "custom", callId: item.call_id, name: item.name, input: item.input }
      : {
          kind: "function",
          callId: item.call_id,
          // A deferred MCP tool found with tool_search is called in its namespace (`echo` in `mcp__docs`).
          name: namespacedToolName(item.namespace, item.name, tools),
          arguments: item.arguments,
        };
  let result: ToolResult;
  ctx.refreshSecrets?.();
  const refusal = oversizeRefusal(call.kind === "custom" ? call.input : call.arguments);
  try {
    result = refusal ? { output: refusal, success: false } : await runTool(tools, call, ctx);
  } catch (err) {
    if (ctx.signal.aborted) throw new GatewayError("aborted", "interrupted");
    result = { output: `tool ${call.name} failed: ${errorMessage(err)}`, success: false };
  }
  // What the model reads never carries a secret, whichever tool produced it (MCP tools, errors),
  // nor one saved while it ran.
  ctx.refreshSecrets?.();
  const output = ctx.redactor.text(result.output);
  if (call.kind === "custom") return { type: "custom_tool_call_output", call_id: call.callId, output };
  const items = result.contentItems?.map((item) =>
    item.type === "input_text" ? { ...item, text: ctx.redactor.text(item.text) } : item,
  );
  return { type: "function_call_output", call_id: call.callId, output: items ?? output };
}

/** What a tool call may use from the session; `ask`: a person to ask (absent in exec). */
export type ToolSessionContext = Omit<ToolContext, "signal" | "emit" | "requestApproval" | "decided"> & {
  ask: ((question: Parameters<ToolContext["requestApproval"]>[0]) => Promise<ApprovalDecision>) | undefined;
  events: EventSink;
};

/** The context the tool answering `call` runs with: its events go to the session, its approval decisions are announced. */
export function toolContextFor(call: ToolCallItem, signal: AbortSignal, session: ToolSessionContext): ToolContext {
  const { ask, events, ...shared } = session;
  const { call_id: callId, name: tool } = call;
  const decided = (decision: ApprovalDecision, source: DecisionSource) =>
    events.emit({ type: "approval_decided", callId, tool, decision, source });
  return {
    ...shared,
    signal,
    emit: (e) => {
      // A command's end carries its whole output to the front-end: a key saved meanwhile is known first.
      if (e.type === "command_end") shared.refreshSecrets?.();
      events.emit(e);
    },
    requestApproval: async (question) => {
      if (!ask) {
        // Nobody can be asked (exec): what needs asking is declined by the configuration.
        decided("denied", "config");
        return "denied";
      }
      events.emit({ type: "approval_requested", callId, tool, kind: question.kind, reason: question.reason });
      const decision = await ask(question);
      decided(decision, "user");
      return decision;
    },
    decided,
  };
}
