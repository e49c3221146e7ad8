// What every request to the proxy shares: the URL (base_url, path and the provider's
// query_params) and the headers (http_headers, env_http_headers and the key).
import type { ProviderConfig } from "../config/providers.js";

/** `base_url` + `path`, with the provider's `query_params`. */
export function proxyUrl(provider: ProviderConfig, path: string): string {
  const url = new URL(`${provider.base_url.replace(/\/+$/, "")}${path}`);
  for (const [key, value] of Object.entries(provider.query_params)) url.searchParams.set(key, value);
  return url.href;
}

/** The provider's headers (names lower-cased), those taken from env vars, and the bearer key. */
export function proxyHeaders(provider: ProviderConfig, apiKey: string | undefined, env: NodeJS.ProcessEnv): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(provider.http_headers)) headers[name.toLowerCase()] = value;
  for (const [name, variable] of Object.entries(provider.env_http_headers)) {
    const value = env[variable];
    if (value) headers[name.toLowerCase()] = value;
  }
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  return headers;
}
