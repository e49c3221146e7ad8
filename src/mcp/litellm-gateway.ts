// LiteLLM's MCP gateway: the proxy serves every MCP server a key may use at `<proxy>/mcp`
// (streamable HTTP), the key in `x-litellm-api-key`. `login` adds it as the MCP server
// `litellm` with the provider's own credentials; `doctor` explains an empty or refused gateway.
import type { Table } from "../util/tables.js";
import type { McpServerSettings } from "./config.js";

export const GATEWAY_SERVER_NAME = "litellm";

/** `<proxy>/mcp` for a provider base URL such as `http://host:4000/v1` (the `/v1` is the OpenAI routes' prefix). */
export function mcpGatewayUrl(providerBaseUrl: string): string {
  const url = new URL(providerBaseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, "").replace(/\/v1$/, "")}/mcp`;
  url.search = "";
  url.hash = "";
  return url.toString();
}

/**
 * The `[mcp_servers.litellm]` table: a key from CODEX_HOME/.env goes in `x-litellm-api-key`
 * through upstream's `env_http_headers` (upstream Codex reads the same table); an SSO token
 * comes from the provider's auth command (`provider_auth`, ours).
 */
export function gatewayEntry(providerBaseUrl: string, credentials: { envKey: string } | { providerId: string }): Table {
  const url = mcpGatewayUrl(providerBaseUrl);
  return "envKey" in credentials
    ? { url, env_http_headers: { "x-litellm-api-key": credentials.envKey } }
    : { url, provider_auth: credentials.providerId };
}

/** True for a server that is a LiteLLM proxy's gateway (as `login` writes it). */
export function isLiteLLMGateway(settings: McpServerSettings): boolean {
  const t = settings.transport;
  if (t.type !== "streamable_http") return false;
  const sendsKey =
    t.providerAuth !== undefined || Object.keys(t.envHttpHeaders).some((h) => h.toLowerCase() === "x-litellm-api-key");
  return sendsKey && /\/mcp\/?$/.test(new URL(t.url).pathname);
}

/** Why a gateway lists no tools, for `doctor` and `login`. */
export const EMPTY_GATEWAY_HINT =
  "the proxy serves no MCP server to this key: add servers under mcp_servers in the proxy's config (allow_all_keys: true, or grant them to the key or its team); stdio servers also need LITELLM_ENABLE_MCP_STDIO=true in the proxy's environment";

/** A hint for a gateway that failed to answer. */
export function gatewayFailureHint(error: string): string {
  if (/\b401\b|unauthori[sz]ed|authentication/i.test(error))
    return "the proxy refused the key: check it with `codex-litellm doctor`'s key check, or run `codex-litellm login` again";
  if (/\b404\b/.test(error)) return "this proxy has no MCP gateway at /mcp (LiteLLM 1.7x or later serves one)";
  return "check that the proxy is up and serves /mcp";
}
