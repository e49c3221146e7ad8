// Starts a real LiteLLM proxy (from .cache/litellm/venv, see scripts/litellm-setup.sh) in front
// of a fake upstream, for tests. DB-less, master key only, offline.
//
// Routing (config written to a temp dir as JSON, which is valid YAML):
//   - "*"              → openai/*  : ANY model name reaches the upstream under the same name.
//                        Responses requests go natively to {upstream}/v1/responses, but are
//                        fake-streamed for names LiteLLM has no metadata for (NATIVE_SLOTS).
//                        Side effect: the proxy's /v1/models also lists every OpenAI model of
//                        LiteLLM's cost map.
//   - fake-model       → openai/fake-model      with model_info (window, costs, capabilities)
//   - fake-priced-gateway, fake-priced-telemetry, fake-priced-acp → fake-model's model_info under a name of
//                        their own for each test file that scripts a priced model (scripts are
//                        per model name: two files sharing one would consume each other's steps)
//   - fake-reasoning   → openai/fake-reasoning  with model_info, supports_reasoning
//   - fake-bridge      → openai/fake-bridge + use_chat_completions_api: the proxy answers
//                        /v1/responses by calling the upstream's /v1/chat/completions.
//   - fake-native-1..8 → explicit entries: Responses streamed natively end to end.
//   - fake-catalog     → model_info with a window and reasoning_effort_levels: a full Codex catalog entry
//   - fake-plain       → no model_info: the catalog lists it with nothing known
//   - fake-peer-catalog, fake-peer-plain → the same two, for the side by side with upstream
//   - fake-claude-1..2 → anthropic/claude-fake-<n>: LiteLLM speaks Anthropic's Messages API to
//                        the upstream (the fake bills it like Anthropic's prompt cache; the
//                        upstream sees `claude-fake-<n>`). Responses requests are bridged.
// The upstream always sees the model name the client sent (without any provider prefix).
// At start-up (and every 5 min) the proxy also calls GET {upstream}/v1/models.
// A wrong (non-master) key gets HTTP 400 "No connected db." here, a missing key 401.

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const LITELLM_VENV = join(REPO_ROOT, ".cache/litellm/venv");
export const DEFAULT_MASTER_KEY = "sk-test-master-key";
/** The key the proxy sends upstream (the fake records it as `authorization`). */
export const UPSTREAM_API_KEY = "sk-fake-upstream";

/**
 * LiteLLM 1.110.2 streams a Responses request natively only for model names it has metadata
 * for (an explicit config entry, or a name in its cost map). For any other name reaching the
 * "*" route it calls the upstream WITHOUT `stream` and synthesises the SSE stream from the JSON
 * answer ("fake stream": text re-chunked into 5-character deltas, `usage` already in
 * `response.created`, upstream mid-stream faults become plain HTTP errors). Chat Completions
 * streams natively for any name. Tests that need native Responses streaming use the explicit
 * `fake-native-<n>` entries (one per vitest worker, see nativeModel() in test/support/litellm.ts).
 */
export const NATIVE_SLOTS = 8;

export interface StartLiteLLMProxyOptions {
  /** The fake upstream's OpenAI base URL, e.g. http://127.0.0.1:PORT/v1. */
  upstreamUrl: string;
  /** Port for the proxy (default: a free one). */
  port?: number;
  masterKey?: string;
  /** How long to wait for /health/readiness (default 90 s). */
  readyTimeoutMs?: number;
  /** Include the "*" wildcard route (default true). Without it, unknown names get LiteLLM's 400. */
  wildcard?: boolean;
  /** Extra entries appended to `model_list`. */
  extraModels?: LiteLLMModelEntry[];
  /** A `model_list` replacing the shared fake one (and its wildcard), e.g. a proxy that serves one model. */
  modelList?: LiteLLMModelEntry[];
  /** Where the venv lives (default .cache/litellm/venv). */
  venvDir?: string;
  /** Merged into `general_settings` (e.g. `custom_auth`). */
  generalSettings?: Record<string, unknown>;
  /** Files written beside the config (e.g. the Python module `custom_auth` names). */
  files?: Record<string, string>;
  /** More top-level config sections (e.g. `mcp_servers`). */
  extraConfig?: Record<string, unknown>;
  /** More environment for the proxy (e.g. LITELLM_ENABLE_MCP_STDIO, which the default environment drops). */
  env?: Record<string, string>;
}

export interface LiteLLMModelEntry {
  model_name: string;
  litellm_params: Record<string, unknown>;
  model_info?: Record<string, unknown>;
}

export interface LiteLLMProxy {
  /** http://127.0.0.1:PORT (append /v1 for OpenAI clients). */
  baseUrl: string;
  masterKey: string;
  port: number;
  configPath: string;
  pid: number;
  /** Milliseconds from spawn to a 200 from /health/readiness. */
  startupMs: number;
  /** The last lines the proxy printed (stdout and stderr). */
  logTail(): string;
  stop(): Promise<void>;
}

/** Priced like fake-model, one per test file that scripts a priced model. */
export const PRICED_MODELS = ["fake-priced-gateway", "fake-priced-telemetry", "fake-priced-acp"] as const;

export function fakeModelList(upstreamUrl: string): LiteLLMModelEntry[] {
  const params = (model: string, extra: Record<string, unknown> = {}) => ({
    model,
    api_base: upstreamUrl,
    api_key: UPSTREAM_API_KEY,
    ...extra,
  });
  const info = (extra: Record<string, unknown>) => ({
    max_input_tokens: 8192,
    max_output_tokens: 2048,
    max_tokens: 2048,
    input_cost_per_token: 0.000001,
    output_cost_per_token: 0.000002,
    supports_function_calling: true,
    supports_parallel_function_calling: true,
    supports_reasoning: false,
    mode: "chat",
    ...extra,
  });
  return [
    { model_name: "fake-model", litellm_params: params("openai/fake-model"), model_info: info({}) },
    ...PRICED_MODELS.map((name) => ({
      model_name: name,
      litellm_params: params(`openai/${name}`),
      model_info: info({}),
    })),
    {
      model_name: "fake-reasoning",
      litellm_params: params("openai/fake-reasoning"),
      model_info: info({
        max_input_tokens: 200000,
        max_output_tokens: 100000,
        max_tokens: 100000,
        supports_reasoning: true,
        cache_read_input_token_cost: 0.0000001,
      }),
    },
    {
      model_name: "fake-bridge",
      litellm_params: params("openai/fake-bridge", { use_chat_completions_api: true }),
      model_info: info({}),
    },
    // Explicit names stream Responses natively; see NATIVE_SLOTS.
    ...Array.from({ length: NATIVE_SLOTS }, (_, i) => ({
      model_name: `fake-native-${i + 1}`,
      litellm_params: params(`openai/fake-native-${i + 1}`),
      model_info: info({ supports_reasoning: true }),
    })),
    // Priced like Anthropic's Sonnet: cache reads at 0.1×, cache writes at 1.25× the input price.
    ...[1, 2].map((n) => ({
      model_name: `fake-claude-${n}`,
      litellm_params: params(`anthropic/claude-fake-${n}`, { api_base: upstreamUrl.replace(/\/v1$/, "") }),
      model_info: info({
        max_input_tokens: 200000,
        input_cost_per_token: 0.000003,
        output_cost_per_token: 0.000015,
        cache_read_input_token_cost: 0.0000003,
        cache_creation_input_token_cost: 0.00000375,
        supports_prompt_caching: true,
      }),
    })),
    // The Codex model catalog (/v1/models?client_version=…): one model with a window and the
    // reasoning levels it takes (LiteLLM reads them from reasoning_effort_levels), one it knows nothing about.
    // The same two again for the side by side with upstream (test/interop), scripted by that file only.
    ...["", "peer-"].flatMap((peer) => [
      {
        model_name: `fake-${peer}catalog`,
        litellm_params: params(`openai/fake-${peer}catalog`),
        model_info: info({ supports_reasoning: true, reasoning_effort_levels: ["low", "high"] }),
      },
      { model_name: `fake-${peer}plain`, litellm_params: params(`openai/fake-${peer}plain`) },
    ]),
    { model_name: "*", litellm_params: params("openai/*") },
  ];
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

/** Environment for the proxy: offline cost map, quiet logs, no DB, no proxies, no OpenAI leakage. */
function proxyEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(https?|all|no)_proxy$/i.test(k)) continue;
    if (
      /^(OPENAI_|LITELLM_|AZURE_|ANTHROPIC_)/.test(k) ||
      k === "DATABASE_URL" ||
      k === "DIRECT_URL" ||
      k === "REDIS_URL"
    )
      continue;
    env[k] = v;
  }
  return {
    ...env,
    LITELLM_LOCAL_MODEL_COST_MAP: "True",
    LITELLM_LOG: "ERROR",
    LITELLM_MODE: "PRODUCTION",
    NO_PROXY: "127.0.0.1,localhost",
    no_proxy: "127.0.0.1,localhost",
    OPENAI_API_KEY: "",
    OPENAI_BASE_URL: "",
    OPENAI_API_BASE: "",
    PYTHONUNBUFFERED: "1",
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function startLiteLLMProxy(opts: StartLiteLLMProxyOptions): Promise<LiteLLMProxy> {
  const venv = opts.venvDir ?? LITELLM_VENV;
  const bin = join(venv, "bin/litellm");
  if (!existsSync(bin)) throw new Error(`litellm is not installed at ${bin}; run scripts/litellm-setup.sh`);
  const masterKey = opts.masterKey ?? DEFAULT_MASTER_KEY;
  const port = opts.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), "litellm-proxy-"));
  const configPath = join(dir, "config.yaml");
  const config = {
    model_list: [
      ...(opts.modelList ??
        fakeModelList(opts.upstreamUrl).filter((m) => opts.wildcard !== false || m.model_name !== "*")),
      ...(opts.extraModels ?? []),
    ],
    litellm_settings: { drop_params: true, num_retries: 0, request_timeout: 30, telemetry: false },
    // Without this, one upstream 429/5xx puts a single-deployment group (fake-model…) into a 5 s
    // cooldown: every later request gets 429 "No deployments available" — tests would leak
    // into each other.
    router_settings: { disable_cooldowns: true, num_retries: 0 },
    general_settings: { master_key: masterKey, ...opts.generalSettings },
    ...opts.extraConfig,
  };
  writeFileSync(configPath, JSON.stringify(config, null, 2)); // JSON is YAML
  for (const [name, text] of Object.entries(opts.files ?? {})) writeFileSync(join(dir, name), text);

  // A bash wrapper owns the proxy: it exits (killing litellm) when our stdin pipe closes, so the
  // proxy cannot outlive this Node process even if it dies without running exit handlers.
  // (A background job's stdin defaults to /dev/null, hence the explicit fd 3.)
  const wrapper =
    'exec 3<&0; "$@" </dev/null 3<&- & child=$!; ' +
    'trap \'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 0\' TERM INT; ' +
    '{ cat <&3 >/dev/null; kill -TERM "$child" 2>/dev/null; } & ' +
    'exec 3<&-; wait "$child"';
  const child: ChildProcess = spawn(
    "bash",
    ["-c", wrapper, "litellm-proxy", bin, "--config", configPath, "--host", "127.0.0.1", "--port", String(port)],
    {
      cwd: dir,
      env: { ...proxyEnv(), ...opts.env },
      detached: true, // own process group, killed as a whole
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error("could not spawn the LiteLLM proxy");

  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const l of chunk.toString("utf8").split("\n")) if (l.trim()) lines.push(l);
    if (lines.length > 400) lines.splice(0, lines.length - 400);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const logTail = (n = 40) => lines.slice(-n).join("\n");
  /** Error lines from the whole output (a bind error scrolls away under tracebacks), then the tail. */
  const failureLog = () => {
    const errors = [...new Set(lines.filter((l) => /^(ERROR|CRITICAL)\b|^\w*(Error|Exception):/.test(l.trim())))].slice(
      0,
      10,
    );
    return (errors.length ? `${errors.join("\n")}\n--- last lines ---\n` : "") + logTail();
  };

  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<void>((r) =>
    child.once("exit", (code, signal) => {
      exited = { code, signal };
      r();
    }),
  );
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      /* already gone */
    }
  };
  const onExit = () => killGroup("SIGKILL");
  process.once("exit", onExit);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      process.off("exit", onExit);
      if (!exited) {
        killGroup("SIGTERM");
        const timer = setTimeout(() => killGroup("SIGKILL"), 5000);
        await exitPromise;
        clearTimeout(timer);
      }
      killGroup("SIGKILL"); // stragglers in the group (workers)
      child.stdin?.destroy();
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const started = Date.now();
  const timeoutMs = opts.readyTimeoutMs ?? 90_000;
  for (;;) {
    if (exited) {
      const tail = failureLog();
      await stop();
      throw new Error(
        `LiteLLM proxy exited during start-up (code ${exited.code}, signal ${exited.signal}). Last output:\n${tail}`,
      );
    }
    if (Date.now() - started > timeoutMs) {
      const tail = failureLog();
      await stop();
      throw new Error(
        `LiteLLM proxy not ready after ${timeoutMs} ms at ${baseUrl}/health/readiness. Last output:\n${tail}`,
      );
    }
    try {
      const res = await fetch(`${baseUrl}/health/readiness`, { signal: AbortSignal.timeout(2000) });
      await res.text();
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  const startupMs = Date.now() - started;
  return { baseUrl, masterKey, port, configPath, pid, startupMs, logTail: () => logTail(), stop };
}
