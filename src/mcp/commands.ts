// `codex-litellm mcp list|get|add|remove`, as upstream's `codex mcp` (codex-rs/cli/src/mcp_cmd.rs):
// same tables, JSON shapes and messages. Differences: `add` refuses a name that exists (upstream
// overwrites it) and `get`/`remove` of an unknown name exit 1; values of `env` and secret-looking
// headers are masked in JSON too; there is no Auth column. OAuth login/logout: oauth-commands.ts.
import { editConfigFile } from "../config/edit.js";
import { configFilePath, resolveCodexHome } from "../config/home.js";
import type { ResolvedConfig } from "../config/load.js";
import { UserError } from "../util/errors.js";
import { maskSecretTable } from "../util/redact.js";
import { isTable, type Table } from "../util/tables.js";
import { allMcpServers, SERVER_NAME_PATTERN, type McpServerSettings } from "./config.js";

export interface Out {
  write(text: string): void;
}

const CLI = "codex-litellm";

function validateName(name: string): void {
  if (!SERVER_NAME_PATTERN.test(name))
    throw new UserError(`invalid server name '${name}' (use letters, numbers, '-', '_')`);
}

/** Env shown as `KEY=*****` (upstream `format_env_display`), `-` when empty. */
function envDisplay(s: McpServerSettings): string {
  if (s.transport.type !== "stdio") return "-";
  const parts = [...Object.keys(s.transport.env).sort(), ...s.transport.envVars].map((k) => `${k}=*****`);
  return parts.length ? parts.join(", ") : "-";
}

const seconds = (v: unknown) => (typeof v === "number" ? v : null);

function startupSeconds(raw: Table): number | null {
  if (typeof raw.startup_timeout_sec === "number") return raw.startup_timeout_sec;
  return typeof raw.startup_timeout_ms === "number" ? raw.startup_timeout_ms / 1000 : null;
}

function transportJson(s: McpServerSettings): Record<string, unknown> {
  const t = s.transport;
  const raw = s.raw;
  if (t.type === "stdio") {
    return {
      type: "stdio",
      command: t.command,
      args: t.args,
      env: isTable(raw.env) ? raw.env : null,
      env_vars: t.envVars,
      cwd: t.cwd ?? null,
    };
  }
  return {
    type: "streamable_http",
    url: t.url,
    bearer_token_env_var: t.bearerTokenEnvVar ?? null,
    http_headers: isTable(raw.http_headers) ? raw.http_headers : null,
    env_http_headers: isTable(raw.env_http_headers) ? raw.env_http_headers : null,
  };
}

function serverJson(s: McpServerSettings, detail: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { name: s.name, enabled: s.enabled, transport: transportJson(s) };
  if (detail) {
    out.enabled_tools = s.enabledTools ?? null;
    out.disabled_tools = Array.isArray(s.raw.disabled_tools) ? s.disabledTools : null;
  }
  out.startup_timeout_sec = startupSeconds(s.raw);
  out.tool_timeout_sec = seconds(s.raw.tool_timeout_sec);
  return maskSecretTable(out);
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return (
    rows
      .map((r) =>
        r
          .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
          .join("  ")
          .trimEnd(),
      )
      .join("\n") + "\n"
  );
}

export function runList(config: Pick<ResolvedConfig, "mcpServers">, json: boolean, out: Out): void {
  const servers = allMcpServers(config.mcpServers).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (json) {
    out.write(
      `${JSON.stringify(
        servers.map((s) => serverJson(s, false)),
        null,
        2,
      )}\n`,
    );
    return;
  }
  if (servers.length === 0) {
    out.write(`No MCP servers configured yet. Try \`${CLI} mcp add my-tool -- my-command\`.\n`);
    return;
  }
  const status = (s: McpServerSettings) => (s.enabled ? "enabled" : "disabled");
  const stdio = servers.flatMap((s) =>
    s.transport.type === "stdio"
      ? [
          [
            s.name,
            s.transport.command,
            s.transport.args.length ? s.transport.args.join(" ") : "-",
            envDisplay(s),
            s.transport.cwd || "-",
            status(s),
          ],
        ]
      : [],
  );
  const http = servers.flatMap((s) =>
    s.transport.type === "streamable_http"
      ? [[s.name, s.transport.url, s.transport.bearerTokenEnvVar ?? "-", status(s)]]
      : [],
  );
  const parts: string[] = [];
  if (stdio.length) parts.push(table([["Name", "Command", "Args", "Env", "Cwd", "Status"], ...stdio]));
  if (http.length) parts.push(table([["Name", "Url", "Bearer Token Env Var", "Status"], ...http]));
  out.write(parts.join("\n"));
}

function find(config: Pick<ResolvedConfig, "mcpServers" | "configFile">, name: string): McpServerSettings {
  const server = allMcpServers(config.mcpServers).find((s) => s.name === name);
  if (!server) throw new UserError(`No MCP server named '${name}' found.`, 1);
  return server;
}

export function runGet(
  config: Pick<ResolvedConfig, "mcpServers" | "configFile">,
  name: string,
  json: boolean,
  out: Out,
): void {
  const s = find(config, name);
  if (json) {
    out.write(`${JSON.stringify(serverJson(s, true), null, 2)}\n`);
    return;
  }
  const lines = [name, `  enabled: ${s.enabled}`];
  if (s.enabledTools) lines.push(`  enabled_tools: ${s.enabledTools.length ? s.enabledTools.join(", ") : "[]"}`);
  if (Array.isArray(s.raw.disabled_tools))
    lines.push(`  disabled_tools: ${s.disabledTools.length ? s.disabledTools.join(", ") : "[]"}`);
  const t = s.transport;
  if (t.type === "stdio") {
    lines.push(
      "  transport: stdio",
      `  command: ${t.command}`,
      `  args: ${t.args.length ? t.args.join(" ") : "-"}`,
      `  cwd: ${t.cwd || "-"}`,
      `  env: ${envDisplay(s)}`,
    );
  } else {
    const headers = Object.keys(t.httpHeaders)
      .sort()
      .map((k) => `${k}=*****`);
    const envHeaders = Object.entries(t.envHttpHeaders)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`);
    lines.push(
      "  transport: streamable_http",
      `  url: ${t.url}`,
      `  bearer_token_env_var: ${t.bearerTokenEnvVar ?? "-"}`,
      `  http_headers: ${headers.length ? headers.join(", ") : "-"}`,
      `  env_http_headers: ${envHeaders.length ? envHeaders.join(", ") : "-"}`,
    );
  }
  const startup = startupSeconds(s.raw);
  if (startup !== null) lines.push(`  startup_timeout_sec: ${startup}`);
  if (typeof s.raw.tool_timeout_sec === "number") lines.push(`  tool_timeout_sec: ${s.raw.tool_timeout_sec}`);
  lines.push(`  remove: ${CLI} mcp remove ${name}`);
  out.write(`${lines.join("\n")}\n`);
}

export interface AddOptions {
  command: string[];
  env: string[];
  url?: string;
  bearerTokenEnvVar?: string;
}

/** Upstream `parse_env_pair`: KEY=VALUE, the key non-empty after trimming. */
export function parseEnvPair(raw: string): [string, string] {
  const i = raw.indexOf("=");
  const key = i >= 0 ? raw.slice(0, i).trim() : "";
  if (i < 0 || !key) throw new UserError(`--env ${JSON.stringify(raw)}: environment entries must be in KEY=VALUE form`);
  return [key, raw.slice(i + 1)];
}

/** The `[mcp_servers.<name>]` table `add` writes. */
export function entryFor(name: string, options: AddOptions): Table {
  validateName(name);
  const hasCommand = options.command.length > 0;
  if (hasCommand && options.url !== undefined)
    throw new UserError("give either a command (after --) or --url, not both");
  if (!hasCommand && options.url === undefined) {
    throw new UserError(
      `missing the server to add: \`${CLI} mcp add ${name} -- <command> [args…]\` (stdio) or \`${CLI} mcp add ${name} --url <url>\` (streamable HTTP)`,
    );
  }
  if (options.url !== undefined) {
    if (options.env.length) throw new UserError("--env is only valid with stdio servers (a command after --)");
    if (!/^https?:\/\/[^\s/]+/i.test(options.url))
      throw new UserError(`--url ${JSON.stringify(options.url)}: expected an http:// or https:// URL`);
    if (options.bearerTokenEnvVar !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.bearerTokenEnvVar)) {
      throw new UserError(
        `--bearer-token-env-var ${JSON.stringify(options.bearerTokenEnvVar)}: expected the name of an environment variable`,
      );
    }
    return {
      url: options.url,
      ...(options.bearerTokenEnvVar !== undefined && { bearer_token_env_var: options.bearerTokenEnvVar }),
    };
  }
  if (options.bearerTokenEnvVar !== undefined) throw new UserError("--bearer-token-env-var is only valid with --url");
  const [command = "", ...args] = options.command;
  if (!command.trim()) throw new UserError("the command is empty");
  const env = Object.fromEntries(options.env.map(parseEnvPair));
  return { command, args, ...(options.env.length > 0 && { env }) };
}

export function configFile(env: NodeJS.ProcessEnv = process.env): string {
  return configFilePath(resolveCodexHome(env));
}

export async function runAdd(file: string, name: string, options: AddOptions, out: Out): Promise<void> {
  const entry = entryFor(name, options);
  await editConfigFile(file, (doc) => {
    const servers: Table = isTable(doc.mcp_servers) ? doc.mcp_servers : {};
    doc.mcp_servers = servers;
    if (name in servers)
      throw new UserError(
        `MCP server '${name}' already exists in ${file}; remove it first (\`${CLI} mcp remove ${name}\`)`,
      );
    servers[name] = entry;
  });
  out.write(`Added global MCP server '${name}'.\n`);
}

export async function runRemove(file: string, name: string, out: Out): Promise<void> {
  validateName(name);
  await editConfigFile(file, (doc) => {
    const servers = isTable(doc.mcp_servers) ? doc.mcp_servers : undefined;
    if (!servers || !(name in servers)) throw new UserError(`No MCP server named '${name}' found in ${file}.`, 1);
    delete servers[name];
    if (Object.keys(servers).length === 0) delete doc.mcp_servers;
  });
  out.write(`Removed global MCP server '${name}'.\n`);
}
