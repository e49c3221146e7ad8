// When an MCP tool call needs the user's approval. Upstream Codex (codex-rs/core/src/
// mcp_tool_call.rs `maybe_request_mcp_tool_approval`) decides, for servers of your own:
//   1. approval_policy = never together with sandbox danger-full-access ("full access"): run.
//   2. approval mode `approve` for the tool: run.
//   3. mode `auto` (the default) and the tool has no annotations: run.
//   4. otherwise ask when the mode is `prompt`, or when the annotations say the tool may change
//      things: destructiveHint = true, or not readOnlyHint and (destructiveHint or
//      openWorldHint unset or true).
// Upstream asks even under approval_policy = never; here `never` means nobody is asked, so a
// call that would need asking is declined and the model is told why (set `approval_mode =
// "approve"` for the tool, or run with full access, to allow it). Under the other policies the
// host is asked (exec has nobody to ask and declines).
import type { ApprovalPolicy, SandboxMode } from "../config/schema.js";
import type { McpToolApprovalMode } from "./config.js";

export interface McpToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** Upstream `requires_mcp_tool_approval`. */
export function annotationsRequireApproval(annotations: McpToolAnnotations | undefined): boolean {
  const destructive = annotations?.destructiveHint;
  if (destructive === true) return true;
  if (annotations?.readOnlyHint === true) return false;
  return (destructive ?? true) || (annotations?.openWorldHint ?? true);
}

export type McpApprovalAction =
  { action: "run" } | { action: "ask"; reason: string } | { action: "decline"; reason: string };

export function mcpApprovalAction(input: {
  server: string;
  tool: string;
  mode: McpToolApprovalMode;
  annotations: McpToolAnnotations | undefined;
  approvalPolicy: ApprovalPolicy;
  sandboxMode: SandboxMode;
}): McpApprovalAction {
  const { mode, annotations, approvalPolicy, sandboxMode } = input;
  if (approvalPolicy === "never" && sandboxMode === "danger-full-access") return { action: "run" };
  if (mode === "approve") return { action: "run" };
  if (mode === "auto" && annotations === undefined) return { action: "run" };
  if (mode !== "prompt" && !annotationsRequireApproval(annotations)) return { action: "run" };
  const question = `Allow the ${input.server} MCP server to run tool "${input.tool}"?`;
  if (approvalPolicy === "never") {
    return {
      action: "decline",
      reason:
        `MCP tool call not run: "${input.tool}" needs approval (${mode === "prompt" ? 'approval_mode = "prompt"' : "its annotations do not mark it read-only"}) ` +
        `and approval_policy is "never"; set approval_mode = "approve" in [mcp_servers.${input.server}.tools.${input.tool}] to allow it`,
    };
  }
  return { action: "ask", reason: question };
}
