// `login`'s last step: LiteLLM's MCP gateway (`<proxy>/mcp`) as the MCP server `litellm`, with the
// credentials just saved (the key through CODEX_HOME/.env, or the SSO command's token). The
// gateway is asked for its tools first; the answer is shown, and a gateway that fails or serves
// nothing is not offered. `--mcp-gateway` adds it without asking, `--no-mcp-gateway` skips it.
import type { ProviderAuthCommand } from "../../config/providers.js";
import { configFilePath } from "../../config/home.js";
import { ONBOARDING_ENV_KEY, ONBOARDING_PROVIDER_ID } from "../../config/onboarding.js";
import { commandToken } from "../../gateway/provider-auth.js";
import { connectMcpServer } from "../../mcp/client.js";
import { mcpServerSettings } from "../../mcp/config.js";
import {
  EMPTY_GATEWAY_HINT,
  GATEWAY_SERVER_NAME,
  gatewayEntry,
  gatewayFailureHint,
  isLiteLLMGateway,
} from "../../mcp/litellm-gateway.js";
import { errorMessage } from "../../util/errors.js";
import { isTable, type Table } from "../../util/tables.js";

export interface GatewayOffer {
  codexHome: string;
  /** The provider's base URL as saved. */
  baseUrl: string;
  credentials: { apiKey: string } | { auth: ProviderAuthCommand };
  /** --mcp-gateway (true), --no-mcp-gateway (false), neither (ask when `ask` is given). */
  wanted: boolean | undefined;
  ask?: (question: string) => Promise<string>;
}

const say = (line: string) => void process.stderr.write(`${line}\n`);

/** The first request may start the proxy's stdio servers: the probe waits longer than a session's 10 s. */
const PROBE_TIMEOUT_MS = 30_000;

/** Lists the gateway's tools with the new credentials: their names, or why not. */
async function probe(entry: Table, offer: GatewayOffer): Promise<{ tools: string[] } | { error: string }> {
  const settings = mcpServerSettings(GATEWAY_SERVER_NAME, entry);
  if (!settings) return { error: "no URL" };
  const { credentials } = offer;
  const env = { ...process.env, ...("apiKey" in credentials && { [ONBOARDING_ENV_KEY]: credentials.apiKey }) };
  try {
    const connection = await connectMcpServer(
      { ...settings, startupTimeoutMs: PROBE_TIMEOUT_MS },
      {
        env,
        providerCredentials: (id) => ("auth" in credentials ? commandToken(id, credentials.auth, env) : undefined),
      },
    );
    await connection.close();
    return { tools: connection.tools.map((t) => t.name) };
  } catch (err) {
    return { error: errorMessage(err) };
  }
}

export async function offerMcpGateway(offer: GatewayOffer): Promise<void> {
  if (offer.wanted === false || (offer.wanted === undefined && !offer.ask)) return;
  const entry = gatewayEntry(
    offer.baseUrl,
    "apiKey" in offer.credentials ? { envKey: ONBOARDING_ENV_KEY } : { providerId: ONBOARDING_PROVIDER_ID },
  );
  const found = await probe(entry, offer);
  const where = `LiteLLM's MCP gateway at ${String(entry.url)}`;
  if ("error" in found) {
    say(`✗ ${where}: ${found.error}`);
    say(`  ${gatewayFailureHint(found.error)}`);
    if (!offer.wanted) return;
  } else {
    const names = found.tools.slice(0, 5).join(", ") + (found.tools.length > 5 ? ", …" : "");
    say(`✓ ${where}: ${found.tools.length} tool${found.tools.length === 1 ? "" : "s"}${names ? ` (${names})` : ""}`);
    if (found.tools.length === 0) say(`  ${EMPTY_GATEWAY_HINT}`);
    if (offer.wanted === undefined) {
      if (found.tools.length === 0 || !offer.ask) return;
      const answer = await offer.ask(`Add it as the MCP server \`${GATEWAY_SERVER_NAME}\`? [Y/n]: `);
      if (/^n/i.test(answer)) return;
    }
  }
  const { editConfigFile } = await import("../../config/edit.js");
  const outcome = { kept: false };
  await editConfigFile(configFilePath(offer.codexHome), (doc) => {
    const servers: Table = isTable(doc.mcp_servers) ? doc.mcp_servers : {};
    const existing = servers[GATEWAY_SERVER_NAME];
    const existingSettings = isTable(existing) ? mcpServerSettings(GATEWAY_SERVER_NAME, existing) : null;
    if (existing !== undefined && !(existingSettings && isLiteLLMGateway(existingSettings))) {
      outcome.kept = true;
      return;
    }
    servers[GATEWAY_SERVER_NAME] = entry;
    doc.mcp_servers = servers;
  });
  say(
    outcome.kept
      ? `  not added: [mcp_servers.${GATEWAY_SERVER_NAME}] in config.toml is another server; it was left as it is`
      : `✓ saved [mcp_servers.${GATEWAY_SERVER_NAME}]: its tools are offered in every session (\`codex-litellm mcp get ${GATEWAY_SERVER_NAME}\`)`,
  );
}
