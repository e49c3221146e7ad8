// `[mcp_servers.<name>]` tables (already validated by the config schema) turned into the settings
// the MCP client works with: transport, timeouts, tool filters and per-tool approval modes.
// Defaults and key names are upstream Codex's (codex-rs mcp_connection_manager / config types).
import type { ResolvedConfig } from "../config/load.js";
import { isTable, type Table } from "../util/tables.js";

export const DEFAULT_STARTUP_TIMEOUT_SEC = 10;
export const DEFAULT_TOOL_TIMEOUT_SEC = 60;
/** Upstream refuses other server names at start-up (and in `mcp add`). */
export const SERVER_NAME_PATTERN = /^[a-zA-Z0-9_-]+$/;

export type McpTransport =
  | {
      type: "stdio";
      command: string;
      args: string[];
      /** Literal variables from `env`. */
      env: Record<string, string>;
      /** Names of variables forwarded from our environment (`env_vars`, newer upstream). */
      envVars: string[];
      cwd?: string;
    }
  | {
      type: "streamable_http";
      url: string;
      bearerTokenEnvVar?: string;
      httpHeaders: Record<string, string>;
      /** Header name → environment variable holding its value. */
      envHttpHeaders: Record<string, string>;
      /**
       * `provider_auth` (ours): send this model provider's key or SSO token as LiteLLM's
       * `x-litellm-api-key`, as the gateway at `<proxy>/mcp` expects.
       */
      providerAuth?: string;
    };

/**
 * When an MCP tool call needs approval (upstream `approval_mode`, per tool under
 * `[mcp_servers.<s>.tools.<t>]`, or `default_tools_approval_mode` for the server):
 * `auto` asks only for tools whose annotations say they may change things, `prompt` always
 * asks, `approve` never asks.
 */
export type McpToolApprovalMode = "auto" | "prompt" | "approve";
const APPROVAL_MODES: readonly McpToolApprovalMode[] = ["auto", "prompt", "approve"];

export interface McpServerSettings {
  name: string;
  transport: McpTransport;
  enabled: boolean;
  startupTimeoutMs: number;
  toolTimeoutMs: number;
  /** Allow-list; undefined means every tool. */
  enabledTools?: string[];
  /** Deny-list, applied after the allow-list. */
  disabledTools: string[];
  defaultApprovalMode: McpToolApprovalMode;
  toolApprovalModes: Record<string, McpToolApprovalMode>;
  /** The table as written (for `mcp list/get`). */
  raw: Table;
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : undefined);
const stringMap = (v: unknown): Record<string, string> =>
  isTable(v)
    ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string"))
    : {};
const isApprovalMode = (v: unknown): v is McpToolApprovalMode => APPROVAL_MODES.some((mode) => mode === v);
const approvalMode = (v: unknown) => (isApprovalMode(v) ? v : undefined);

/** Settings of one `[mcp_servers.<name>]` table; null when it names neither `command` nor `url`. */
export function mcpServerSettings(name: string, table: Table): McpServerSettings | null {
  const command = str(table.command);
  const url = str(table.url);
  let transport: McpTransport;
  if (command !== undefined) {
    transport = {
      type: "stdio",
      command,
      args: strings(table.args) ?? [],
      env: stringMap(table.env),
      envVars: strings(table.env_vars) ?? [],
      cwd: str(table.cwd),
    };
  } else if (url !== undefined) {
    transport = {
      type: "streamable_http",
      url,
      bearerTokenEnvVar: str(table.bearer_token_env_var),
      httpHeaders: stringMap(table.http_headers),
      envHttpHeaders: stringMap(table.env_http_headers),
      providerAuth: str(table.provider_auth),
    };
  } else {
    return null;
  }
  const startupSec = typeof table.startup_timeout_sec === "number" ? table.startup_timeout_sec : undefined;
  const startupMs = typeof table.startup_timeout_ms === "number" ? table.startup_timeout_ms : undefined;
  const toolSec = typeof table.tool_timeout_sec === "number" ? table.tool_timeout_sec : undefined;
  const tools = isTable(table.tools) ? table.tools : {};
  const toolApprovalModes: Record<string, McpToolApprovalMode> = {};
  for (const [tool, t] of Object.entries(tools)) {
    const mode = isTable(t) ? approvalMode(t.approval_mode) : undefined;
    if (mode) toolApprovalModes[tool] = mode;
  }
  return {
    name,
    transport,
    enabled: table.enabled !== false,
    startupTimeoutMs:
      startupSec !== undefined ? Math.round(startupSec * 1000) : (startupMs ?? DEFAULT_STARTUP_TIMEOUT_SEC * 1000),
    toolTimeoutMs: Math.round((toolSec ?? DEFAULT_TOOL_TIMEOUT_SEC) * 1000),
    enabledTools: strings(table.enabled_tools),
    disabledTools: strings(table.disabled_tools) ?? [],
    defaultApprovalMode: approvalMode(table.default_tools_approval_mode) ?? "auto",
    toolApprovalModes,
    raw: table,
  };
}

/** Every configured server, in config order. */
export function allMcpServers(servers: ResolvedConfig["mcpServers"] | Table | undefined): McpServerSettings[] {
  if (!isTable(servers)) return [];
  return Object.entries(servers).flatMap(([name, table]) => {
    const settings = isTable(table) ? mcpServerSettings(name, table) : null;
    return settings ? [settings] : [];
  });
}

/** The servers a session starts (`enabled` not false). */
export function enabledMcpServers(servers: ResolvedConfig["mcpServers"] | Table | undefined): McpServerSettings[] {
  return allMcpServers(servers).filter((s) => s.enabled);
}

/** Upstream's tool filter: in `enabled_tools` when that is set, and not in `disabled_tools`. */
export function toolAllowed(
  settings: Pick<McpServerSettings, "enabledTools" | "disabledTools">,
  tool: string,
): boolean {
  if (settings.enabledTools && !settings.enabledTools.includes(tool)) return false;
  return !settings.disabledTools.includes(tool);
}

export function toolApprovalMode(
  settings: Pick<McpServerSettings, "defaultApprovalMode" | "toolApprovalModes">,
  tool: string,
): McpToolApprovalMode {
  return settings.toolApprovalModes[tool] ?? settings.defaultApprovalMode;
}

/** Upstream's default environment for stdio servers (plus `env_vars`, then `env`). */
export const DEFAULT_ENV_VARS = [
  "HOME",
  "LOGNAME",
  "PATH",
  "SHELL",
  "USER",
  "__CF_USER_TEXT_ENCODING",
  "LANG",
  "LC_ALL",
  "TERM",
  "TMPDIR",
  "TZ",
];

export function stdioServerEnv(
  transport: Extract<McpTransport, { type: "stdio" }>,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [...DEFAULT_ENV_VARS, ...transport.envVars]) {
    const value = env[name];
    if (value !== undefined) out[name] = value;
  }
  return { ...out, ...transport.env };
}
