// `exec --json`: turns agent events into upstream Codex's JSONL thread events, one JSON object
// per stdout line and nothing else. Mirrors upstream's `event_processor_with_jsonl_output.rs`:
// - item ids are `item_0`, `item_1`, … from one counter, assigned when an item is first shown:
//   at start for commands, patches, MCP calls and the todo list (the completion reuses the id),
//   at completion for agent messages, reasoning and warnings (which only ever complete);
// - deltas (message, reasoning, command output) are not streamed;
// - the todo list starts on the first plan update, is updated by later ones and completes when
//   the turn ends, before `turn.completed` / `turn.failed`;
// - warnings are `error` items, errors and reconnects are top-level `error` events;
// - `turn.completed.usage` is the session's cumulative token usage (upstream reports the
//   thread total), with the five fields Codex 0.169 prints.
import { isAbsolute, resolve } from "node:path";
import type { AgentEvent, CollabAgentState, CollabCall, FileChange } from "../protocol/events.js";
import type { TokenUsage } from "../gateway/items.js";
import type { ExecUsage, McpToolCallResult, PatchChangeKind, ThreadEvent, ThreadItem } from "./exec-events.js";
import type { ExecOutcome, ExecRenderer, ExecRenderSummary, TextSink } from "./renderer.js";
import { shellJoin } from "../util/shell-quote.js";
import { isJsonObject } from "../util/json.js";
import { assertNever } from "../util/assert-never.js";

/** Upstream keeps at most 1 MiB of streamed command output per running command. */
const AGGREGATE_LIMIT = 1024 * 1024;

interface RunningCommand {
  itemId: string;
  command: string;
  output: string;
}

interface RunningPatch {
  itemId: string;
  changes: FileChange[];
}

interface RunningMcpCall {
  itemId: string;
  server: string;
  tool: string;
  arguments: unknown;
}

export interface ExecEventMapperOptions {
  /** Directory that relative patch paths are resolved against (default: the session's cwd). */
  cwd?: string;
}

/** Pure mapping from agent events to exec thread events; keeps the state ids depend on. */
export class ExecEventMapper {
  private nextId = 0;
  private cwd: string | null;
  private readonly commands = new Map<string, RunningCommand>();
  private readonly patches = new Map<string, RunningPatch>();
  private readonly mcpCalls = new Map<string, RunningMcpCall>();
  /** Item ids of subagent tool calls under way, by call id. */
  private readonly collabCalls = new Map<string, string>();
  private todo: { itemId: string; items: { text: string; completed: boolean }[] } | null = null;
  private totalUsage: TokenUsage | null = null;
  private lastAgentMessage: string | null = null;

  sessionId: string | null = null;
  finalMessage: string | null = null;
  outcome: ExecOutcome = "incomplete";
  errorMessage: string | null = null;

  constructor(options: ExecEventMapperOptions = {}) {
    this.cwd = options.cwd ?? null;
  }

  map(event: AgentEvent): ThreadEvent[] {
    switch (event.type) {
      case "session_configured":
        this.sessionId = event.sessionId;
        this.cwd ??= event.cwd;
        return [{ type: "thread.started", thread_id: event.sessionId }];

      case "turn_started":
        this.lastAgentMessage = null;
        return [{ type: "turn.started" }];

      case "agent_message":
        this.lastAgentMessage = event.text;
        // With --output-schema the text is the model's JSON, passed through untouched.
        return [this.completed({ id: this.newId(), type: "agent_message", text: event.text })];

      case "web_search":
        return [
          this.completed({ id: this.newId(), type: "web_search", query: event.query, action: event.action ?? {} }),
        ];

      // Upstream's exec --json has no item for a viewed image.
      case "view_image":
        return [];

      case "reasoning":
        if (event.text.trim() === "") return [];
        return [this.completed({ id: this.newId(), type: "reasoning", text: event.text })];

      case "command_begin": {
        const running: RunningCommand = { itemId: this.newId(), command: shellJoin(event.command), output: "" };
        this.commands.set(event.callId, running);
        return [{ type: "item.started", item: commandItem(running, null, "in_progress") }];
      }

      // Upstream's exec --json has no item for typing into a running command.
      case "terminal_interaction":
        return [];

      case "command_output": {
        const running = this.commands.get(event.callId);
        if (running) {
          running.output += event.chunk;
          if (running.output.length > AGGREGATE_LIMIT) running.output = running.output.slice(-AGGREGATE_LIMIT);
        }
        return [];
      }

      case "command_end": {
        const running = this.commands.get(event.callId) ?? {
          itemId: this.newId(),
          command: shellJoin(event.command),
          output: "",
        };
        this.commands.delete(event.callId);
        const output = event.aggregatedOutput !== "" ? event.aggregatedOutput : running.output;
        return [this.completed(commandItem({ ...running, output }, event.exitCode, event.status))];
      }

      case "patch_begin": {
        const running: RunningPatch = { itemId: this.newId(), changes: event.changes };
        this.patches.set(event.callId, running);
        return [{ type: "item.started", item: this.patchItem(running.itemId, running.changes, "in_progress") }];
      }

      case "patch_end": {
        const running = this.patches.get(event.callId);
        this.patches.delete(event.callId);
        const itemId = running?.itemId ?? this.newId();
        const changes = event.changes.length > 0 ? event.changes : (running?.changes ?? []);
        return [this.completed(this.patchItem(itemId, changes, event.success ? "completed" : "failed"))];
      }

      case "plan_update": {
        const items = event.plan.map((step) => ({ text: step.step, completed: step.status === "completed" }));
        if (this.todo) {
          this.todo.items = items;
          return [{ type: "item.updated", item: { id: this.todo.itemId, type: "todo_list", items } }];
        }
        this.todo = { itemId: this.newId(), items };
        return [{ type: "item.started", item: { id: this.todo.itemId, type: "todo_list", items } }];
      }

      case "collab_call_begin": {
        const id = this.newId();
        this.collabCalls.set(event.callId, id);
        return [{ type: "item.started", item: collabItem(id, event, {}, "in_progress") }];
      }

      case "collab_call_end": {
        const id = this.collabCalls.get(event.callId) ?? this.newId();
        this.collabCalls.delete(event.callId);
        return [this.completed(collabItem(id, event, event.agentsStates, event.success ? "completed" : "failed"))];
      }

      case "mcp_call_begin": {
        const running: RunningMcpCall = {
          itemId: this.newId(),
          server: event.server,
          tool: event.tool,
          arguments: event.arguments ?? null,
        };
        this.mcpCalls.set(event.callId, running);
        return [{ type: "item.started", item: mcpItem(running, null, null, "in_progress") }];
      }

      case "mcp_call_end": {
        const running = this.mcpCalls.get(event.callId) ?? {
          itemId: this.newId(),
          server: event.server,
          tool: event.tool,
          arguments: event.arguments ?? null,
        };
        this.mcpCalls.delete(event.callId);
        if (event.error !== null) {
          return [this.completed(mcpItem(running, null, { message: event.error }, "failed"))];
        }
        const failed = isJsonObject(event.result) && event.result.isError === true;
        return [this.completed(mcpItem(running, mcpResult(event.result), null, failed ? "failed" : "completed"))];
      }

      case "token_count":
        this.totalUsage = event.total;
        return [];

      case "retrying":
        // Upstream surfaces stream retries as top-level error events ("Reconnecting... 2/5").
        return [{ type: "error", message: reconnectMessage(event.attempt, event.maxAttempts, event.reason) }];

      case "warning":
        return [this.completed({ id: this.newId(), type: "error", message: event.message })];

      case "turn_completed": {
        const events = this.closeTurn();
        this.outcome = "completed";
        this.errorMessage = null;
        this.finalMessage = event.lastAgentMessage ?? this.lastAgentMessage;
        events.push({ type: "turn.completed", usage: execUsage(this.totalUsage ?? event.usage) });
        return events;
      }

      case "turn_failed": {
        // Upstream reports the failure as a top-level `error` too, before it closes the turn.
        const reported = this.errorMessage === event.message;
        const events: ThreadEvent[] = reported ? [] : [{ type: "error", message: event.message }];
        events.push(...this.closeTurn());
        this.outcome = "failed";
        this.errorMessage = event.message;
        this.finalMessage = null;
        events.push({ type: "turn.failed", error: { message: event.message } });
        return events;
      }

      case "turn_aborted": {
        // Upstream prints no turn event for an interrupted turn; it only closes open items, but not
        // the commands: their processes outlive the interrupt, and upstream 0.171 leaves them open.
        const events = this.closeTurn({ aborted: true });
        this.outcome = "aborted";
        this.finalMessage = null;
        return events;
      }

      case "agent_message_delta":
      case "reasoning_delta":
      case "turn_usage":
      case "key_status":
      case "approval_requested":
      case "approval_decided":
      case "compacted":
      case "hook_completed": // shown on stderr by run-exec: stdout stays upstream's stream
        return [];
      default:
        return assertNever(event);
    }
  }

  private newId(): string {
    return `item_${this.nextId++}`;
  }

  private completed(item: ThreadItem): ThreadEvent {
    return { type: "item.completed", item };
  }

  private patchItem(id: string, changes: FileChange[], status: "in_progress" | "completed" | "failed"): ThreadItem {
    return { id, type: "file_change", changes: this.changeList(changes), status };
  }

  /** Upstream lists changes with absolute paths, sorted by path (byte order). */
  private changeList(changes: FileChange[]): { path: string; kind: PatchChangeKind }[] {
    return changes
      .map((c) => ({
        path: this.cwd !== null && !isAbsolute(c.path) ? resolve(this.cwd, c.path) : c.path,
        kind: c.kind,
      }))
      .sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  }

  /** End of a turn: complete the todo list, then anything still running. */
  private closeTurn({ aborted = false } = {}): ThreadEvent[] {
    const events: ThreadEvent[] = [];
    if (this.todo) {
      events.push(this.completed({ id: this.todo.itemId, type: "todo_list", items: this.todo.items }));
      this.todo = null;
    }
    for (const running of aborted ? [] : this.commands.values()) {
      // Upstream closes a command that never reported its end as completed without exit code.
      events.push(this.completed(commandItem(running, null, "completed")));
    }
    this.commands.clear();
    for (const running of this.patches.values()) {
      events.push(this.completed(this.patchItem(running.itemId, running.changes, "failed")));
    }
    this.patches.clear();
    for (const running of this.mcpCalls.values()) {
      events.push(
        this.completed(mcpItem(running, null, { message: "tool call did not finish before the turn ended" }, "failed")),
      );
    }
    this.mcpCalls.clear();
    return events;
  }
}

function commandItem(
  running: RunningCommand,
  exitCode: number | null,
  status: "in_progress" | "completed" | "failed" | "declined",
): ThreadItem {
  return {
    id: running.itemId,
    type: "command_execution",
    command: running.command,
    aggregated_output: running.output,
    exit_code: exitCode,
    status,
  };
}

function mcpItem(
  running: RunningMcpCall,
  result: McpToolCallResult | null,
  error: { message: string } | null,
  status: "in_progress" | "completed" | "failed",
): ThreadItem {
  return {
    id: running.itemId,
    type: "mcp_tool_call",
    server: running.server,
    tool: running.tool,
    arguments: running.arguments,
    result,
    error,
    status,
  };
}

/** An MCP `CallToolResult` as upstream's `{content, structured_content}` (plus `_meta` when given). */
function mcpResult(result: unknown): McpToolCallResult {
  if (isJsonObject(result) && Array.isArray(result.content)) {
    const structured = result.structuredContent ?? result.structured_content ?? null;
    const meta = result._meta;
    return meta === undefined
      ? { content: result.content, structured_content: structured }
      : { content: result.content, _meta: meta, structured_content: structured };
  }
  if (typeof result === "string") return { content: [{ type: "text", text: result }], structured_content: null };
  if (result === undefined || result === null) return { content: [], structured_content: null };
  return { content: [], structured_content: result };
}

export function reconnectMessage(attempt: number, maxAttempts: number, reason: string): string {
  const base = `Reconnecting... ${attempt}/${maxAttempts}`;
  return reason.trim() === "" ? base : `${base} (${reason})`;
}

function execUsage(u: TokenUsage): ExecUsage {
  return {
    input_tokens: u.input_tokens,
    cached_input_tokens: u.cached_input_tokens,
    cache_write_input_tokens: 0,
    output_tokens: u.output_tokens,
    reasoning_output_tokens: u.reasoning_output_tokens,
  };
}

export type JsonlRendererOptions = ExecEventMapperOptions;

/** Writes `exec --json` JSONL for agent events to `out` (stdout). */
export class JsonlRenderer implements ExecRenderer {
  private readonly mapper: ExecEventMapper;

  constructor(
    private readonly out: TextSink,
    options: JsonlRendererOptions = {},
  ) {
    this.mapper = new ExecEventMapper(options);
  }

  handle(event: AgentEvent): void {
    for (const threadEvent of this.mapper.map(event)) this.out.write(`${JSON.stringify(threadEvent)}\n`);
  }

  finish(): ExecRenderSummary {
    const m = this.mapper;
    return { sessionId: m.sessionId, finalMessage: m.finalMessage, outcome: m.outcome, errorMessage: m.errorMessage };
  }
}

/** Upstream's `collab_tool_call` item. */
function collabItem(
  id: string,
  call: CollabCall,
  states: Record<string, CollabAgentState>,
  status: "in_progress" | "completed" | "failed",
): ThreadItem {
  return {
    id,
    type: "collab_tool_call",
    tool: call.tool,
    sender_thread_id: call.senderThreadId,
    receiver_thread_ids: call.receiverThreadIds,
    prompt: call.prompt,
    agents_states: states,
    status,
  };
}
