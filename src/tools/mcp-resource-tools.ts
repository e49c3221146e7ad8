// Upstream's MCP resource tools (codex-rs tools/mcp_resource_tool.rs and handlers/mcp_resource):
// `list_mcp_resources`, `list_mcp_resource_templates` and `read_mcp_resource`, offered whenever
// MCP servers are configured. The answers are upstream's JSON payloads: every entry carries its
// `server`; listing all servers gives no cursor, one server gives its `nextCursor`. Each call
// is announced with mcp_call_begin / mcp_call_end (server `codex` when none is named).
import { z } from "zod";
import { functionTool } from "./function-tool.js";
import type { Tool, ToolContext, ToolResult } from "./tool.js";
import { errorMessage } from "../util/errors.js";

type Json = Record<string, unknown>;

/** What the tools need from the MCP connections (the manager implements it). */
export interface McpResourceSource {
  /** One page of one server's resources; rejects for an unknown server or a failed request. */
  listResources(server: string, cursor?: string): Promise<{ resources: Json[]; nextCursor?: string }>;
  listResourceTemplates(server: string, cursor?: string): Promise<{ resourceTemplates: Json[]; nextCursor?: string }>;
  /** Every page of every server that answers (servers that fail are left out, as upstream does). */
  listAllResources(): Promise<Map<string, Json[]>>;
  listAllResourceTemplates(): Promise<Map<string, Json[]>>;
  readResource(server: string, uri: string): Promise<Json>;
}

const ListResourcesArgs = z.object({
  cursor: z
    .string()
    .describe("Opaque cursor from a previous list_mcp_resources call; omit for the first page.")
    .optional(),
  server: z.string().describe("MCP server name. Omit to list resources from every configured server.").optional(),
});

const ListTemplatesArgs = z.object({
  cursor: z
    .string()
    .describe("Opaque cursor from a previous list_mcp_resource_templates call; omit for the first page.")
    .optional(),
  server: z
    .string()
    .describe("MCP server name. Omit to list resource templates from every configured server.")
    .optional(),
});

const ReadResourceArgs = z.object({
  server: z
    .string()
    .describe("MCP server name exactly as configured. Must match the 'server' field returned by list_mcp_resources."),
  uri: z.string().describe("Resource URI to read. Must be one of the URIs returned by list_mcp_resources."),
});

const trimmed = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

class RespondToModel extends Error {}

/** Runs one resource call between mcp_call_begin and mcp_call_end, answering as upstream does. */
async function announced(
  ctx: ToolContext,
  callId: string,
  invocation: { server: string; tool: string; arguments: unknown },
  work: () => Promise<Json>,
): Promise<ToolResult> {
  ctx.emit({ type: "mcp_call_begin", callId, ...invocation });
  try {
    const output = JSON.stringify(await work());
    ctx.emit({
      type: "mcp_call_end",
      callId,
      ...invocation,
      result: { content: [{ type: "text", text: output }], isError: false },
      error: null,
    });
    return { output, success: true };
  } catch (err) {
    const message = err instanceof RespondToModel ? err.message : errorMessage(err);
    ctx.emit({ type: "mcp_call_end", callId, ...invocation, result: null, error: message });
    return { output: message, success: false };
  }
}

const failed = (what: string) => (err: unknown) => {
  throw new RespondToModel(`${what} failed: ${errorMessage(err)}`);
};

function withServer(server: string, entries: Json[]): Json[] {
  return entries.map((entry) => ({ server, ...entry }));
}

/** Servers in name order, each one's entries tagged with it. */
function flatten(byServer: Map<string, Json[]>): Json[] {
  return [...byServer.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([server, entries]) => withServer(server, entries));
}

interface Listing {
  name: string;
  description: string;
  parameters: typeof ListResourcesArgs;
  /** The payload's key for the entries, and the MCP method named when one server's listing fails. */
  key: "resources" | "resourceTemplates";
  method: string;
  page(server: string, cursor?: string): Promise<{ entries: Json[]; nextCursor?: string }>;
  all(): Promise<Map<string, Json[]>>;
}

/** list_mcp_resources and list_mcp_resource_templates: one server's page, or every server's entries. */
function listingTool(l: Listing): Tool {
  return functionTool({
    name: l.name,
    description: l.description,
    parameters: l.parameters,
    run(args, ctx, call) {
      const server = trimmed(args.server);
      const cursor = trimmed(args.cursor);
      const invocation = { server: server ?? "codex", tool: l.name, arguments: args };
      return announced(ctx, call.callId, invocation, async () => {
        if (server) {
          const page = await l.page(server, cursor).catch(failed(l.method));
          return {
            server,
            [l.key]: withServer(server, page.entries),
            ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }),
          };
        }
        if (cursor) throw new RespondToModel("cursor can only be used when a server is specified");
        return { [l.key]: flatten(await l.all()) };
      });
    },
  });
}

export function mcpResourceTools(source: McpResourceSource): Tool[] {
  const listResources = listingTool({
    name: "list_mcp_resources",
    description:
      "Lists resources provided by MCP servers. Resources allow servers to share data that provides context to language models, such as files, database schemas, or application-specific information. Prefer resources over web search when possible.",
    parameters: ListResourcesArgs,
    key: "resources",
    method: "resources/list",
    page: (server, cursor) =>
      source.listResources(server, cursor).then((p) => ({ entries: p.resources, nextCursor: p.nextCursor })),
    all: () => source.listAllResources(),
  });
  const listTemplates = listingTool({
    name: "list_mcp_resource_templates",
    description:
      "Lists resource templates provided by MCP servers. Parameterized resource templates allow servers to share data that takes parameters and provides context to language models, such as files, database schemas, or application-specific information. Prefer resource templates over web search when possible.",
    parameters: ListTemplatesArgs,
    key: "resourceTemplates",
    method: "resources/templates/list",
    page: (server, cursor) =>
      source
        .listResourceTemplates(server, cursor)
        .then((p) => ({ entries: p.resourceTemplates, nextCursor: p.nextCursor })),
    all: () => source.listAllResourceTemplates(),
  });
  const readResource = functionTool({
    name: "read_mcp_resource",
    description: "Read a specific resource from an MCP server given the server name and resource URI.",
    parameters: ReadResourceArgs,
    async run(args, ctx, call) {
      const server = trimmed(args.server);
      const uri = trimmed(args.uri);
      if (!server) return { output: "server must be provided", success: false };
      if (!uri) return { output: "uri must be provided", success: false };
      const invocation = { server, tool: "read_mcp_resource", arguments: args };
      return announced(ctx, call.callId, invocation, async () => {
        const result = await source.readResource(server, uri).catch(failed("resources/read"));
        return { server, uri, ...result };
      });
    },
  });
  return [listResources, listTemplates, readResource];
}
