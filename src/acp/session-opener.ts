// Opens ACP sessions on the core: config read for the client's directory (with the client's MCP
// servers added to config's), the model chosen as exec chooses it, createSession with the
// rollout (new, or a recorded one to continue), and telemetry as exec starts it.
import type { McpServer } from "@agentclientprotocol/sdk";
import { RequestError } from "@agentclientprotocol/sdk";
import path from "node:path";
import { createSession } from "../agent/create-session.js";
import { modelChoices, type ModelChoice } from "../agent/model-choices.js";
import { chooseSessionModel } from "../agent/session-model.js";
import { loadConfig, type LoadConfigOptions, type ResolvedConfig } from "../config/load.js";
import { missingKeyMessage } from "../config/providers.js";
import type { LoadedRollout } from "../rollout/resume-history.js";
import { Telemetry } from "../telemetry/telemetry.js";
import { UserError } from "../util/errors.js";
import type { SecretRedactor } from "../util/redact.js";
import { AcpSession, type AcpSessionOptions } from "./acp-session.js";

/** How long the model option waits for the proxy's model list before showing what it has. */
const MODELS_WAIT_MS = 5_000;

export interface OpenerOptions extends Pick<AcpSessionOptions, "client" | "display" | "log"> {
  /** The command line's config options (-c, -p, -m, -s, -a…); each session adds its directory. */
  load: LoadConfigOptions;
  redactor: SecretRedactor;
}

export interface OpenRequest {
  cwd: string;
  mcpServers?: McpServer[];
  resume?: LoadedRollout;
}

let models: Promise<ModelChoice[]> | null = null;

/** Config for a session in `cwd`: what the client asks for must name an absolute directory. */
export async function sessionConfig(load: LoadConfigOptions, cwd: string, mcpServers: McpServer[] = []) {
  if (!path.isAbsolute(cwd)) throw RequestError.invalidParams(undefined, `cwd ${cwd}: expected an absolute path`);
  let config: ResolvedConfig;
  try {
    config = await loadConfig({ ...load, flags: { ...load.flags, cwd } });
  } catch (err) {
    if (err instanceof UserError) throw RequestError.invalidParams(undefined, err.message);
    throw err;
  }
  const missing = missingKeyMessage(config.provider);
  if (missing) throw RequestError.authRequired(undefined, missing);
  return { ...config, mcpServers: { ...config.mcpServers, ...clientMcpServers(mcpServers) } };
}

type McpServerTable = ResolvedConfig["mcpServers"][string];

/** The client's MCP servers as `[mcp_servers]` tables (a name the config also has: the client's wins). */
function clientMcpServers(servers: McpServer[]): ResolvedConfig["mcpServers"] {
  const tables: Record<string, McpServerTable> = {};
  for (const server of servers) {
    if ("type" in server && server.type === "sse") continue; // not offered in initialize (mcpCapabilities.sse)
    const name = server.name.replace(/[^a-zA-Z0-9_-]/g, "_");
    tables[name] =
      "command" in server
        ? {
            command: server.command,
            args: server.args,
            env: Object.fromEntries(server.env.map((v) => [v.name, v.value])),
          }
        : { url: server.url, http_headers: Object.fromEntries(server.headers.map((h) => [h.name, h.value])) };
  }
  return tables;
}

/** The proxy's models, asked once for all sessions; a proxy that listed none is asked again next time. */
function proxyModels(acp: AcpSession, config: ResolvedConfig): Promise<ModelChoice[]> {
  return modelChoices(acp.gateway, config, MODELS_WAIT_MS)
    .catch((): ModelChoice[] => [])
    .then((list) => {
      if (list.length === 0) models = null;
      return list;
    });
}

export async function openSession(options: OpenerOptions, request: OpenRequest): Promise<AcpSession> {
  const config = await sessionConfig(options.load, request.cwd, request.mcpServers);
  const { model, gateway } = await chooseSessionModel(config, request.resume?.turnContext?.model).catch(
    (err: unknown) => {
      throw err instanceof UserError ? RequestError.internalError(undefined, err.message) : err;
    },
  );
  const acp: AcpSession = new AcpSession({
    ...options,
    config,
    models: () => (models ??= proxyModels(acp, config)),
  });
  const parts = await createSession({
    config,
    model,
    source: "cli",
    ...(gateway && { gateway }),
    resume: request.resume,
    redactor: options.redactor,
    ...acp.hooks,
    warn: (message) => options.log(`warning: ${message}`),
  }).catch((err: unknown) => {
    throw err instanceof UserError ? RequestError.internalError(undefined, err.message) : err;
  });
  const telemetry = await Telemetry.start(config.telemetry, {
    notices: options.log,
    secrets: parts.redactor,
    otel: config.otel,
  });
  acp.attach(parts, telemetry);
  await parts.start();
  return acp;
}
