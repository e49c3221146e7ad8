// `codex-litellm doctor`: one check per thing that can keep a session from working, each with
// a one-line result naming what it looked at and, when it failed, how to fix it. Checks that
// cannot run (their prerequisite failed, or the proxy lacks the endpoint) are skipped, not
// failed. Nothing here prints or returns the API key.
import { loadConfig, type LoadConfigOptions, type ResolvedConfig } from "../config/load.js";
import { providerApiKey } from "../config/providers.js";
import { providerCredentials } from "../gateway/provider-auth.js";
import { MODEL_LOOKUP_TIMEOUT_MS } from "../gateway/models.js";
import { networkOf, proxyHeaders, proxyUrl } from "../gateway/proxy-request.js";
import { startMcpServers, type McpConnectionManager } from "../mcp/index.js";
import { detectSandbox, type SandboxDetection } from "../tools/sandbox/detect.js";
import { errorMessage } from "../util/errors.js";
import { redactSecret } from "../util/redact.js";
import { fail, ok, skip, type DoctorCheck } from "./check-result.js";
import {
  authHeaderCheck,
  keyCheck,
  keyInfoCheck,
  networkCheck,
  reachableCheck,
  tlsCheck,
  credentialName,
} from "./connection-checks.js";
import { configCheck, mcpChecks, sandboxCheck, telemetryCheck } from "./local-checks.js";
import { configuredModels, contextWindowCheck, liveCheck, modelCheck } from "./model-checks.js";
import { promptCacheCheck } from "./prompt-cache-check.js";
import { probe } from "./proxy-probe.js";

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
  // A command's token is fetched once here (the command's own failure is the key check's).
  let authError: string | undefined;
  const key = config.provider.auth
    ? await providerCredentials(config.provider, env)
        .token()
        .catch((err: unknown) => void (authError = errorMessage(err)))
    : providerApiKey(config.provider, env);
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
      `${p.id} (${p.name}) at ${p.base_url}, ${p.wire_api} wire, key from ${credentialName(p) ?? "(none: no env_key)"}`,
    ),
  );

  const headers = { accept: "application/json", ...proxyHeaders(p, key, env) };
  const network = networkOf(p, env);
  checks.push(networkCheck(p, env));
  checks.push(authHeaderCheck(p, env));
  const models = await probe(proxyUrl(p, "/models"), headers, network, timeoutMs);
  checks.push(reachableCheck(p, models));
  checks.push(tlsCheck(p, network, models));
  const keyResult = authError
    ? {
        check: fail("key", authError, "run the command yourself to see why (for LiteLLM's CLI: `lite login`)"),
        accepted: false,
        models: null,
      }
    : keyCheck(p, key, models);
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

export function hasFailures(checks: readonly DoctorCheck[]): boolean {
  return checks.some((c) => c.status === "fail");
}
