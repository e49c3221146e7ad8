// MCP OAuth tokens in upstream Codex's file store, CODEX_HOME/.credentials.json (codex-rs
// rmcp-client/src/oauth.rs, `mcp_oauth_credentials_store = "file"`, and where upstream falls back
// to when no keyring answers): one JSON object keyed `<server>|<16 hex of sha256 of
// {"headers":{},"type":"http","url":<url>}>`, each entry {server_name, server_url, client_id,
// access_token, expires_at (ms), refresh_token, scopes}, mode 0600. Entries are found by server
// name and URL (as upstream's reader does), so both programs share logins. Every token read or
// written joins the process's redaction.
import { createHash } from "node:crypto";
import path from "node:path";
import { readFileIfExists, writeFileAtomic } from "../util/fs.js";
import { isJsonObject } from "../util/json.js";
import { registerSecret } from "../util/redact.js";
import { errorMessage, UserError } from "../util/errors.js";
import { unlink } from "node:fs/promises";

export const CREDENTIALS_FILE = ".credentials.json";

export interface StoredOAuthTokens {
  server_name: string;
  server_url: string;
  client_id: string;
  access_token: string;
  /** Milliseconds since the epoch; absent when the server gave no lifetime. */
  expires_at?: number | null;
  refresh_token?: string | null;
  scopes?: string[];
}

/** Upstream refreshes a token this long before it expires. */
export const REFRESH_SKEW_MS = 30_000;

/** Upstream's store key for a server (`compute_store_key`). */
export function storeKey(serverName: string, url: string): string {
  const payload = JSON.stringify({ headers: {}, type: "http", url });
  return `${serverName}|${createHash("sha256").update(payload).digest("hex").slice(0, 16)}`;
}

const credentialsPath = (codexHome: string) => path.join(codexHome, CREDENTIALS_FILE);

function isEntry(value: unknown): value is StoredOAuthTokens {
  return (
    isJsonObject(value) &&
    typeof value.server_name === "string" &&
    typeof value.server_url === "string" &&
    typeof value.client_id === "string" &&
    typeof value.access_token === "string"
  );
}

async function readStore(codexHome: string): Promise<Record<string, unknown>> {
  const file = credentialsPath(codexHome);
  const text = await readFileIfExists(file);
  if (text === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${file}: not valid JSON (${errorMessage(err)}); fix or remove it`, 1);
  }
  if (!isJsonObject(parsed)) throw new UserError(`${file}: expected a JSON object of MCP OAuth logins`, 1);
  return parsed;
}

async function writeStore(codexHome: string, store: Record<string, unknown>): Promise<void> {
  const file = credentialsPath(codexHome);
  if (Object.keys(store).length === 0) {
    await unlink(file).catch((err: unknown) => {
      if (!(err instanceof Error && "code" in err && err.code === "ENOENT")) throw err;
    });
    return;
  }
  await writeFileAtomic(file, JSON.stringify(store), { mode: 0o600 });
}

const matches = (entry: unknown, serverName: string, url: string): entry is StoredOAuthTokens =>
  isEntry(entry) && entry.server_name === serverName && entry.server_url === url;

/** The login stored for this server and URL, or null. */
export async function loadOAuthTokens(
  codexHome: string,
  serverName: string,
  url: string,
): Promise<StoredOAuthTokens | null> {
  const entry = Object.values(await readStore(codexHome)).find((e) => matches(e, serverName, url));
  if (!entry) return null;
  registerSecret(entry.access_token);
  registerSecret(entry.refresh_token);
  return entry;
}

export async function saveOAuthTokens(codexHome: string, tokens: StoredOAuthTokens): Promise<void> {
  registerSecret(tokens.access_token);
  registerSecret(tokens.refresh_token);
  const store = await readStore(codexHome);
  for (const [key, entry] of Object.entries(store))
    if (matches(entry, tokens.server_name, tokens.server_url)) delete store[key];
  store[storeKey(tokens.server_name, tokens.server_url)] = {
    server_name: tokens.server_name,
    server_url: tokens.server_url,
    client_id: tokens.client_id,
    access_token: tokens.access_token,
    expires_at: tokens.expires_at ?? null,
    refresh_token: tokens.refresh_token ?? null,
    scopes: tokens.scopes ?? [],
  };
  await writeStore(codexHome, store);
}

/** Removes this server's login; false when there was none. */
export async function deleteOAuthTokens(codexHome: string, serverName: string, url: string): Promise<boolean> {
  const store = await readStore(codexHome);
  const keys = Object.entries(store)
    .filter(([, entry]) => matches(entry, serverName, url))
    .map(([key]) => key);
  if (keys.length === 0) return false;
  for (const key of keys) delete store[key];
  await writeStore(codexHome, store);
  return true;
}

/** True when the access token expires within upstream's skew (a token without an expiry never does). */
export function needsRefresh(tokens: Pick<StoredOAuthTokens, "expires_at">, now = Date.now()): boolean {
  return typeof tokens.expires_at === "number" && now + REFRESH_SKEW_MS >= tokens.expires_at;
}
