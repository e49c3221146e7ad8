// An MCP server's tool as one of the agent's `Tool`s: offered as upstream 0.171 offers it (on the
// Responses wire by its own name inside the server's `mcp__<server>` namespace, on the Chat wire as
// a function under the qualified name `mcp__<server>__<tool>`), run through the server with `tool_timeout_sec`, announced with
// mcp_call_begin / mcp_call_end, and answered to the model as upstream does (see result.ts).
import type { ToolSpec } from "../gateway/types.js";
import type { ParsedArguments, Tool, ToolCall, ToolNamespace, ToolResult } from "../tools/tool.js";
import { mcpApprovalAction } from "./approval.js";
import { MCP_TOOL_NAME_DELIMITER } from "./names.js";
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

/** Upstream's namespace of a server's tools: described by the server's instructions, if it gave any. */
export function mcpToolNamespace(server: string, instructions: string | undefined): ToolNamespace {
  const name = `mcp${MCP_TOOL_NAME_DELIMITER}${server}`;
  return { name, description: instructions?.trim() ? instructions : `Tools in the ${name} namespace.` };
}

/** The tool's name inside its server's namespace: the qualified name without `mcp__<server>__`. */
export function nameInNamespace(qualifiedName: string, namespace: ToolNamespace): string {
  const prefix = namespace.name + MCP_TOOL_NAME_DELIMITER;
  return qualifiedName.startsWith(prefix) ? qualifiedName.slice(prefix.length) : qualifiedName;
}

/** The function spec under `name` (the qualified name, or the name inside the namespace). */
export function mcpToolSpec(name: string, tool: McpToolInfo): ToolSpec {
  return {
    type: "function",
    name,
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
  namespace: ToolNamespace = mcpToolNamespace(settings.name, undefined),
): Tool<McpArguments> {
  const server = settings.name;
  const namespacedName = nameInNamespace(qualifiedName, namespace);
  return {
    name: qualifiedName,
    namespace,
    namespacedName,
    spec: (wire) => mcpToolSpec(wire === "responses" ? namespacedName : qualifiedName, tool),
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
        const reply = await ctx.requestApproval({
          kind: "mcp",
          mcp: { server, tool: tool.name, arguments: shownArgs },
          cwd: ctx.cwd,
          reason: decision.reason,
        });
        if (reply.decision === "approved_for_session") ctx.approvedForSession.add(sessionKey);
        if (reply.decision === "denied" || reply.decision === "abort") {
          // Upstream's: a hook's message as written, else the user's no.
          const message =
            reply.hookMessage ??
            (reply.decision === "abort" ? "user cancelled MCP tool call" : "user rejected MCP tool call");
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
