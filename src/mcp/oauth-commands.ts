// `codex-litellm mcp login <server>` and `mcp logout <server>`, as upstream's `codex mcp login/logout`:
// the browser flow for a streamable HTTP server, its tokens kept in CODEX_HOME/.credentials.json.
import { spawn } from "node:child_process";
import type { ResolvedConfig } from "../config/load.js";
import { fetchOverHttp } from "../gateway/http-fetch.js";
import { UserError } from "../util/errors.js";
import { allMcpServers } from "./config.js";
import type { Out } from "./commands.js";
import { withFormBodies } from "./form-fetch.js";
import { deleteOAuthTokens } from "./oauth-store.js";

/** How long `mcp login` waits for the browser to come back. */
const LOGIN_TIMEOUT_MS = 5 * 60_000;

type Config = Pick<ResolvedConfig, "mcpServers" | "codexHome" | "effective">;

function httpServer(config: Config, name: string): { url: string; scopes?: string[] } {
  const server = allMcpServers(config.mcpServers).find((s) => s.name === name);
  if (!server) throw new UserError(`No MCP server named '${name}' found.`, 1);
  if (server.transport.type !== "streamable_http")
    throw new UserError(`OAuth login is only supported for streamable HTTP servers; '${name}' is a stdio server.`, 1);
  const scopes = Array.isArray(server.raw.scopes)
    ? server.raw.scopes.filter((s): s is string => typeof s === "string")
    : undefined;
  return { url: server.transport.url, ...(scopes?.length && { scopes }) };
}

/** Opens the URL in a browser where there is one to open (never in tests: no display, or BROWSER=none). */
function openBrowser(url: string, env: NodeJS.ProcessEnv): void {
  if (env.BROWSER === "none") return;
  const command = process.platform === "darwin" ? "open" : env.DISPLAY || env.WAYLAND_DISPLAY ? "xdg-open" : undefined;
  if (!command) return;
  try {
    const child = spawn(command, [url], { stdio: "ignore", detached: true });
    child.on("error", () => {});
    child.unref();
  } catch {
    // the URL is printed anyway
  }
}

export async function runLogin(
  config: Config,
  name: string,
  out: Out,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const { url, scopes } = httpServer(config, name);
  const port = config.effective.mcp_oauth_callback_port;
  const { performOAuthLogin } = await import("./oauth.js");
  try {
    await performOAuthLogin({
      codexHome: config.codexHome,
      server: name,
      url,
      fetchFn: withFormBodies(fetchOverHttp({ env })),
      ...(typeof port === "number" && { callbackPort: port }),
      ...(scopes && { scope: scopes.join(" ") }),
      timeoutMs: LOGIN_TIMEOUT_MS,
      onAuthorizationUrl: (authorizationUrl) => {
        process.stderr.write(`Authorize \`${name}\` by opening this URL in your browser:\n${authorizationUrl.href}\n`);
        openBrowser(authorizationUrl.href, env);
      },
    });
  } catch (err) {
    if (err instanceof UserError) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new UserError(`OAuth login for MCP server '${name}' failed: ${why.replace(/\s*\n\s*/g, " ")}`, 1);
  }
  out.write(`Successfully logged in to MCP server '${name}'.\n`);
}

export async function runLogout(config: Config, name: string, out: Out): Promise<void> {
  const { url } = httpServer(config, name);
  const removed = await deleteOAuthTokens(config.codexHome, name, url);
  out.write(removed ? `Removed OAuth credentials for '${name}'.\n` : `No OAuth credentials stored for '${name}'.\n`);
}
