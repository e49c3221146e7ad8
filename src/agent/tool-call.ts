import { newItemId, type CustomToolCallItem, type FunctionCallItem, type ResponseItem } from "../gateway/items.js";
import { GatewayError } from "../gateway/errors.js";
import type { ApprovalDecision, DecisionSource } from "../protocol/events.js";
import { runTool } from "../tools/run-tool.js";
import { namespacedToolName } from "../tools/tool-search.js";
import type { ApprovalQuestion, Tool, ToolCall, ToolContext, ToolResult } from "../tools/tool.js";
import { errorMessage } from "../util/errors.js";
import type { EventSink } from "./event-sink.js";
import type { PermissionVerdict } from "./permission-hook-results.js";
import { oversizeRefusal } from "./tool-call-limits.js";

export type ToolCallItem = FunctionCallItem | CustomToolCallItem;

export const isToolCall = (item: ResponseItem): item is ToolCallItem =>
  item.type === "function_call" || item.type === "custom_tool_call";

/**
 * The call as the tools know it: a namespaced call (`echo` in `mcp__docs`) under its tool's own name
 * (`mcp__docs__echo`), which hooks, approvals and telemetry name it by. The history keeps the call as sent.
 */
export function withToolName(item: ToolCallItem, tools: readonly Tool[]): ToolCallItem {
  if (item.type !== "function_call" || item.namespace === undefined) return item;
  const { namespace, ...call } = item;
  return { ...call, name: namespacedToolName(namespace, item.name, tools) };
}

/** Tools whose calls in one answer run side by side: they ask no approval and run no hooks. */
const RUN_SIDE_BY_SIDE = new Set(["write_stdin"]);

/**
 * An answer's calls in the groups they run in, in order: consecutive write_stdin calls together
 * (upstream runs them in parallel, so two sessions waiting on each other both finish), any other
 * call alone. Outputs still follow the calls' order.
 */
export function callBatches(calls: readonly ToolCallItem[]): ToolCallItem[][] {
  const batches: ToolCallItem[][] = [];
  for (const call of calls) {
    const last = batches.at(-1);
    const sideBySide = call.type === "function_call" && RUN_SIDE_BY_SIDE.has(call.name);
    const lastSideBySide = last?.[0]?.type === "function_call" && RUN_SIDE_BY_SIDE.has(last[0].name);
    if (last && sideBySide && lastSideBySide) last.push(call);
    else batches.push([call]);
  }
  return batches;
}

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
  if (call.kind === "custom")
    return { type: "custom_tool_call_output", id: newItemId("ctco"), call_id: call.callId, output };
  const items = result.contentItems?.map((item) =>
    item.type === "input_text" ? { ...item, text: ctx.redactor.text(item.text) } : item,
  );
  return { type: "function_call_output", id: newItemId("fco"), call_id: call.callId, output: items ?? output };
}

/**
 * What a tool call may use from the session; `ask`: a person to ask (absent in exec);
 * `permissionHook`: the PermissionRequest hooks, which answer an approval question before anyone is asked.
 */
export type ToolSessionContext = Omit<ToolContext, "signal" | "emit" | "requestApproval" | "decided"> & {
  ask: ((question: ApprovalQuestion) => Promise<ApprovalDecision>) | undefined;
  permissionHook?: ((call: ToolCallItem, signal: AbortSignal) => Promise<PermissionVerdict | null>) | undefined;
  events: EventSink;
};

/** The context the tool answering `call` runs with: its events go to the session, its approval decisions are announced. */
export function toolContextFor(call: ToolCallItem, signal: AbortSignal, session: ToolSessionContext): ToolContext {
  const { ask, permissionHook, events, ...shared } = session;
  const { call_id: callId, name: tool } = call;
  const decided = (decision: ApprovalDecision, source: DecisionSource) =>
    events.emit({ type: "approval_decided", callId, tool, decision, source });
  const answered = (decision: ApprovalDecision, source: DecisionSource, hookMessage: string | null = null) => {
    decided(decision, source);
    return { decision, source, hookMessage };
  };
  return {
    ...shared,
    signal,
    emit: (e) => {
      // A command's end carries its whole output to the front-end: a key saved meanwhile is known first.
      if (e.type === "command_end") shared.refreshSecrets?.();
      events.emit(e);
    },
    requestApproval: async (question) => {
      // Upstream: PermissionRequest hooks answer first (a decision of the configuration, as its
      // OTel reports it); without their verdict the usual approval goes on.
      const verdict = await permissionHook?.(call, signal);
      if (verdict?.behavior === "allow") return answered("approved", "config");
      if (verdict?.behavior === "deny") return answered("denied", "config", verdict.message);
      // Nobody can be asked (exec): what needs asking is declined by the configuration.
      if (!ask) return answered("denied", "config");
      events.emit({ type: "approval_requested", callId, tool, kind: question.kind, reason: question.reason });
      return answered(await ask(question), "user");
    },
    decided,
  };
}
