// An MCP server's tool as one of the agent's `Tool`s: offered as a function under upstream's
// qualified name, run through the server with `tool_timeout_sec`, announced with
// mcp_call_begin / mcp_call_end, and answered to the model as upstream does (see result.ts).
import type { ToolSpec } from "../gateway/types.js";
import type { ParsedArguments, Tool, ToolCall, ToolResult } from "../tools/tool.js";
import { mcpApprovalAction } from "./approval.js";
import { toolApprovalMode, type McpServerSettings } from "./config.js";
import type { McpToolInfo } from "./client.js";
import { errorResult, toolResultForModel, type McpCallToolResult } from "./result.js";
import { errorMessage } from "../util/errors.js";
import { isJsonObject } from "../util/json.js";

/** What a tool needs from its server's connection. */
export interface McpToolCaller {
  callTool(
    name: string,
    args: Record<string, unknown> | undefined,
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<McpCallToolResult>;
  describeError(err: unknown, timeoutMs: number): string;
}

/** A tool result that may also carry Responses content items (images), as upstream sends them. */
export type McpToolResult = ToolResult;

/**
 * The input schema as the model gets it: upstream inserts `properties: {}` when a server
 * leaves it out (OpenAI requires it); a missing top-level `type` becomes "object".
 */
export function toolParameters(inputSchema: Record<string, unknown> | undefined): Record<string, unknown> {
  const { $schema: _schema, ...schema } = inputSchema ?? {};
  if (schema.type === undefined) schema.type = "object";
  if (schema.properties === undefined || schema.properties === null) schema.properties = {};
  return schema;
}

export function mcpToolSpec(qualifiedName: string, tool: McpToolInfo): ToolSpec {
  return {
    type: "function",
    name: qualifiedName,
    description: tool.description ?? "",
    strict: false,
    parameters: toolParameters(tool.inputSchema),
  };
}

type McpArguments = Record<string, unknown> | undefined;

/**
 * The call's arguments as the server gets them: a JSON object, or nothing for empty text or
 * `null`. The server's own input schema is left to the server; upstream answers anything else
 * (without begin/end events) as below.
 */
function parseArgs(call: ToolCall): ParsedArguments<McpArguments> {
  const text = call.kind === "function" ? call.arguments : call.input;
  const fail = (message: string) => ({ ok: false as const, result: answer(errorResult(message)) });
  if (!text.trim()) return { ok: true, value: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return fail(`err: ${errorMessage(err)}`);
  }
  if (value === null) return { ok: true, value: undefined };
  if (!isJsonObject(value)) return fail("err: tool arguments must be a JSON object");
  return { ok: true, value };
}

function answer(result: McpCallToolResult): McpToolResult {
  const out = toolResultForModel(result);
  return out.contentItems
    ? { output: out.output, success: out.success, contentItems: out.contentItems }
    : { output: out.output, success: out.success };
}

export function createMcpTool(
  qualifiedName: string,
  settings: McpServerSettings,
  tool: McpToolInfo,
  caller: McpToolCaller,
): Tool<McpArguments> {
  const server = settings.name;
  return {
    name: qualifiedName,
    spec: () => mcpToolSpec(qualifiedName, tool),
    parse: parseArgs,
    async run(args, ctx, call): Promise<McpToolResult> {
      const shownArgs = args ?? null;
      ctx.emit({ type: "mcp_call_begin", callId: call.callId, server, tool: tool.name, arguments: shownArgs });
      const end = (result: McpCallToolResult | null, error: string | null) =>
        ctx.emit({
          type: "mcp_call_end",
          callId: call.callId,
          server,
          tool: tool.name,
          arguments: shownArgs,
          result,
          error,
        });

      const decision = mcpApprovalAction({
        server,
        tool: tool.name,
        mode: toolApprovalMode(settings, tool.name),
        annotations: tool.annotations,
        approvalPolicy: ctx.config.approvalPolicy,
        sandboxMode: ctx.config.sandboxMode,
      });
      const sessionKey = `mcp\u0000${server}\u0000${tool.name}`;
      if (decision.action === "decline") {
        ctx.decided("denied", "config");
        end(null, decision.reason);
        return answer(errorResult(decision.reason));
      }
      if (decision.action !== "ask") ctx.decided("approved", "config");
      else if (ctx.approvedForSession.has(sessionKey)) ctx.decided("approved_for_session", "user");
      else {
        const verdict = await ctx.requestApproval({
          kind: "mcp",
          mcp: { server, tool: tool.name, arguments: shownArgs },
          cwd: ctx.cwd,
          reason: decision.reason,
        });
        if (verdict === "approved_for_session") ctx.approvedForSession.add(sessionKey);
        if (verdict === "denied" || verdict === "abort") {
          const message =
            ctx.approvalDenial?.() ??
            (verdict === "abort" ? "user cancelled MCP tool call" : "user rejected MCP tool call");
          end(null, message);
          return answer(errorResult(message));
        }
      }

      const timeoutMs = settings.toolTimeoutMs;
      try {
        const result = await caller.callTool(tool.name, args, { timeoutMs, signal: ctx.signal });
        end(result, null);
        return answer(result);
      } catch (err) {
        if (ctx.signal.aborted) {
          end(null, "interrupted");
          throw err;
        }
        const message = `tool call error: tool call failed for \`${server}/${tool.name}\`: ${caller.describeError(err, timeoutMs)}`;
        end(null, message);
        return answer(errorResult(message));
      }
    },
  };
}
