// OAuth for streamable HTTP MCP servers, through the SDK's client flow (discovery of the
// protected resource and its authorization server, dynamic client registration, PKCE, refresh).
// Tokens live in upstream's CODEX_HOME/.credentials.json (oauth-store.ts). `mcp login` runs the
// browser flow with a callback on 127.0.0.1; a session only uses and refreshes what is stored, and
// a server that wants a new login says which command to run.
import { randomBytes } from "node:crypto";
import http from "node:http";
import { auth, type OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { loadOAuthTokens, needsRefresh, saveOAuthTokens, type StoredOAuthTokens } from "./oauth-store.js";

const CLI = "codex-litellm";

/** A session met a server whose login is missing or no longer accepted. */
export class McpLoginRequired extends Error {
  constructor(readonly server: string) {
    super(`the MCP server \`${server}\` needs an OAuth login: run \`${CLI} mcp login ${server}\``);
    this.name = "McpLoginRequired";
  }
}

interface ProviderMode {
  /** Login: where the browser comes back to, and what to do with the authorization URL. */
  login?: { redirectUrl: string; onAuthorizationUrl: (url: URL) => void; state: string };
}

/** The SDK's view of one server's stored login; every change is written back to the store. */
export class StoredOAuthProvider implements OAuthClientProvider {
  private verifier = "";
  private issuer: string | undefined;
  private clientId: string | undefined;

  constructor(
    private readonly codexHome: string,
    private readonly server: string,
    private readonly url: string,
    private stored: StoredOAuthTokens | null,
    private readonly mode: ProviderMode = {},
  ) {
    this.clientId = stored?.client_id || undefined;
  }

  get redirectUrl(): string {
    // A session never sends the user anywhere; the SDK still wants a redirect URL to refresh.
    return this.mode.login?.redirectUrl ?? "http://127.0.0.1/callback";
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: CLI,
      redirect_uris: [this.redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }

  state(): string {
    return this.mode.login?.state ?? randomBytes(16).toString("hex");
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    return this.clientId ? { client_id: this.clientId } : undefined;
  }

  saveClientInformation(info: OAuthClientInformationMixed): void {
    this.clientId = info.client_id;
  }

  tokens(): OAuthTokens | undefined {
    const s = this.stored;
    if (!s) return undefined;
    const expiresIn =
      typeof s.expires_at === "number" ? Math.max(0, Math.floor((s.expires_at - Date.now()) / 1000)) : undefined;
    return {
      access_token: s.access_token,
      token_type: "Bearer",
      ...(expiresIn !== undefined && { expires_in: expiresIn }),
      ...(s.refresh_token && { refresh_token: s.refresh_token }),
      ...(s.scopes?.length && { scope: s.scopes.join(" ") }),
      ...(this.issuer && { issuer: this.issuer }),
    };
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    const next: StoredOAuthTokens = {
      server_name: this.server,
      server_url: this.url,
      client_id: this.clientId ?? this.stored?.client_id ?? "",
      access_token: tokens.access_token,
      expires_at: tokens.expires_in !== undefined ? Date.now() + tokens.expires_in * 1000 : null,
      // A server that does not rotate refresh tokens keeps the one it gave first.
      refresh_token: tokens.refresh_token ?? this.stored?.refresh_token ?? null,
      scopes: tokens.scope ? tokens.scope.split(" ").filter(Boolean) : (this.stored?.scopes ?? []),
    };
    await saveOAuthTokens(this.codexHome, next);
    this.stored = next;
  }

  redirectToAuthorization(url: URL): void {
    if (!this.mode.login) throw new McpLoginRequired(this.server);
    this.mode.login.onAuthorizationUrl(url);
  }

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    return this.verifier;
  }

  saveDiscoveryState(state: { authorizationServerUrl: string }): void {
    this.issuer = state.authorizationServerUrl;
  }

  invalidateCredentials(scope: "all" | "client" | "tokens" | "verifier" | "discovery"): void {
    if (scope === "all" || scope === "tokens") this.stored = null;
    if (scope === "all" || scope === "client") this.clientId = undefined;
  }
}

/**
 * The provider a session connects with, or null when nothing is stored for this server. A token
 * about to expire is refreshed first (as upstream does before its first request).
 */
export async function sessionOAuthProvider(
  codexHome: string,
  server: string,
  url: string,
  fetchFn: FetchLike,
): Promise<StoredOAuthProvider | null> {
  const stored = await loadOAuthTokens(codexHome, server, url);
  if (!stored) return null;
  const provider = new StoredOAuthProvider(codexHome, server, url, stored);
  if (needsRefresh(stored)) {
    if (!stored.refresh_token) throw new McpLoginRequired(server);
    await auth(provider, { serverUrl: url, fetchFn });
  }
  return provider;
}

export interface LoginOptions {
  codexHome: string;
  server: string;
  url: string;
  fetchFn: FetchLike;
  /** `mcp_oauth_callback_port` (default: any free port). */
  callbackPort?: number;
  /** `scopes` of the server's table, space-separated. */
  scope?: string;
  /** Shown the URL to open (and the browser is tried); the flow waits for the redirect back. */
  onAuthorizationUrl: (url: URL) => void;
  timeoutMs: number;
}

const PAGE = (text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${CLI}</title><p>${text}</p><p>You can close this window.</p>\n`;

/** The browser flow: authorize, come back to 127.0.0.1 with a code, exchange it, store the tokens. */
export async function performOAuthLogin(options: LoginOptions): Promise<void> {
  const state = randomBytes(16).toString("hex");
  let settle: { resolve: (code: string) => void; reject: (err: Error) => void } | undefined;
  const codeArrived = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  const callback = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/callback") {
      res.writeHead(404).end();
      return;
    }
    const error = url.searchParams.get("error");
    const code = url.searchParams.get("code");
    if (url.searchParams.get("state") !== state) {
      res
        .writeHead(400, { "content-type": "text/html" })
        .end(PAGE("This sign-in link is not the one that was started."));
      return;
    }
    if (error || !code) {
      res.writeHead(400, { "content-type": "text/html" }).end(PAGE(`Sign-in failed: ${error ?? "no code"}.`));
      settle?.reject(new Error(`the authorization server answered: ${error ?? "no authorization code"}`));
      return;
    }
    res.writeHead(200, { "content-type": "text/html" }).end(PAGE("Signed in."));
    settle?.resolve(code);
  });
  await new Promise<void>((resolve, reject) => {
    callback.once("error", reject);
    callback.listen(options.callbackPort ?? 0, "127.0.0.1", resolve);
  });
  const address = callback.address();
  const port = typeof address === "object" && address ? address.port : 0;
  let timer: NodeJS.Timeout | undefined;
  try {
    const provider = new StoredOAuthProvider(options.codexHome, options.server, options.url, null, {
      login: {
        redirectUrl: `http://127.0.0.1:${port}/callback`,
        onAuthorizationUrl: options.onAuthorizationUrl,
        state,
      },
    });
    const scope = options.scope;
    const first = await auth(provider, { serverUrl: options.url, fetchFn: options.fetchFn, ...(scope && { scope }) });
    if (first === "AUTHORIZED") return;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no sign-in came back within ${Math.round(options.timeoutMs / 1000)} seconds`)),
        options.timeoutMs,
      );
    });
    const code = await Promise.race([codeArrived, timedOut]);
    await auth(provider, {
      serverUrl: options.url,
      authorizationCode: code,
      fetchFn: options.fetchFn,
      ...(scope && { scope }),
    });
  } finally {
    clearTimeout(timer);
    callback.closeAllConnections();
    await new Promise<void>((resolve) => callback.close(() => resolve()));
  }
}
