// `initialize` and `authenticate`: what this agent offers an ACP client, and how it gets its key.
import type { AuthMethod, InitializeRequest, InitializeResponse } from "@agentclientprotocol/sdk";
import { PROTOCOL_VERSION, RequestError } from "@agentclientprotocol/sdk";
import type { ResolvedConfig } from "../config/load.js";
import { missingKeyMessage } from "../config/providers.js";
import { VERSION } from "../version.js";
import type { ClientDisplay } from "./event-updates.js";

export const KEY_METHOD = "litellm-key";
export const TOKEN_COMMAND_METHOD = "token-command";
export const LOGIN_METHOD = "login";

export function initializeResponse(request: InitializeRequest, config: ResolvedConfig | null): InitializeResponse {
  return {
    protocolVersion: Math.min(request.protocolVersion, PROTOCOL_VERSION),
    agentCapabilities: {
      loadSession: true,
      promptCapabilities: { image: true, audio: false, embeddedContext: true },
      mcpCapabilities: { http: true, sse: false },
      sessionCapabilities: { list: {}, resume: {}, close: {}, delete: {} },
    },
    authMethods: authMethods(request, config),
    agentInfo: { name: "codex-litellm", title: "Codex (LiteLLM)", version: VERSION },
  };
}

/**
 * The ways to a key: the key from config.toml, the environment or CODEX_HOME/.env; the
 * provider's token command (`[model_providers.<id>.auth]`); or `codex-litellm login` in a
 * terminal (offered as a terminal method to clients that can run one).
 */
function authMethods(request: InitializeRequest, config: ResolvedConfig | null): AuthMethod[] {
  const envKey = config?.provider.env_key ?? "LITELLM_API_KEY";
  const methods: AuthMethod[] = [
    {
      id: KEY_METHOD,
      name: "LiteLLM key",
      description: `the key in ${envKey} (from the environment, CODEX_HOME/.env or config.toml)`,
    },
  ];
  if (config?.provider.auth)
    methods.push({
      id: TOKEN_COMMAND_METHOD,
      name: "Token command",
      description: `the bearer token printed by ${config.provider.auth.command} (model_providers.${config.provider.id}.auth)`,
    });
  if (request.clientCapabilities?.auth?.terminal)
    methods.push({
      type: "terminal",
      id: LOGIN_METHOD,
      name: "Log in",
      description: "runs `codex-litellm login`: the proxy's URL and your key, saved to CODEX_HOME",
      args: ["login"],
    });
  else
    methods.push({
      id: LOGIN_METHOD,
      name: "Log in in a terminal",
      description: "run `codex-litellm login` in a terminal, then try again",
    });
  return methods;
}

/** `authenticate`: the key (or token command) is there, or the client is told how to get one. */
export function checkAuthentication(methodId: string, config: ResolvedConfig): void {
  const missing = missingKeyMessage(config.provider);
  if (methodId === LOGIN_METHOD && missing)
    throw RequestError.authRequired(undefined, "run `codex-litellm login` in a terminal, then try again");
  if (missing) throw RequestError.authRequired(undefined, missing);
}

/** What the client can show, from its capabilities (Zed's terminal widget travels in `_meta`). */
export function clientDisplay(request: InitializeRequest, config: ResolvedConfig | null): ClientDisplay {
  const caps = request.clientCapabilities;
  return {
    terminalOutput: caps?._meta?.terminal_output === true,
    compaction: caps?.session?.compaction != null,
    notices: caps?.session?.notices != null,
    hideReasoning: config?.hideAgentReasoning === true,
    fs: { readTextFile: caps?.fs?.readTextFile === true, writeTextFile: caps?.fs?.writeTextFile === true },
  };
}
