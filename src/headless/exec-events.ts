// The `codex exec --json` output format (upstream `exec_events.rs`, as Codex 0.169 prints it):
// one `ThreadEvent` per stdout line. Property order here is the order upstream serializes.

export interface ExecUsage {
  input_tokens: number;
  cached_input_tokens: number;
  cache_write_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
}

export type CommandExecutionStatus = "in_progress" | "completed" | "failed" | "declined";
export type PatchApplyStatus = "in_progress" | "completed" | "failed";
export type McpToolCallStatus = "in_progress" | "completed" | "failed";
export type PatchChangeKind = "add" | "delete" | "update";

export interface McpToolCallResult {
  content: unknown[];
  _meta?: unknown;
  structured_content: unknown;
}

export type ThreadItem =
  | { id: string; type: "agent_message"; text: string }
  | { id: string; type: "reasoning"; text: string }
  | {
      id: string;
      type: "command_execution";
      command: string;
      aggregated_output: string;
      exit_code: number | null;
      status: CommandExecutionStatus;
    }
  | { id: string; type: "file_change"; changes: { path: string; kind: PatchChangeKind }[]; status: PatchApplyStatus }
  | {
      id: string;
      type: "mcp_tool_call";
      server: string;
      tool: string;
      arguments: unknown;
      result: McpToolCallResult | null;
      error: { message: string } | null;
      status: McpToolCallStatus;
    }
  | { id: string; type: "todo_list"; items: { text: string; completed: boolean }[] }
  | {
      id: string;
      type: "collab_tool_call";
      tool: string;
      sender_thread_id: string;
      receiver_thread_ids: string[];
      prompt: string | null;
      agents_states: Record<string, { status: string; message: string | null }>;
      status: "in_progress" | "completed" | "failed";
    }
  | { id: string; type: "web_search"; query: string; action: Record<string, unknown> }
  | { id: string; type: "error"; message: string };

export type ThreadEvent =
  | { type: "thread.started"; thread_id: string }
  | { type: "turn.started" }
  | { type: "turn.completed"; usage: ExecUsage }
  | { type: "turn.failed"; error: { message: string } }
  | { type: "item.started"; item: ThreadItem }
  | { type: "item.updated"; item: ThreadItem }
  | { type: "item.completed"; item: ThreadItem }
  | { type: "error"; message: string };
