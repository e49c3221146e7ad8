// The session's AgentEvents as ACP `session/update`s: message and reasoning chunks, tool calls
// (commands with their output, patches with their diffs, MCP calls, web searches), the plan,
// the context window and LiteLLM's cost, compactions. One translator per ACP session.
import type { SessionUpdate, ToolCallContent, ToolCallStatus } from "@agentclientprotocol/sdk";
import type { AgentEvent, KeyStatus } from "../protocol/events.js";
import { commandToolCall, mcpResultText, outputBlock, patchToolCall } from "./tool-call-content.js";
import { collabEndLine } from "../protocol/collab-lines.js";

/** What the client said it can show (from `initialize`). */
export interface ClientDisplay {
  /** Zed's `_meta.terminal_output`: command output streams into a terminal widget. */
  terminalOutput: boolean;
  /** `session.compaction`: `compaction_update` may be sent. */
  compaction: boolean;
  /** `session.notices`: warnings go out as `notice`. */
  notices: boolean;
  /** `hide_agent_reasoning`: no thought chunks. */
  hideReasoning: boolean;
  /** The client's `fs` capabilities: patches are planned on its buffers and it is given what they write. */
  fs: { readTextFile: boolean; writeTextFile: boolean };
}

/** The `_meta` key under which our own additions travel (the key's budget). */
export const META_KEY = "codex-litellm";

interface OpenCall {
  kind: "command" | "patch" | "mcp";
  output: string;
}

export class EventUpdates {
  /** Tool calls announced and not yet finished (a cancel ends them). */
  private readonly open = new Map<string, OpenCall>();
  /** Calls announced as `pending` while their permission was asked. */
  private readonly announced = new Set<string>();
  /** Items whose text streamed as deltas: their final text is not sent again. */
  private readonly streamed = new Set<string>();
  private window = { used: 0, size: 0 };
  /** LiteLLM's cost of this session's turns so far (null: a request's cost was unknown). */
  private costUsd: number | null = 0;
  private key: KeyStatus | null = null;
  private compactions = 0;

  constructor(private readonly display: ClientDisplay) {}

  /** A tool call announced before the session's own begin event (its permission is being asked). */
  markAnnounced(callId: string): void {
    this.announced.add(callId);
  }

  /** Whether the client already knows the call (announced, or running: a second question about it). */
  isKnown(callId: string): boolean {
    return this.announced.has(callId) || this.open.has(callId);
  }

  /** A call the person declined: it ends without running (a command also ends with its own event). */
  declined(callId: string): SessionUpdate[] {
    if (!this.announced.delete(callId)) return [];
    return [{ sessionUpdate: "tool_call_update", toolCallId: callId, status: "failed" }];
  }

  /** Restored figures of a loaded session: its window use and what it cost so far (null: not known). */
  restore(used: number, size: number, costUsd: number | null): void {
    this.window = { used, size };
    this.costUsd = costUsd === null ? null : round(costUsd);
  }

  /** Another model's window (the config option changed the model). */
  resize(size: number): void {
    this.window = { ...this.window, size };
  }

  /** The usage figure as it stands (sent after a load, and after each count). */
  usage(): SessionUpdate {
    return {
      sessionUpdate: "usage_update",
      used: this.window.used,
      size: this.window.size,
      ...(this.costUsd !== null && { cost: { amount: this.costUsd, currency: "USD" } }),
      ...(this.key && { _meta: { [META_KEY]: { key: this.key } } }),
    };
  }

  updates(event: AgentEvent): SessionUpdate[] {
    switch (event.type) {
      case "agent_message_delta":
        this.streamed.add(event.itemId);
        return [chunk("agent_message_chunk", event.itemId, event.delta)];
      case "agent_message":
        return this.streamed.has(event.itemId) ? [] : [chunk("agent_message_chunk", event.itemId, event.text)];
      case "reasoning_delta":
        if (this.display.hideReasoning) return [];
        this.streamed.add(event.itemId);
        return [chunk("agent_thought_chunk", event.itemId, event.delta)];
      case "reasoning":
        if (this.display.hideReasoning || this.streamed.has(event.itemId)) return [];
        return [chunk("agent_thought_chunk", event.itemId, event.text)];
      case "web_search":
        return [
          {
            sessionUpdate: "tool_call",
            toolCallId: event.itemId,
            title: event.query ? `Search the web: ${event.query}` : "Search the web",
            kind: "fetch",
            status: "completed",
            rawInput: { query: event.query, action: event.action },
          },
        ];
      case "command_begin":
        return [this.begin(event.callId, "command", commandToolCall(event, this.display.terminalOutput))];
      case "command_output":
        return this.commandOutput(event.callId, event.chunk);
      case "terminal_interaction":
        return [];
      case "command_end":
        return [this.commandEnd(event)];
      case "patch_begin":
        return [this.begin(event.callId, "patch", patchToolCall(event.changes))];
      case "patch_end":
        this.open.delete(event.callId);
        return [
          {
            sessionUpdate: "tool_call_update",
            toolCallId: event.callId,
            status: event.success ? "completed" : "failed",
            ...(!event.success && { content: [...patchToolCall(event.changes).content, outputBlock(event.output)] }),
            rawOutput: { success: event.success, output: event.output },
          },
        ];
      case "mcp_call_begin":
        return [
          this.begin(event.callId, "mcp", {
            title: `${event.server}: ${event.tool}`,
            kind: "other",
            content: [],
            rawInput: event.arguments,
          }),
        ];
      case "mcp_call_end": {
        this.open.delete(event.callId);
        const text = event.error ?? mcpResultText(event.result);
        return [
          {
            sessionUpdate: "tool_call_update",
            toolCallId: event.callId,
            status: event.error === null ? "completed" : "failed",
            ...(text && { content: [outputBlock(text)] }),
            rawOutput: event.error === null ? event.result : { error: event.error },
          },
        ];
      }
      case "plan_update":
        return [
          {
            sessionUpdate: "plan",
            entries: event.plan.map((step) => ({ content: step.step, priority: "medium", status: step.status })),
          },
        ];
      case "token_count":
        this.window = { used: event.tokensInContext, size: event.contextWindow };
        return [this.usage()];
      case "turn_usage": {
        const cost = event.record.cost_usd;
        this.costUsd = this.costUsd === null || cost === null ? null : round(this.costUsd + cost);
        if (event.record.key) this.key = event.record.key;
        return [this.usage()];
      }
      case "key_status":
        this.key = event.status;
        return [];
      case "compacted":
        if (!this.display.compaction) return [];
        return [
          {
            sessionUpdate: "compaction_update",
            compactionId: `compaction-${++this.compactions}`,
            status: "completed",
            summary: [{ type: "text", text: event.summary }],
          },
        ];
      case "turn_aborted":
        // As the UI's Esc: the turn's open tool calls end (an exec_command process may go on
        // running until it exits or the session ends, as upstream's does).
        return this.endOpen("failed");
      case "warning":
      case "retrying":
      case "turn_failed": {
        if (!this.display.notices) return [];
        const text =
          event.type === "retrying"
            ? `${event.reason}; retrying (${event.attempt}/${event.maxAttempts})`
            : event.message;
        return [{ sessionUpdate: "notice", severity: event.type === "turn_failed" ? "error" : "warning", title: text }];
      }
      case "collab_call_end":
        return [
          {
            sessionUpdate: "tool_call",
            toolCallId: event.callId,
            title: collabEndLine(event, event.agentsStates, event.success),
            kind: "other",
            status: event.success ? "completed" : "failed",
            rawInput: { tool: event.tool, agents: event.receiverThreadIds, prompt: event.prompt },
          },
        ];
      case "view_image":
        return [
          {
            sessionUpdate: "tool_call",
            toolCallId: event.callId,
            title: `View image ${event.path}`,
            kind: "read",
            status: "completed",
            locations: [{ path: event.path }],
            rawInput: { path: event.path },
          },
        ];
      case "session_configured":
      case "turn_started":
      case "collab_call_begin":
      case "turn_completed":
      case "approval_requested":
      case "approval_decided":
      case "hook_completed":
        return [];
    }
  }

  /** A tool call starts: announced now, or (its permission was asked) moved from pending to running. */
  private begin(
    callId: string,
    kind: OpenCall["kind"],
    call: {
      title: string;
      kind: "execute" | "edit" | "other";
      content: ToolCallContent[];
      rawInput: unknown;
      locations?: { path: string }[];
      _meta?: Record<string, unknown>;
    },
  ): SessionUpdate {
    this.open.set(callId, { kind, output: "" });
    if (this.announced.delete(callId))
      return { sessionUpdate: "tool_call_update", toolCallId: callId, status: "in_progress", ...call };
    return { sessionUpdate: "tool_call", toolCallId: callId, status: "in_progress", ...call };
  }

  private commandOutput(callId: string, data: string): SessionUpdate[] {
    const open = this.open.get(callId);
    if (open) open.output += data;
    if (!this.display.terminalOutput) return [];
    return [
      {
        sessionUpdate: "tool_call_update",
        toolCallId: callId,
        _meta: { terminal_output: { terminal_id: callId, data } },
      },
    ];
  }

  private commandEnd(event: Extract<AgentEvent, { type: "command_end" }>): SessionUpdate {
    this.open.delete(event.callId);
    const status: ToolCallStatus = event.status === "completed" && event.exitCode === 0 ? "completed" : "failed";
    const rawOutput = { exit_code: event.exitCode, duration_ms: event.durationMs, status: event.status };
    if (this.display.terminalOutput)
      return {
        sessionUpdate: "tool_call_update",
        toolCallId: event.callId,
        status,
        rawOutput,
        _meta: { terminal_exit: { terminal_id: event.callId, exit_code: event.exitCode, signal: null } },
      };
    const output = event.aggregatedOutput;
    return {
      sessionUpdate: "tool_call_update",
      toolCallId: event.callId,
      status,
      content: output ? [outputBlock(output)] : [],
      rawOutput,
    };
  }

  /** Ends every running or pending tool call (a cancelled turn). */
  endOpen(status: ToolCallStatus): SessionUpdate[] {
    const ids = [...this.open.keys(), ...this.announced];
    this.open.clear();
    this.announced.clear();
    return ids.map((toolCallId) => ({ sessionUpdate: "tool_call_update", toolCallId, status }));
  }
}

function chunk(kind: "agent_message_chunk" | "agent_thought_chunk", messageId: string, text: string): SessionUpdate {
  return { sessionUpdate: kind, messageId, content: { type: "text", text } };
}

/** Cost kept to 1e-10 USD, as the usage records are. */
const round = (usd: number) => Math.round(usd * 1e10) / 1e10;
