// One connection to one MCP server through the official SDK: stdio (a child process) or
// streamable HTTP. This is the only module that imports the SDK; it is loaded with a dynamic
// import() only when config.toml has enabled servers, so nothing else pays for it.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { fetchOverHttp } from "../gateway/http-fetch.js";
import type { ProviderCredentials } from "../gateway/provider-auth.js";
import { withFormBodies } from "./form-fetch.js";
import { VERSION } from "../version.js";
import type { McpToolAnnotations } from "./approval.js";
import { stdioServerEnv, type McpServerSettings } from "./config.js";
import type { McpCallToolResult } from "./result.js";
import { errorMessage } from "../util/errors.js";

export interface McpToolInfo {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  annotations?: McpToolAnnotations;
}

export interface McpConnection {
  readonly server: string;
  readonly settings: McpServerSettings;
  /** Every tool the server lists (before enabled_tools/disabled_tools). */
  readonly tools: McpToolInfo[];
  /** The server's `instructions` from the handshake: upstream describes the server's tool namespace with them. */
  readonly instructions: string | undefined;
  /** Calls a tool; rejects on transport errors and after `timeoutMs`. */
  callTool(
    name: string,
    args: Record<string, unknown> | undefined,
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<McpCallToolResult>;
  /** Resources (MCP `resources/*`), each request held to `tool_timeout_sec`. */
  listResources(cursor?: string): Promise<{ resources: Record<string, unknown>[]; nextCursor?: string }>;
  listResourceTemplates(
    cursor?: string,
  ): Promise<{ resourceTemplates: Record<string, unknown>[]; nextCursor?: string }>;
  readResource(uri: string): Promise<Record<string, unknown>>;
  /** True when the server said it has resources (others are not asked when listing every server). */
  readonly hasResources: boolean;
  /** The server process's pid (stdio), for tests and diagnostics. */
  readonly pid: number | null;
  /** Closes the session; a stdio server gets EOF, then SIGTERM, then SIGKILL. */
  close(): Promise<void>;
}

export class McpStartupError extends Error {
  constructor(
    readonly server: string,
    message: string,
  ) {
    super(message);
    this.name = "McpStartupError";
  }
}

/** Keeps the last lines a stdio server wrote to stderr, for failure messages. */
class StderrTail {
  private lines: string[] = [];
  private partial = "";
  push(chunk: Buffer | string): void {
    const parts = (this.partial + chunk.toString()).split("\n");
    this.partial = parts.pop() ?? "";
    for (const p of parts) if (p.trim()) this.lines.push(p.trim());
    if (this.lines.length > 20) this.lines.splice(0, this.lines.length - 20);
  }
  last(): string | undefined {
    return this.partial.trim() || this.lines.at(-1);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

function httpHeaders(settings: McpServerSettings, env: NodeJS.ProcessEnv): Record<string, string> {
  const t = settings.transport;
  if (t.type !== "streamable_http") return {};
  const headers: Record<string, string> = { ...t.httpHeaders };
  for (const [header, variable] of Object.entries(t.envHttpHeaders)) {
    const value = env[variable];
    if (value && value.trim()) headers[header] = value;
  }
  if (t.bearerTokenEnvVar) {
    const token = env[t.bearerTokenEnvVar];
    if (token === undefined)
      throw new McpStartupError(
        settings.name,
        `Environment variable ${t.bearerTokenEnvVar} for MCP server '${settings.name}' is not set`,
      );
    if (token === "")
      throw new McpStartupError(
        settings.name,
        `Environment variable ${t.bearerTokenEnvVar} for MCP server '${settings.name}' is empty`,
      );
    headers.Authorization = `Bearer ${token}`;
  }
  return headers;
}

/** The header LiteLLM's MCP gateway reads the key from (`Authorization` may be meant for the servers behind it). */
export const LITELLM_KEY_HEADER = "x-litellm-api-key";

type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * Fetch that sends the provider's current key or token in `x-litellm-api-key`; after a 401 a
 * command's token is fetched again once (as for the model's requests).
 */
function withProviderCredentials(base: Fetch, credentials: ProviderCredentials): Fetch {
  const send = async (input: string | URL, init: RequestInit | undefined, token: string | undefined) => {
    const headers = new Headers(init?.headers);
    if (token) headers.set(LITELLM_KEY_HEADER, `Bearer ${token}`);
    return base(input, { ...init, headers });
  };
  return async (input, init) => {
    const token = await credentials.token(init?.signal ?? undefined);
    const response = await send(input, init, token);
    if (response.status !== 401 || !credentials.renewAfterRejection(token)) return response;
    await response.body?.cancel().catch(() => {});
    return send(input, init, await credentials.token(init?.signal ?? undefined));
  };
}

/** Where `provider_auth` finds a provider's credentials (the session's provider, see manager.ts). */
export type ProviderCredentialsLookup = (providerId: string) => ProviderCredentials | undefined;

function transportFetch(
  settings: McpServerSettings,
  env: NodeJS.ProcessEnv,
  lookup?: ProviderCredentialsLookup,
): Fetch {
  const t = settings.transport;
  // Our transport, so HTTPS_PROXY/NO_PROXY and the CA variables apply as for the model's requests.
  const base = fetchOverHttp({ env });
  if (t.type !== "streamable_http" || t.providerAuth === undefined) return base;
  const credentials = lookup?.(t.providerAuth);
  if (!credentials)
    throw new McpStartupError(
      settings.name,
      `MCP client for \`${settings.name}\` failed to start: provider_auth = "${t.providerAuth}" in [mcp_servers.${settings.name}] names no model provider in use`,
    );
  return withProviderCredentials(base, credentials);
}

/**
 * Starts (stdio) or reaches (HTTP) one server, runs the MCP handshake and lists its tools,
 * all within `startupTimeoutMs`. Rejects with an McpStartupError whose message is one line in
 * upstream's words ("MCP client for `x` failed to start: …" / "… timed out after N seconds …").
 */
export async function connectMcpServer(
  settings: McpServerSettings,
  options: {
    env?: NodeJS.ProcessEnv;
    providerCredentials?: ProviderCredentialsLookup;
    /** Where `mcp login` stored OAuth tokens (CODEX_HOME); unset: no OAuth. */
    codexHome?: string;
  } = {},
): Promise<McpConnection> {
  const env = options.env ?? process.env;
  const name = settings.name;
  const stderr = new StderrTail();
  let transport: Transport;
  let stdio: StdioClientTransport | null = null;
  const t = settings.transport;
  try {
    if (t.type === "stdio") {
      stdio = new StdioClientTransport({
        command: t.command,
        args: t.args,
        env: stdioServerEnv(t, env),
        cwd: t.cwd,
        stderr: "pipe",
      });
      stdio.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
      transport = stdio;
    } else {
      const headers = httpHeaders(settings, env);
      const fetch = withFormBodies(transportFetch(settings, env, options.providerCredentials));
      // A stored OAuth login is used when nothing else authenticates the requests, as upstream does.
      const oauth =
        options.codexHome && !t.providerAuth && !Object.keys(headers).some((h) => h.toLowerCase() === "authorization")
          ? await import("./oauth.js").then((m) => m.sessionOAuthProvider(options.codexHome ?? "", name, t.url, fetch))
          : null;
      transport = new StreamableHTTPClientTransport(new URL(t.url), {
        requestInit: { headers },
        fetch,
        ...(oauth && { authProvider: oauth }),
      });
    }
  } catch (err) {
    throw err instanceof McpStartupError
      ? err
      : new McpStartupError(name, `MCP client for \`${name}\` failed to start: ${oneLine(errorMessage(err))}`);
  }
  const client = new Client({ name: "codex-litellm", title: "codex-litellm", version: VERSION }, { capabilities: {} });
  const deadline = Date.now() + settings.startupTimeoutMs;
  const remaining = () => Math.max(1, deadline - Date.now());
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("startup timeout")), settings.startupTimeoutMs);
  });
  const work = (async () => {
    await client.connect(transport, { timeout: remaining() });
    const listed: McpToolInfo[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const res = await client.listTools(cursor ? { cursor } : undefined, { timeout: remaining() });
      for (const tool of res.tools) {
        listed.push({
          name: tool.name,
          title: tool.title,
          description: tool.description,
          inputSchema: tool.inputSchema,
          annotations: tool.annotations,
        });
      }
      if (!res.nextCursor || res.nextCursor === cursor) break;
      cursor = res.nextCursor;
    }
    return listed;
  })();
  work.catch(() => {}); // settled below; a late rejection after a timeout must not go unhandled
  try {
    const tools = await Promise.race([work, timedOut]);
    const requestOptions = { timeout: settings.toolTimeoutMs };
    return {
      server: name,
      settings,
      tools,
      instructions: client.getInstructions(),
      pid: stdio?.pid ?? null,
      async callTool(tool, args, { timeoutMs, signal }) {
        return client.callTool({ name: tool, arguments: args }, undefined, { timeout: timeoutMs, signal });
      },
      hasResources: client.getServerCapabilities()?.resources !== undefined,
      async listResources(cursor) {
        const { resources, nextCursor } = await client.listResources(cursor ? { cursor } : undefined, requestOptions);
        return { resources, ...(nextCursor !== undefined && { nextCursor }) };
      },
      async listResourceTemplates(cursor) {
        const { resourceTemplates, nextCursor } = await client.listResourceTemplates(
          cursor ? { cursor } : undefined,
          requestOptions,
        );
        return { resourceTemplates, ...(nextCursor !== undefined && { nextCursor }) };
      },
      readResource: (uri) => client.readResource({ uri }, requestOptions),
      close: () => closeQuietly(client, transport),
    };
  } catch (err) {
    await closeQuietly(client, transport);
    const message = errorText(err);
    const timeout = message === "startup timeout" || isMcpError(err, ErrorCode.RequestTimeout);
    if (timeout) {
      const secs = Number((settings.startupTimeoutMs / 1000).toFixed(3));
      throw new McpStartupError(
        name,
        `MCP client for \`${name}\` timed out after ${secs} seconds; add or adjust \`startup_timeout_sec\` in [mcp_servers.${name}] in config.toml`,
      );
    }
    const tail = stderr.last();
    const loginHint =
      t.type === "streamable_http" && /\b401\b/.test(message) && !/mcp login/.test(message)
        ? `; if it needs an OAuth login, run \`codex-litellm mcp login ${name}\``
        : "";
    throw new McpStartupError(
      name,
      `MCP client for \`${name}\` failed to start: ${oneLine(message)}${loginHint}${tail ? ` (stderr: ${oneLine(tail).slice(0, 300)})` : ""}`,
    );
  } finally {
    clearTimeout(timer);
  }
}

/** How long a stdio server gets to exit on EOF before it is sent SIGTERM (the SDK waits 2 s). */
const STDIO_EXIT_GRACE_MS = 300;

async function closeQuietly(client: Client, transport: Transport): Promise<void> {
  const pid = transport instanceof StdioClientTransport ? transport.pid : null;
  const nudge = pid
    ? setTimeout(() => {
        try {
          process.kill(pid, "SIGTERM");
        } catch {
          // already gone
        }
      }, STDIO_EXIT_GRACE_MS)
    : undefined;
  try {
    await closeBoth(client, transport);
  } finally {
    clearTimeout(nudge);
  }
}

async function closeBoth(client: Client, transport: Transport): Promise<void> {
  try {
    await client.close();
  } catch {
    // already closed
  }
  try {
    await transport.close();
  } catch {
    // already closed
  }
}

/** True when `err` is the SDK's error with that code (its `code` is typed as a plain number). */
function isMcpError(err: unknown, code: ErrorCode): boolean {
  const expected: number = code;
  return err instanceof McpError && err.code === expected;
}

/** A tool call's failure in one line, e.g. "timed out after 2 seconds (tool_timeout_sec)". */
export function describeCallError(err: unknown, timeoutMs: number): string {
  if (isMcpError(err, ErrorCode.RequestTimeout)) {
    return `timed out after ${Number((timeoutMs / 1000).toFixed(3))} seconds (tool_timeout_sec)`;
  }
  if (isMcpError(err, ErrorCode.ConnectionClosed)) return "the MCP server closed the connection";
  return errorText(err);
}

/** An error's message with its cause (fetch hides ECONNREFUSED and friends there), on one line. */
function errorText(err: unknown): string {
  if (!(err instanceof Error)) return oneLine(String(err));
  const cause = err.cause instanceof Error ? err.cause.message : undefined;
  let text = cause && !err.message.includes(cause) ? `${err.message}: ${cause}` : err.message;
  // The SDK's StreamableHTTPError carries the HTTP status as `code`.
  const code = "code" in err ? err.code : undefined;
  if (
    !(err instanceof McpError) &&
    typeof code === "number" &&
    code >= 100 &&
    code < 600 &&
    !text.includes(String(code))
  )
    text += ` (HTTP ${code})`;
  return oneLine(text);
}
