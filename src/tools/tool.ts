// Tools as data: each tool is a name, a spec per wire, and a run function. The agent core
// calls `run` and turns the result into a function/custom tool output item.
import type { ResolvedConfig } from "../config/load.js";
import type { WireApi } from "../config/schema.js";
import type { FunctionCallOutputContent } from "../gateway/items.js";
import type { ToolSpec } from "../gateway/types.js";
import type { AgentEvent, ApprovalDecision, FileChange } from "../agent/protocol.js";
import type { SandboxPolicy } from "./sandbox/index.js";
import { errorMessage } from "../util/errors.js";

export type ToolCall =
  | { kind: "function"; callId: string; name: string; arguments: string }
  | { kind: "custom"; callId: string; name: string; input: string };

export interface ApprovalQuestion {
  kind: "command" | "patch" | "mcp";
  command?: string[];
  cwd?: string;
  changes?: FileChange[];
  /** An MCP tool call: which server and tool, with the arguments the model gave. */
  mcp?: { server: string; tool: string; arguments: unknown };
  reason: string | null;
}

export interface ToolContext {
  config: ResolvedConfig;
  cwd: string;
  sandboxPolicy: SandboxPolicy;
  signal: AbortSignal;
  emit(event: AgentEvent): void;
  /** Asks the host (a person in the TUI; nobody in exec, which declines). */
  requestApproval(question: ApprovalQuestion): Promise<ApprovalDecision>;
  /** Commands approved "for this session" (key: the joined argv). */
  approvedForSession: Set<string>;
  /** Secrets that must not appear in command environments (e.g. the API key). */
  secrets: readonly string[];
}

export interface ToolResult {
  /** Text the model sees. */
  output: string;
  success: boolean;
  /** Structured output (e.g. an MCP tool's images) sent instead of `output` on function calls. */
  contentItems?: FunctionCallOutputContent[];
}

export interface Tool {
  name: string;
  /** `applyPatchToolType`: the shape the model catalog names for apply_patch (unset: ours). */
  spec(
    wire: WireApi,
    ctx: { approvalPolicy: ResolvedConfig["approvalPolicy"]; applyPatchToolType?: "freeform" | "function" },
  ): ToolSpec;
  run(call: ToolCall, ctx: ToolContext): Promise<ToolResult>;
}

/** Parses a function call's JSON arguments; a parse failure becomes output the model can act on. */
export function parseArguments<T>(call: ToolCall): { ok: true; value: T } | { ok: false; result: ToolResult } {
  const text = call.kind === "function" ? call.arguments : call.input;
  try {
    return { ok: true, value: JSON.parse(text || "{}") as T };
  } catch (err) {
    return {
      ok: false,
      result: {
        output: `failed to parse function arguments: ${errorMessage(err)}`,
        success: false,
      },
    };
  }
}
