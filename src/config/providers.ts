import path from "node:path";
import { UserError } from "../util/errors.js";
import type { z } from "zod";
import type { ConfigToml, providerSchema, WireApi } from "./schema.js";

type ProviderTable = z.infer<ReturnType<typeof providerSchema>>;

export const DEFAULT_PROVIDER_ID = "litellm";
export const DEFAULT_LITELLM_BASE_URL = "http://localhost:4000/v1";
export const DEFAULT_REQUEST_MAX_RETRIES = 4;
export const DEFAULT_STREAM_MAX_RETRIES = 5;
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 300_000;
/** Upstream's defaults for `[model_providers.<id>.auth]`. */
export const DEFAULT_AUTH_TIMEOUT_MS = 5_000;
export const DEFAULT_AUTH_REFRESH_INTERVAL_MS = 300_000;

/** `[model_providers.<id>.auth]`: a command (run without a shell) whose stdout is the bearer token. */
export interface ProviderAuthCommand {
  command: string;
  args: string[];
  timeout_ms: number;
  /** Age after which the cached token is fetched again; 0: only after a 401. */
  refresh_interval_ms: number;
  /** Where the command runs (and a relative `command` with a slash is resolved): the config file's folder by default. */
  cwd: string;
}

export interface ProviderConfig {
  id: string;
  name: string;
  base_url: string;
  /** Environment variable holding the API key (never the key itself). */
  env_key?: string;
  env_key_instructions?: string;
  /** A fixed bearer token from config.toml (a secret). */
  experimental_bearer_token?: string;
  /** A command that prints the bearer token. */
  auth?: ProviderAuthCommand;
  wire_api: WireApi;
  query_params: Record<string, string>;
  http_headers: Record<string, string>;
  /** Header name → environment variable whose value is sent. */
  env_http_headers: Record<string, string>;
  /** The header carrying the key: `authorization` (as `Bearer <key>`, the default) or e.g. LiteLLM's `x-litellm-api-key`. */
  api_key_header?: string;
  /** Absolute path of a PEM file with CA certificates to trust for this provider, besides the system's. */
  ca_certificate?: string;
  request_max_retries: number;
  stream_max_retries: number;
  stream_idle_timeout_ms: number;
}

/** Providers available without any config. A `[model_providers.<id>]` table extends or replaces them. */
function builtInProviders(env: NodeJS.ProcessEnv): Record<string, ProviderTable> {
  return {
    litellm: {
      name: "LiteLLM",
      base_url: env.LITELLM_BASE_URL || DEFAULT_LITELLM_BASE_URL,
      env_key: "LITELLM_API_KEY",
      env_key_instructions: "Run `codex-litellm login`, or export LITELLM_API_KEY with your LiteLLM virtual key.",
      wire_api: "responses",
    },
    openai: {
      name: "OpenAI",
      base_url: env.OPENAI_BASE_URL || "https://api.openai.com/v1",
      env_key: "OPENAI_API_KEY",
      wire_api: "responses",
    },
  };
}

/**
 * The static API key for `provider`: its `experimental_bearer_token`, else the value of the
 * variable its `env_key` names (undefined without either; a command's token comes later, see
 * gateway/provider-auth.ts).
 */
export function providerApiKey(
  provider: Pick<ProviderConfig, "env_key" | "experimental_bearer_token">,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (provider.experimental_bearer_token) return provider.experimental_bearer_token;
  return provider.env_key ? env[provider.env_key] : undefined;
}

/** Why a request would go without a key: the provider names a key variable that is not set (null: it has one or needs none). */
export function missingKeyMessage(
  provider: Pick<
    ProviderConfig,
    "env_key" | "env_key_instructions" | "auth" | "experimental_bearer_token" | "base_url"
  >,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  const { env_key: envKey, env_key_instructions: instructions } = provider;
  if (!envKey || provider.auth || providerApiKey(provider, env)) return null;
  return `${envKey} is not set: the API key for ${provider.base_url} is missing. ${instructions ?? `Export ${envKey} or add it to CODEX_HOME/.env.`}`;
}

export function resolveProvider(
  id: string,
  userTables: ConfigToml["model_providers"] = {},
  env: NodeJS.ProcessEnv,
  where: string,
): ProviderConfig {
  const builtIn = builtInProviders(env);
  const user = userTables[id];
  const known = builtIn[id];
  if (!user && !known) {
    const ids = [...new Set([...Object.keys(builtIn), ...Object.keys(userTables)])].join(", ");
    throw new UserError(
      `${where}: model_provider: "${id}" is not defined; add a [model_providers.${id}] table or use one of: ${ids}`,
    );
  }
  const t: ProviderTable = { ...known, ...user, ...credentialsOf(id, user, where) };
  if (t.base_url === undefined) {
    throw new UserError(
      `${where}: model_providers.${id}.base_url: expected the provider's URL, e.g. "http://localhost:4000/v1"`,
    );
  }
  return {
    id,
    name: t.name ?? id,
    base_url: t.base_url,
    env_key: t.env_key,
    env_key_instructions: t.env_key_instructions,
    ...(t.experimental_bearer_token !== undefined && { experimental_bearer_token: t.experimental_bearer_token }),
    ...(t.auth !== undefined && { auth: authCommandOf(t.auth, where, env) }),
    wire_api: t.wire_api ?? "responses",
    query_params: t.query_params ?? {},
    http_headers: t.http_headers ?? {},
    env_http_headers: t.env_http_headers ?? {},
    ...(t.api_key_header !== undefined && { api_key_header: t.api_key_header.toLowerCase() }),
    ...(t.ca_certificate !== undefined && { ca_certificate: resolvePath(t.ca_certificate, where, env) }),
    request_max_retries: t.request_max_retries ?? DEFAULT_REQUEST_MAX_RETRIES,
    stream_max_retries: t.stream_max_retries ?? DEFAULT_STREAM_MAX_RETRIES,
    stream_idle_timeout_ms: t.stream_idle_timeout_ms ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS,
  };
}

/**
 * The user's credential keys, checked as upstream checks them: `auth` takes no `env_key` or
 * `experimental_bearer_token` beside it. A user table that brings its own credential replaces
 * the built-in provider's `env_key` (the built-in `litellm` reads LITELLM_API_KEY).
 */
function credentialsOf(id: string, user: ProviderTable | undefined, where: string): Partial<ProviderTable> {
  if (!user) return {};
  if (user.auth) {
    const conflicts = ["env_key", "experimental_bearer_token"].filter((key) => key in user);
    if (conflicts.length)
      throw new UserError(
        `${where}: model_providers.${id}: auth cannot be combined with ${conflicts.join(", ")} (auth runs a command for the token; remove ${conflicts.length > 1 ? "them" : "it"})`,
      );
  }
  return user.auth || user.experimental_bearer_token ? { env_key: user.env_key } : {};
}

function authCommandOf(
  auth: NonNullable<ProviderTable["auth"]>,
  where: string,
  env: NodeJS.ProcessEnv,
): ProviderAuthCommand {
  const cwd = auth.cwd === undefined ? path.dirname(path.resolve(where)) : resolvePath(auth.cwd, where, env);
  return {
    command: auth.command,
    args: auth.args ?? [],
    timeout_ms: auth.timeout_ms ?? DEFAULT_AUTH_TIMEOUT_MS,
    refresh_interval_ms: auth.refresh_interval_ms ?? DEFAULT_AUTH_REFRESH_INTERVAL_MS,
    cwd,
  };
}

/** `~/…` is under HOME; a relative path is next to the config file that names it. */
function resolvePath(file: string, configFile: string, env: NodeJS.ProcessEnv): string {
  if (file === "~" || file.startsWith("~/")) return path.join(env.HOME ?? "", file.slice(1));
  return path.isAbsolute(file) ? file : path.resolve(path.dirname(configFile), file);
}
