// What every request to the proxy shares: the URL (base_url, path and the provider's
// query_params), the headers (http_headers, env_http_headers and the key) and the network
// settings (forward proxy and CA variables, the provider's ca_certificate).
import type { ProviderConfig } from "../config/providers.js";
import type { NetworkSettings } from "./tls-trust.js";

/** `base_url` + `path`, with the provider's `query_params`. */
export function proxyUrl(provider: ProviderConfig, path: string): string {
  const url = new URL(`${provider.base_url.replace(/\/+$/, "")}${path}`);
  for (const [key, value] of Object.entries(provider.query_params)) url.searchParams.set(key, value);
  return url.href;
}

/**
 * The provider's headers (names lower-cased), those taken from env vars, and the key: in
 * `Authorization: Bearer <key>`, or bare in `api_key_header` (e.g. LiteLLM's x-litellm-api-key,
 * leaving Authorization to a gateway's own credentials from http_headers/env_http_headers).
 */
export function proxyHeaders(
  provider: ProviderConfig,
  apiKey: string | undefined,
  env: NodeJS.ProcessEnv,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(provider.http_headers)) headers[name.toLowerCase()] = value;
  for (const [name, variable] of Object.entries(provider.env_http_headers)) {
    const value = env[variable];
    if (value) headers[name.toLowerCase()] = value;
  }
  return { ...headers, ...keyHeader(provider, apiKey) };
}

/** The header carrying `apiKey` (none without one). */
export function keyHeader(
  provider: Pick<ProviderConfig, "api_key_header">,
  apiKey: string | undefined,
): Record<string, string> {
  if (!apiKey) return {};
  const name = provider.api_key_header ?? "authorization";
  return { [name]: name === "authorization" ? `Bearer ${apiKey}` : apiKey };
}

/** Where this provider's requests read proxy and CA settings. */
export function networkOf(provider: ProviderConfig, env: NodeJS.ProcessEnv): NetworkSettings {
  return {
    env,
    ...(provider.ca_certificate && {
      caCertificate: { path: provider.ca_certificate, setting: `model_providers.${provider.id}.ca_certificate` },
    }),
  };
}
