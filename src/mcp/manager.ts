// Starts the configured MCP servers (in parallel), offers their tools to the agent and shuts
// them down. The SDK is imported here lazily — only when there is a server to start.
import type { ResolvedConfig } from "../config/load.js";
import { mcpResourceTools, type McpResourceSource } from "../tools/mcp-resource-tools.js";
import type { Tool } from "../tools/tool.js";
import { enabledMcpServers, SERVER_NAME_PATTERN, toolAllowed, type McpServerSettings } from "./config.js";
import type { McpConnection, McpToolInfo, ProviderCredentialsLookup } from "./client.js";
import { qualifyTools } from "./names.js";
import { createMcpTool, mcpToolNamespace, type McpToolCaller } from "./tool.js";
import { errorMessage } from "../util/errors.js";

export interface McpStartupFailure {
  server: string;
  /** One line, in upstream's words. */
  error: string;
}

export interface McpListedTool {
  /** The name the model sees, e.g. `mcp__docs__search`. */
  qualifiedName: string;
  server: string;
  tool: McpToolInfo;
}

export interface StartMcpOptions {
  env?: NodeJS.ProcessEnv;
  /** Credentials for `provider_auth` (default: the config's provider, see startMcpServers). */
  providerCredentials?: ProviderCredentialsLookup;
  /** CODEX_HOME, where `mcp login` keeps OAuth tokens (default: the config's). */
  codexHome?: string;
  /** Called once per server that did not start (also recorded in `failures`). */
  onFailure?: (failure: McpStartupFailure) => void;
}

type Json = Record<string, unknown>;

/** Pages followed when listing every server's resources (a server repeating its cursor stops sooner). */
const MAX_PAGES = 100;

export class McpConnectionManager implements McpResourceSource {
  private closed = false;

  private constructor(
    readonly connections: McpConnection[],
    readonly failures: McpStartupFailure[],
  ) {}

  /** Starts every server in `servers` at once; a server that fails is reported, not fatal. */
  static async start(
    servers: readonly McpServerSettings[],
    options: StartMcpOptions = {},
  ): Promise<McpConnectionManager> {
    const failures: McpStartupFailure[] = [];
    const fail = (failure: McpStartupFailure) => {
      failures.push(failure);
      options.onFailure?.(failure);
    };
    const valid = servers.filter((s) => {
      if (SERVER_NAME_PATTERN.test(s.name)) return true;
      fail({
        server: s.name,
        error: `MCP client for \`${s.name}\` failed to start: invalid MCP server name '${s.name}': must match pattern ${SERVER_NAME_PATTERN.source}`,
      });
      return false;
    });
    const connections: McpConnection[] = [];
    if (valid.length > 0) {
      const { connectMcpServer } = await import("./client.js");
      const results = await Promise.allSettled(
        valid.map((s) =>
          connectMcpServer(s, {
            env: options.env,
            providerCredentials: options.providerCredentials,
            codexHome: options.codexHome,
          }),
        ),
      );
      results.forEach((r, i) => {
        if (r.status === "fulfilled") connections.push(r.value);
        else
          fail({
            server: valid[i]?.name ?? "?",
            error: errorMessage(r.reason),
          });
      });
    }
    return new McpConnectionManager(connections, failures);
  }

  /** Tools offered to the model (after enabled_tools / disabled_tools), under qualified names. */
  listTools(): McpListedTool[] {
    const entries = this.connections.flatMap((c) =>
      c.tools
        .filter((t) => toolAllowed(c.settings, t.name))
        .map((tool) => ({ server: c.server, tool: tool.name, info: tool, connection: c })),
    );
    return [...qualifyTools(entries)].map(([qualifiedName, e]) => ({ qualifiedName, server: e.server, tool: e.info }));
  }

  /** The agent `Tool`s for every offered MCP tool, as upstream orders them: by namespace, then by name in it. */
  async tools(): Promise<Tool[]> {
    const { describeCallError } = await import("./client.js");
    const byServer = new Map(this.connections.map((c) => [c.server, c]));
    const tools = this.listTools().flatMap(({ qualifiedName, server, tool }) => {
      const connection = byServer.get(server);
      if (!connection) return [];
      const caller: McpToolCaller = {
        callTool: (n, a, o) => connection.callTool(n, a, o),
        describeError: describeCallError,
      };
      const namespace = mcpToolNamespace(server, connection.instructions);
      return [createMcpTool(qualifiedName, connection.settings, tool, caller, namespace)];
    });
    return tools.sort(
      (a, b) =>
        byCodePoint(a.namespace?.name ?? "", b.namespace?.name ?? "") ||
        byCodePoint(a.namespacedName ?? a.name, b.namespacedName ?? b.name),
    );
  }

  /** Upstream's list_mcp_resources, list_mcp_resource_templates and read_mcp_resource over these servers. */
  resourceTools(): Tool[] {
    return mcpResourceTools(this);
  }

  private connection(server: string): McpConnection {
    const connection = this.connections.find((c) => c.server === server);
    if (!connection) throw new Error(`unknown MCP server '${server}'`);
    return connection;
  }

  async listResources(server: string, cursor?: string) {
    return this.connection(server).listResources(cursor);
  }

  async listResourceTemplates(server: string, cursor?: string) {
    return this.connection(server).listResourceTemplates(cursor);
  }

  async readResource(server: string, uri: string) {
    return this.connection(server).readResource(uri);
  }

  listAllResources(): Promise<Map<string, Json[]>> {
    return this.everyPage(async (c, cursor) => {
      const page = await c.listResources(cursor);
      return { entries: page.resources, nextCursor: page.nextCursor };
    });
  }

  listAllResourceTemplates(): Promise<Map<string, Json[]>> {
    return this.everyPage(async (c, cursor) => {
      const page = await c.listResourceTemplates(cursor);
      return { entries: page.resourceTemplates, nextCursor: page.nextCursor };
    });
  }

  /** Every page of every server with resources, at once; a server that fails is left out. */
  private async everyPage(
    page: (c: McpConnection, cursor?: string) => Promise<{ entries: Json[]; nextCursor?: string }>,
  ): Promise<Map<string, Json[]>> {
    const out = new Map<string, Json[]>();
    await Promise.all(
      this.connections
        .filter((c) => c.hasResources)
        .map(async (c) => {
          const entries: Json[] = [];
          let cursor: string | undefined;
          try {
            for (let n = 0; n < MAX_PAGES; n++) {
              const next = await page(c, cursor);
              entries.push(...next.entries);
              if (!next.nextCursor || next.nextCursor === cursor) break;
              cursor = next.nextCursor;
            }
            out.set(c.server, entries);
          } catch {
            // as upstream: a server that cannot list is left out of the whole listing
          }
        }),
    );
    return out;
  }

  /** Closes every connection (stdio servers are stopped); safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled(this.connections.map((c) => c.close()));
  }
}

/**
 * Starts the enabled `[mcp_servers]` of a config. Resolves to null — without loading the MCP
 * SDK — when none is enabled.
 */
export async function startMcpServers(
  config: Pick<ResolvedConfig, "mcpServers"> & Partial<Pick<ResolvedConfig, "provider" | "codexHome">>,
  options: StartMcpOptions = {},
): Promise<McpConnectionManager | null> {
  const servers = enabledMcpServers(config.mcpServers);
  if (servers.length === 0) return null;
  const { provider } = config;
  const env = options.env ?? process.env;
  const providerCredentials =
    options.providerCredentials ??
    (provider
      ? await import("../gateway/provider-auth.js").then(
          (m) => (id: string) => (id === provider.id ? m.providerCredentials(provider, env) : undefined),
        )
      : undefined);
  return McpConnectionManager.start(servers, {
    ...options,
    providerCredentials,
    codexHome: options.codexHome ?? config.codexHome,
  });
}

/** Rust's string order (upstream sorts its tools by name): by UTF-16 unit here, the same for ASCII names. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
