// The secrets a session knows from its configuration, registered with its redactor so that a
// command printing them (`cat config.toml`, `env`) shows [REDACTED] to the model, in the rollout,
// the logs, OTel and on the screen:
// - every provider's key (the variable its `env_key` names) and `experimental_bearer_token`;
// - the values of `http_headers` / `headers` tables (providers, `[otel]` exporters, MCP servers)
//   whose header name looks like a credential (Authorization, Cookie, *key*, *token*, *secret*, ...;
//   a plain `X-Client = "codex-litellm"` is no secret and stays readable everywhere), and the
//   values of the variables `env_http_headers` and `bearer_token_env_var` name, whatever the header;
// - any string stored under a secret-looking key (`token`, `password`, `api_key`, ...), e.g. an
//   MCP server's `env.GITHUB_TOKEN`;
// - the credentials of a forward proxy (`HTTPS_PROXY=http://user:password@host`): the password
//   and `user:password`, as written and decoded.
// A token obtained later (a key typed in onboarding, a provider's auth command) is registered
// when it is obtained (`registerSecret(token)`, the one way to add a secret): every redactor of
// the process hides it from then on.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse } from "dotenv";
import { isSecretFieldName, registerSecrets } from "../util/redact.js";
import { isTable, type Table } from "../util/tables.js";
import { providerApiKey, type ProviderConfig } from "./providers.js";

const HEADER_TABLES = new Set(["http_headers", "headers"]);
const ENV_NAME_TABLES = new Set(["env_http_headers"]);
const ENV_NAME_KEYS = new Set(["env_key", "bearer_token_env_var"]);
const PROXY_VARIABLES = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"];

/** The secrets of `config` (its merged tables and the active provider) and of the proxy variables in `env`. */
export function configSecrets(
  config: { provider: Pick<ProviderConfig, "env_key">; effective?: Table },
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const out = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === "string" && value) out.add(value);
  };
  add(providerApiKey(config.provider, env));
  if (config.effective) collect(config.effective, env, add);
  for (const name of PROXY_VARIABLES) for (const secret of proxyCredentials(env[name])) add(secret);
  return [...out];
}

function collect(table: Table, env: NodeJS.ProcessEnv, add: (value: unknown) => void): void {
  for (const [key, value] of Object.entries(table)) {
    if (isTable(value)) {
      if (HEADER_TABLES.has(key)) {
        for (const [name, header] of Object.entries(value)) if (isCredentialHeader(name)) addHeader(header, add);
      } else if (ENV_NAME_TABLES.has(key)) for (const name of Object.values(value)) addHeader(envValue(env, name), add);
      else collect(value, env, add);
    } else if (ENV_NAME_KEYS.has(key)) add(envValue(env, value));
    else if (key === "experimental_bearer_token" || (typeof value === "string" && isSecretFieldName(key))) add(value);
  }
}

const CREDENTIAL_HEADER = /auth|key|token|secret|cookie|passw|credential|session|signature|private/i;

/** True when a header named `name` carries a credential (Authorization, Proxy-Authorization, X-Api-Key, Cookie, ...). */
export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADER.test(name);
}

/** A header value, and the token of `Bearer <token>` / `Basic <token>` on its own. */
function addHeader(value: unknown, add: (value: unknown) => void): void {
  if (typeof value !== "string") return;
  add(value);
  const scheme = /^\s*(?:bearer|basic|token)\s+(\S+)\s*$/i.exec(value);
  if (scheme) add(scheme[1]);
}

const envValue = (env: NodeJS.ProcessEnv, name: unknown) => (typeof name === "string" ? env[name] : undefined);

/** `user:password` and the password of a proxy URL, as written and percent-decoded. */
export function proxyCredentials(value: string | undefined): string[] {
  if (!value) return [];
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim()) ? value.trim() : `http://${value.trim()}`);
  } catch {
    const raw = /\/\/([^/@:]*):([^/@]*)@/.exec(value);
    return raw?.[2] ? [`${raw[1]}:${raw[2]}`, raw[2]] : [];
  }
  if (!url.password) return [];
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  const user = url.username;
  return [
    ...new Set([
      `${user}:${url.password}`,
      url.password,
      `${decode(user)}:${decode(url.password)}`,
      decode(url.password),
    ]),
  ];
}

/**
 * Keeps the process's secrets holding the credentials of CODEX_HOME's key files: every value of `.env`
 * (where login keeps the key) and the secret-named fields of upstream's `auth.json` and
 * `.credentials.json`, also after one was rewritten (a `login` in another terminal). The returned
 * `refresh()` re-reads a file only when it changed (a stat otherwise); the session calls it
 * around each tool call, so a key saved mid-session is known before output carrying it goes on.
 */
export function watchCredentialFiles(codexHome: string): () => void {
  const seen = new Map<string, string>();
  const files: [string, (text: string) => string[]][] = [
    [".env", (text) => Object.values(parse(text))],
    ["auth.json", secretFieldsOfJson],
    [".credentials.json", secretFieldsOfJson],
  ];
  const refresh = () => {
    for (const [name, valuesOf] of files) {
      const file = path.join(codexHome, name);
      let stamp: string;
      try {
        const s = statSync(file);
        stamp = `${s.ino}:${s.size}:${s.mtimeMs}`;
      } catch {
        continue;
      }
      if (seen.get(file) === stamp) continue;
      try {
        registerSecrets(valuesOf(readFileSync(file, "utf8")));
        seen.set(file, stamp);
      } catch {
        // unreadable or half-written now: the next refresh tries again
      }
    }
  };
  refresh();
  return refresh;
}

function secretFieldsOfJson(text: string): string[] {
  const out: string[] = [];
  const walk = (value: unknown, key: string) => {
    if (typeof value === "string") {
      if (isSecretFieldName(key)) out.push(value);
    } else if (value !== null && typeof value === "object")
      for (const [k, v] of Object.entries(value)) walk(v, Array.isArray(value) ? key : k);
  };
  walk(JSON.parse(text), "");
  return out;
}
