// `codex-litellm doctor`: one check per thing that can keep a session from working, each with
// a one-line result naming what it looked at and, when it failed, how to fix it. Checks that
// cannot run (their prerequisite failed, or the proxy lacks the endpoint) are skipped, not
// failed. Nothing here prints or returns the API key.
import { randomBytes, randomUUID } from "node:crypto";
import type { PeerCertificate } from "node:tls";
import { httpRequest, NetworkSetupError, RequestFailedError, type NetworkSettings } from "../gateway/http.js";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { BASELINE_CONTEXT_WINDOW } from "../agent/context-window.js";
import { lookUpContextWindow } from "../agent/model-profile.js";
import { isTable } from "../util/tables.js";
import { loadConfig, type LoadConfigOptions, type ResolvedConfig } from "../config/load.js";
import { providerApiKey, type ProviderConfig } from "../config/providers.js";
import { redactSecret } from "../util/redact.js";
import { Gateway } from "../gateway/client.js";
import { MODEL_LOOKUP_TIMEOUT_MS } from "../gateway/models.js";
import { GatewayError } from "../gateway/errors.js";
import { userMessage } from "../gateway/items.js";
import { proxyRoute, redactProxyUrl } from "../gateway/proxy-env.js";
import { networkOf, proxyHeaders, proxyUrl } from "../gateway/proxy-request.js";
import { extraCaFiles, systemCertificates } from "../gateway/tls-trust.js";
import { allMcpServers, startMcpServers, toolAllowed, type McpConnectionManager } from "../mcp/index.js";
import { isTermux } from "../tools/exec/platform.js";
import { detectSandbox, type SandboxDetection } from "../tools/sandbox/detect.js";
import { promptCacheCheck } from "./prompt-cache-check.js";
import { errorMessage, fileErrorReason } from "../util/errors.js";
import { isJsonObject } from "../util/json.js";

/** `warn`: works, but not as well as it could (does not change the exit code). */
export type CheckStatus = "ok" | "warn" | "fail" | "skip";

export interface DoctorCheck {
  /** What was checked, e.g. "key" or "mcp docs". */
  name: string;
  status: CheckStatus;
  /** One line: what was looked at and what was found. */
  detail: string;
  /** How to fix it (failed checks and warnings, sometimes skipped ones). */
  hint?: string;
}

export interface DoctorOptions {
  load?: LoadConfigOptions;
  /** Send a tiny streamed request to the model (costs tokens). */
  live?: boolean;
  /** Environment (default: a copy of process.env; CODEX_HOME/.env fills gaps in it). */
  env?: NodeJS.ProcessEnv;
  /** Per HTTP request (default 30 s, as a session waits for the proxy). */
  timeoutMs?: number;
  sandbox?: () => SandboxDetection;
}

type Probe =
  | { ok: true; status: number; body: unknown; ms: number; certificates: PeerCertificate[] | null }
  | {
      ok: false;
      error: string;
      timedOut: boolean;
      ms: number;
      /** Retrying cannot help: a certificate, proxy or CA setting. */ setup: boolean;
    };

const ok = (name: string, detail: string): DoctorCheck => ({ name, status: "ok", detail });
const warn = (name: string, detail: string, hint: string): DoctorCheck => ({ name, status: "warn", detail, hint });
const fail = (name: string, detail: string, hint?: string): DoctorCheck => ({
  name,
  status: "fail",
  detail,
  ...(hint && { hint }),
});
const skip = (name: string, detail: string, hint?: string): DoctorCheck => ({
  name,
  status: "skip",
  detail,
  ...(hint && { hint }),
});

const CHECK_NAMES = [
  "provider",
  "network",
  "auth header",
  "reachable",
  "tls",
  "key",
  "key info",
  "model",
  "context window",
  "prompt cache",
  "live request",
  "telemetry",
  "sandbox",
  "mcp",
];

export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorCheck[]> {
  const env = options.env ?? { ...process.env };
  // As long as a session waits for the proxy's answers about its models: a busy proxy is not an unreachable one.
  const timeoutMs = options.timeoutMs ?? MODEL_LOOKUP_TIMEOUT_MS;
  let config: ResolvedConfig;
  try {
    config = await loadConfig({ ...options.load, env });
  } catch (err) {
    const message = errorMessage(err);
    return [
      fail("config", message, "fix what the message names (`codex-litellm config path` prints where config.toml is)"),
      ...CHECK_NAMES.map((name) => skip(name, "skipped: the configuration did not load")),
    ];
  }
  const key = providerApiKey(config.provider, env);
  const scrub = (c: DoctorCheck): DoctorCheck => ({
    ...c,
    detail: redactSecret(c.detail, key),
    ...(c.hint && { hint: redactSecret(c.hint, key) }),
  });

  // MCP servers start while the proxy is checked.
  const mcpStartup = startMcpServers(config, { env });
  mcpStartup.catch(() => {});

  const checks: DoctorCheck[] = [await configCheck(config)];
  const p = config.provider;
  checks.push(
    ok(
      "provider",
      `${p.id} (${p.name}) at ${p.base_url}, ${p.wire_api} wire, key from ${p.env_key ?? "(none: no env_key)"}`,
    ),
  );

  const headers = { accept: "application/json", ...proxyHeaders(p, key, env) };
  const network = networkOf(p, env);
  checks.push(networkCheck(p, env));
  checks.push(authHeaderCheck(p, env));
  const models = await probe(proxyUrl(p, "/models"), headers, network, timeoutMs);
  checks.push(reachableCheck(p, models));
  checks.push(tlsCheck(p, network, models));
  const keyResult = keyCheck(p, key, models);
  checks.push(keyResult.check);
  checks.push(await keyInfoCheck(p, headers, network, keyResult.accepted, timeoutMs));
  checks.push(modelCheck(config, keyResult.models));
  checks.push(await contextWindowCheck(config, env, models.ok, keyResult.accepted));
  checks.push(await promptCacheCheck(config, env, configuredModels(config), models.ok && keyResult.accepted));
  checks.push(await liveCheck(config, env, options.live === true, models.ok && keyResult.accepted));
  checks.push(await telemetryCheck(config));
  checks.push(sandboxCheck(config, options.sandbox ?? (() => detectSandbox())));

  let mcp: McpConnectionManager | null = null;
  try {
    mcp = await mcpStartup.catch(() => null);
    checks.push(...mcpChecks(config, mcp));
  } finally {
    await mcp?.close();
  }
  return checks.map(scrub);
}

async function configCheck(config: ResolvedConfig): Promise<DoctorCheck> {
  const exists = await fsp.stat(config.configFile).then(
    () => true,
    () => false,
  );
  const profile = config.profile ? `, profile ${config.profile}` : "";
  return ok(
    "config",
    exists ? `${config.configFile} parses${profile}` : `${config.configFile} does not exist; using defaults${profile}`,
  );
}

const trimSlash = (url: string) => url.replace(/\/+$/, "");

/** LiteLLM's management routes live at the proxy root; base_url usually ends in /v1. */
function proxyRoot(baseUrl: string): string {
  return trimSlash(baseUrl).replace(/\/v1$/, "");
}

async function probe(
  url: string,
  headers: Record<string, string>,
  network: NetworkSettings,
  timeoutMs: number,
): Promise<Probe> {
  const started = Date.now();
  try {
    const response = await httpRequest(url, { headers, network, signal: AbortSignal.timeout(timeoutMs) });
    const certificates = response.peerCertificates();
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { ok: true, status: response.status, body, ms: Date.now() - started, certificates };
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    const via = err instanceof RequestFailedError && err.via ? `through the proxy ${err.via}: ` : "";
    return {
      ok: false,
      error: `${via}${networkReason(err)}`,
      timedOut,
      ms: Date.now() - started,
      setup: err instanceof NetworkSetupError,
    };
  }
}

function networkReason(err: unknown): string {
  if (err instanceof NetworkSetupError) return err.message;
  if (!(err instanceof Error)) return String(err);
  const cause = isJsonObject(err.cause) ? err.cause : {};
  if (typeof cause.code === "string") return cause.code;
  if (typeof cause.message === "string") return cause.message;
  return err.message;
}

/** The server's error message: LiteLLM's `{error: {message}}`, else the text, on one line. */
function serverMessage(body: unknown): string {
  const error = isJsonObject(body) ? body.error : undefined;
  const message = isJsonObject(error) ? error.message : typeof error === "string" ? error : undefined;
  const text = typeof message === "string" ? message : typeof body === "string" ? body : JSON.stringify(body);
  const line = (text ?? "").replace(/\s+/g, " ").trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function reachableCheck(provider: ProviderConfig, models: Probe): DoctorCheck {
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
function networkCheck(provider: ProviderConfig, env: NodeJS.ProcessEnv): DoctorCheck {
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

/** Which header carries the key, and what else is sent (names only). */
function authHeaderCheck(provider: ProviderConfig, env: NodeJS.ProcessEnv): DoctorCheck {
  const keyHeader = provider.api_key_header ?? "authorization";
  const sent = Object.keys(proxyHeaders(provider, undefined, env));
  const keyPart = !provider.env_key
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
  if (keyHeader !== "authorization" && provider.env_key && !sent.includes("authorization")) {
    return ok("auth header", `${detail}; no Authorization header (LiteLLM reads the key from ${keyHeader})`);
  }
  return ok("auth header", detail);
}

/** For https://: the chain the proxy presented and the CAs trusted; a rejected certificate with its fix. */
function tlsCheck(provider: ProviderConfig, network: NetworkSettings, models: Probe): DoctorCheck {
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

function keyCheck(
  provider: ProviderConfig,
  key: string | undefined,
  models: Probe,
): { check: DoctorCheck; accepted: boolean; models: string[] | null } {
  const envKey = provider.env_key;
  const keyName = envKey ?? "the request without a key";
  const missing = envKey !== undefined && !key;
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

async function keyInfoCheck(
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

/** A listed id may be a wildcard route ("*", "openai/*"). */
function listedAs(model: string, ids: string[]): string | null {
  if (ids.includes(model)) return model;
  return ids.find((id) => id === "*" || (id.endsWith("/*") && model.startsWith(id.slice(0, -1)))) ?? null;
}

function modelCheck(config: ResolvedConfig, ids: string[] | null): DoctorCheck {
  const model = config.model;
  if (!model)
    return fail(
      "model",
      "no model configured",
      "set `model` in config.toml (`codex-litellm config set model <name>`), pass -c model=<name>, or run `codex-litellm login`",
    );
  if (ids === null) return skip("model", `skipped: cannot list the proxy's models to look for ${model}`);
  const match = listedAs(model, ids);
  if (match === model) return ok("model", `${model} is listed by /models`);
  if (match) return ok("model", `${model} matches the wildcard route ${match} listed by /models`);
  const some = ids.slice(0, 8);
  const more = ids.length > some.length ? `, … (${ids.length} in all)` : "";
  return fail(
    "model",
    `${model} is not among the ${ids.length} models /models lists`,
    ids.length
      ? `use one this key can reach, e.g. ${some.join(", ")}${more} (\`codex-litellm config set model <name>\`)`
      : "the proxy lists no models for this key: check its model_list and the key's model access",
  );
}

async function contextWindowCheck(
  config: ResolvedConfig,
  env: NodeJS.ProcessEnv,
  reachable: boolean,
  keyAccepted: boolean,
): Promise<DoctorCheck> {
  const models = configuredModels(config);
  if (models.length === 0) return skip("context window", "skipped: no model configured");
  const asksProxy = models.some((m) => !m.configured);
  if (asksProxy && !reachable)
    return skip("context window", "skipped: the proxy is not reachable to ask for its model catalog or /model/info");
  if (asksProxy && !keyAccepted)
    return skip("context window", "skipped: the key was not accepted, so the proxy cannot be asked");
  const gateway = new Gateway(config.provider, { env, catalogFile: config.modelCatalogJson });
  const windows = await Promise.all(
    models.map(async (m) => ({ ...m, ...(await lookUpContextWindow(gateway, m.model, m.configured)) })),
  );
  const detail = windows.map((w) => `${w.label}: ${w.window.toLocaleString("en-US")} tokens (${w.source})`).join("; ");
  const unknown = windows.filter((w) => w.source === "baseline");
  if (unknown.length === 0) return ok("context window", detail);
  return warn(
    "context window",
    `unknown for ${unknown.map((w) => w.model).join(", ")}: not in config, the model catalog or the proxy's /model/info; sessions assume ${BASELINE_CONTEXT_WINDOW.toLocaleString("en-US")} tokens${windows.length > unknown.length ? ` (${detail})` : ""}`,
    "set model_context_window = <tokens> in config.toml, or model_info.max_input_tokens for the model in the proxy's config",
  );
}

/** The model config uses, then each profile's, with the window config pins for it (if any). */
function configuredModels(config: ResolvedConfig): { label: string; model: string; configured?: number }[] {
  const models = config.model
    ? [{ label: config.model, model: config.model, configured: config.modelContextWindow }]
    : [];
  const profiles = isTable(config.effective.profiles) ? config.effective.profiles : {};
  for (const [name, profile] of Object.entries(profiles)) {
    if (!isTable(profile) || typeof profile.model !== "string" || name === config.profile) continue;
    const own = profile.model_context_window ?? profile.context_length;
    models.push({
      label: `profile ${name} (${profile.model})`,
      model: profile.model,
      configured: typeof own === "number" ? own : config.modelContextWindow,
    });
  }
  return models;
}

async function liveCheck(
  config: ResolvedConfig,
  env: NodeJS.ProcessEnv,
  live: boolean,
  ready: boolean,
): Promise<DoctorCheck> {
  if (!live)
    return skip("live request", "skipped: pass --live to send a tiny streamed request (it costs a few tokens)");
  if (!config.model) return skip("live request", "skipped: no model configured");
  if (!ready) return skip("live request", "skipped: the proxy is not reachable or the key was not accepted");
  const provider: ProviderConfig = {
    ...config.provider,
    request_max_retries: 0,
    stream_max_retries: 0,
    stream_idle_timeout_ms: Math.min(config.provider.stream_idle_timeout_ms, 60_000),
  };
  const gateway = new Gateway(provider, { env });
  const started = Date.now();
  let text = "";
  try {
    for await (const event of gateway.stream({
      model: config.model,
      instructions: "You are a connectivity check. Answer with the single word OK.",
      input: [userMessage("Reply with OK.")],
      tools: [],
      sessionId: randomUUID(),
    })) {
      if (event.type === "text_delta") text += event.delta;
      if (event.type === "completed") {
        const u = event.usage;
        const tokens =
          u && u.input_tokens !== null && u.output_tokens !== null
            ? `, ${u.input_tokens} in / ${u.output_tokens} out tokens`
            : "";
        const reply = text.replace(/\s+/g, " ").trim();
        return ok(
          "live request",
          `${config.model} streamed a reply on the ${provider.wire_api} wire in ${Date.now() - started} ms${tokens}${reply ? `: "${reply.slice(0, 60)}"` : ""}`,
        );
      }
    }
    return fail("live request", "the stream ended without a result", "check the proxy's logs for this request");
  } catch (err) {
    const message = errorMessage(err).replace(/\s+/g, " ");
    const kind = err instanceof GatewayError ? err.kind : "error";
    const hints: Partial<Record<string, string>> = {
      model_not_found: "pick a model the proxy serves (see the model check)",
      auth: "check the key (see the key check)",
      bad_request:
        config.provider.wire_api === "responses"
          ? 'if the proxy or model does not support the Responses API, set wire_api = "chat" for the provider'
          : "see the message for what the proxy refused",
      quota: "the key's budget or the provider's quota is used up",
    };
    return fail(
      "live request",
      `${config.provider.wire_api} wire: ${message}`,
      hints[kind] ?? "see the message; `codex-litellm exec` would fail the same way",
    );
  }
}

async function dirSize(dir: string): Promise<number> {
  let total = 0;
  const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) total += await dirSize(full);
    else if (e.isFile())
      total += await fsp.stat(full).then(
        (s) => s.size,
        () => 0,
      );
  }
  return total;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** Whether files can be created in `dir` (or, when it does not exist yet, in its nearest existing parent). */
async function writable(dir: string): Promise<{ ok: boolean; exists: boolean; reason?: string }> {
  const exists = await fsp.stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (exists) {
    const probeFile = path.join(dir, `.doctor-${process.pid}-${randomBytes(3).toString("hex")}`);
    try {
      await fsp.writeFile(probeFile, "");
      await fsp.rm(probeFile, { force: true });
      return { ok: true, exists };
    } catch (err) {
      return { ok: false, exists, reason: fileErrorReason(err) };
    }
  }
  let parent = path.dirname(dir);
  while (
    !(await fsp.stat(parent).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  ) {
    const up = path.dirname(parent);
    if (up === parent) break;
    parent = up;
  }
  try {
    await fsp.access(parent, 2 /* W_OK */);
    return { ok: true, exists };
  } catch (err) {
    return { ok: false, exists, reason: `${parent}: ${fileErrorReason(err)}` };
  }
}

async function telemetryCheck(config: ResolvedConfig): Promise<DoctorCheck> {
  const t = config.telemetry;
  if (!t.enabled) return skip("telemetry", "skipped: telemetry is off ([telemetry] enabled = false)");
  const w = await writable(t.dir);
  if (!w.ok)
    return fail(
      "telemetry",
      `${t.dir} is not writable (${w.reason})`,
      "fix its permissions, point [telemetry] dir elsewhere, or set [telemetry] enabled = false",
    );
  if (!w.exists)
    return ok(
      "telemetry",
      `${t.dir} does not exist yet and can be created; max_total_bytes ${t.max_total_bytes ? formatBytes(t.max_total_bytes) : "0 (no pruning)"}`,
    );
  const used = await dirSize(t.dir);
  const cap = t.max_total_bytes;
  const of = cap
    ? ` of max_total_bytes ${formatBytes(cap)} (${Math.round((used / cap) * 100)}%)`
    : " (max_total_bytes = 0: no pruning)";
  const over = cap && used > cap ? "; over the cap: the oldest logs are pruned when the next session starts" : "";
  return ok("telemetry", `${t.dir} writable; ${formatBytes(used)} used${of}${over}`);
}

function sandboxCheck(config: ResolvedConfig, detect: () => SandboxDetection): DoctorCheck {
  const d = detect();
  if (d.kind !== "none") return ok("sandbox", `${d.kind}: ${d.reason}`);
  if (config.sandboxMode === "danger-full-access")
    return skip("sandbox", `skipped: sandbox_mode is danger-full-access (and none is available: ${d.reason})`);
  if (isTermux()) {
    // Nothing to install on Android: say what it means instead of failing every Termux device.
    return skip(
      "sandbox",
      `none possible: ${d.reason}; commands run only with approval, or set sandbox_mode = "danger-full-access" to run them unsandboxed`,
    );
  }
  return fail(
    "sandbox",
    `none available: ${d.reason}`,
    process.platform === "darwin"
      ? "sandbox-exec should exist on macOS; check /usr/bin/sandbox-exec"
      : "install bubblewrap (e.g. `apt-get install bubblewrap`); without a sandbox, commands need approval to run unsandboxed",
  );
}

function mcpChecks(config: ResolvedConfig, mcp: McpConnectionManager | null): DoctorCheck[] {
  const servers = allMcpServers(config.mcpServers);
  if (servers.length === 0) return [skip("mcp", "skipped: no [mcp_servers] configured")];
  return servers.map((s) => {
    const name = `mcp ${s.name}`;
    if (!s.enabled) return skip(name, "skipped: disabled (enabled = false)");
    const connection = mcp?.connections.find((c) => c.server === s.name);
    if (connection) {
      const offered = connection.tools.filter((t) => toolAllowed(s, t.name)).length;
      const total = connection.tools.length;
      const where =
        s.transport.type === "stdio" ? `stdio: ${s.transport.command}` : `streamable HTTP: ${s.transport.url}`;
      return ok(
        name,
        `started (${where}): ${total} tool${total === 1 ? "" : "s"}${offered !== total ? `, ${offered} offered after enabled_tools/disabled_tools` : ""}`,
      );
    }
    const failure = mcp?.failures.find((f) => f.server === s.name);
    return fail(
      name,
      failure?.error ?? "did not start",
      `check [mcp_servers.${s.name}] in config.toml (\`codex-litellm mcp get ${s.name}\`)`,
    );
  });
}

export function hasFailures(checks: readonly DoctorCheck[]): boolean {
  return checks.some((c) => c.status === "fail");
}
