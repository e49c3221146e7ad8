// doctor's checks of the way to the proxy: which network route and headers a request takes,
// whether the proxy answers, the certificate it presents, and whether it takes the key.
import type { NetworkSettings } from "../gateway/tls-trust.js";
import type { ProviderConfig } from "../config/providers.js";
import { proxyRoute, redactProxyUrl } from "../gateway/proxy-env.js";
import { proxyHeaders } from "../gateway/proxy-request.js";
import { systemCertificates } from "../gateway/tls-context.js";
import { extraCaFiles } from "../gateway/tls-trust.js";
import { errorMessage } from "../util/errors.js";
import { isJsonObject } from "../util/json.js";
import { fail, ok, skip, warn, type DoctorCheck } from "./check-result.js";
import { probe, proxyRoot, serverMessage, trimSlash, type Probe } from "./proxy-probe.js";

export function reachableCheck(provider: ProviderConfig, models: Probe): DoctorCheck {
  if (models.ok)
    return ok("reachable", `${provider.base_url} answered (HTTP ${models.status} from /models in ${models.ms} ms)`);
  const env = provider.id === "litellm" ? " (or LITELLM_BASE_URL)" : "";
  const what = models.timedOut
    ? `no answer from ${provider.base_url} within ${Math.round(models.ms / 1000)} s`
    : `cannot connect to ${provider.base_url}: ${models.error}`;
  if (models.setup) return fail("reachable", what, "see the tls and network checks");
  return fail(
    "reachable",
    what,
    `is the proxy running there? Check base_url in [model_providers.${provider.id}]${env}`,
  );
}

/** Which forward proxy (if any) a request to base_url goes through, and why. */
export function networkCheck(provider: ProviderConfig, env: NodeJS.ProcessEnv): DoctorCheck {
  const target = new URL(provider.base_url);
  try {
    const route = proxyRoute(target, env);
    if (route.proxy)
      return ok(
        "network",
        `${target.host} through the proxy ${redactProxyUrl(route.proxy)} (from ${route.variable}${route.proxy.username ? ", with credentials" : ""})`,
      );
    return ok("network", `${target.host} directly: ${route.reason}`);
  } catch (err) {
    return fail(
      "network",
      errorMessage(err),
      "set HTTPS_PROXY / HTTP_PROXY to http://host:port (credentials as http://user:password@host:port), or unset it",
    );
  }
}

/** Where the provider's key comes from: its auth command, its experimental_bearer_token or its env_key (undefined: none). */
export function credentialName(provider: ProviderConfig): string | undefined {
  if (provider.auth) return `the token of model_providers.${provider.id}.auth (${provider.auth.command})`;
  if (provider.experimental_bearer_token) return `model_providers.${provider.id}.experimental_bearer_token`;
  return provider.env_key;
}

/** Which header carries the key, and what else is sent (names only). */
export function authHeaderCheck(provider: ProviderConfig, env: NodeJS.ProcessEnv): DoctorCheck {
  const keyHeader = provider.api_key_header ?? "authorization";
  const sent = Object.keys(proxyHeaders(provider, undefined, env));
  const keyPart = !credentialName(provider)
    ? "no key (no env_key)"
    : keyHeader === "authorization"
      ? "key sent as Authorization: Bearer"
      : `key sent in ${keyHeader} (api_key_header)`;
  const others = sent.filter((h) => h !== keyHeader);
  const detail = `${keyPart}${others.length ? `; also sent: ${others.join(", ")}` : ""}`;
  const unset = Object.entries(provider.env_http_headers).filter(([, variable]) => !env[variable]);
  if (unset.length) {
    const list = unset.map(([header, variable]) => `${header} (${variable})`).join(", ");
    return warn(
      "auth header",
      `${detail}; not sent because their variable is unset: ${list}`,
      `export ${unset.map(([, v]) => v).join(", ")}, or remove them from env_http_headers in [model_providers.${provider.id}]`,
    );
  }
  if (keyHeader !== "authorization" && credentialName(provider) && !sent.includes("authorization")) {
    return ok("auth header", `${detail}; no Authorization header (LiteLLM reads the key from ${keyHeader})`);
  }
  return ok("auth header", detail);
}

/** For https://: the chain the proxy presented and the CAs trusted; a rejected certificate with its fix. */
export function tlsCheck(provider: ProviderConfig, network: NetworkSettings, models: Probe): DoctorCheck {
  if (!provider.base_url.startsWith("https:")) return skip("tls", `skipped: ${provider.base_url} is plain http://`);
  const trusted = [
    "Node's CA list",
    systemCertificates(network.env).source,
    ...extraCaFiles(network).map((f) => `${f.setting} ${f.path}`),
  ].join(", ");
  if (!models.ok) {
    if (models.setup && models.error.includes("TLS:")) {
      const [problem, fix] = models.error.split("; fix: ");
      return fail("tls", problem ?? models.error, fix);
    }
    return skip("tls", `skipped: ${provider.base_url} is not reachable`);
  }
  const chain = (models.certificates ?? []).map((c) => c.subject?.CN ?? "?");
  const leaf = models.certificates?.[0];
  const until = leaf?.valid_to ? `, valid until ${new Date(leaf.valid_to).toISOString().slice(0, 10)}` : "";
  const ignored =
    network.env.NODE_TLS_REJECT_UNAUTHORIZED === "0"
      ? "; NODE_TLS_REJECT_UNAUTHORIZED=0 is ignored: certificates are always verified"
      : "";
  return ok("tls", `certificate chain ${chain.join(" ← ")}${until}; verified against ${trusted}${ignored}`);
}

export function keyCheck(
  provider: ProviderConfig,
  key: string | undefined,
  models: Probe,
): { check: DoctorCheck; accepted: boolean; models: string[] | null } {
  const envKey = credentialName(provider);
  const keyName = envKey ?? "the request without a key";
  const missing = provider.env_key !== undefined && envKey === provider.env_key && !key;
  if (missing) {
    const hint =
      provider.env_key_instructions ??
      `export ${envKey}, or put it in CODEX_HOME/.env (\`codex-litellm login\` does that)`;
    return { check: fail("key", `${envKey} is not set`, hint), accepted: false, models: null };
  }
  if (!models.ok)
    return { check: skip("key", `skipped: ${provider.base_url} is not reachable`), accepted: false, models: null };
  const status = models.status;
  if (status === 200) {
    const data = isJsonObject(models.body) ? models.body.data : undefined;
    const ids = Array.isArray(data)
      ? data.flatMap((m: unknown) => (isJsonObject(m) && typeof m.id === "string" ? [m.id] : []))
      : [];
    const who = envKey ? `${envKey} accepted` : "no key needed";
    return {
      check: ok("key", `${who}: /models answered 200 (${ids.length} model${ids.length === 1 ? "" : "s"})`),
      accepted: true,
      models: ids,
    };
  }
  if (status === 404)
    return {
      check: skip("key", `skipped: the proxy does not offer ${trimSlash(provider.base_url)}/models (HTTP 404)`),
      accepted: true,
      models: null,
    };
  const message = serverMessage(models.body);
  const detail = `${envKey ? `${envKey} rejected` : "rejected"}: /models answered HTTP ${status}: ${message}`;
  if (status === 400 && /no connected db|no_db_connection/i.test(JSON.stringify(models.body))) {
    return {
      check: fail(
        "key",
        detail,
        `this proxy has no database, so only its master key works: put the master key in ${keyName}, or give the proxy a database for virtual keys`,
      ),
      accepted: false,
      models: null,
    };
  }
  if (status === 401 || status === 403 || status === 400) {
    const hint = envKey
      ? `check the key in ${envKey} (it is wrong, expired or blocked); \`codex-litellm login\` saves a new one`
      : `the proxy wants a key: set env_key in [model_providers.${provider.id}]`;
    return { check: fail("key", detail, hint), accepted: false, models: null };
  }
  return { check: fail("key", detail, "the proxy failed to answer; see its logs"), accepted: false, models: null };
}

export async function keyInfoCheck(
  provider: ProviderConfig,
  headers: Record<string, string>,
  network: NetworkSettings,
  accepted: boolean,
  timeoutMs: number,
): Promise<DoctorCheck> {
  if (!accepted || !headers[provider.api_key_header ?? "authorization"])
    return skip("key info", accepted ? "skipped: no key to look up" : "skipped: the key was not accepted");
  const url = `${proxyRoot(provider.base_url)}/key/info`;
  const res = await probe(url, headers, network, timeoutMs);
  if (!res.ok) return skip("key info", `skipped: ${url}: ${res.error}`);
  if (res.status === 404) return skip("key info", "skipped: the proxy does not offer LiteLLM's /key/info (HTTP 404)");
  if (res.status === 400 || res.status >= 500)
    return skip(
      "key info",
      `skipped: the proxy cannot look keys up (HTTP ${res.status}: ${serverMessage(res.body)}); a proxy without a database has no key records`,
    );
  if (res.status === 401 || res.status === 403)
    return skip("key info", `skipped: /key/info is not allowed for this key (HTTP ${res.status})`);
  if (res.status !== 200) return skip("key info", `skipped: /key/info answered HTTP ${res.status}`);
  const info = isJsonObject(res.body) && isJsonObject(res.body.info) ? res.body.info : {};
  const parts: string[] = [];
  if (typeof info.key_alias === "string" && info.key_alias) parts.push(`alias ${info.key_alias}`);
  if (typeof info.team_id === "string" && info.team_id) parts.push(`team ${info.team_id}`);
  if (typeof info.spend === "number")
    parts.push(
      `spend $${info.spend.toFixed(4)}${typeof info.max_budget === "number" ? ` of $${info.max_budget}` : ""}`,
    );
  if (typeof info.expires === "string" && info.expires) parts.push(`expires ${info.expires}`);
  if (Array.isArray(info.models) && info.models.length)
    parts.push(`limited to ${info.models.length} model${info.models.length === 1 ? "" : "s"}`);
  return ok("key info", `LiteLLM /key/info: ${parts.length ? parts.join(", ") : "the key is known to the proxy"}`);
}
