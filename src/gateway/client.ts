import type { SecretRedactor } from "../util/redact.js";
import { missingKeyMessage, type ProviderConfig } from "../config/providers.js";
import { providerCredentials, type ProviderCredentials } from "./provider-auth.js";
import { VERSION } from "../version.js";
import { classifyRequestError, classifyStreamError } from "./classify.js";
import { buildChatBody, ChatStreamAssembler } from "./chat-wire.js";
import { GatewayError } from "./errors.js";
import { httpRequest, type HeaderBag, type HttpResponse } from "./http.js";
import type { NetworkSettings } from "./tls-trust.js";
import { setOrigin } from "./item-origin.js";
import { modelInput } from "./model-input.js";
import { fetchCatalog, parseCatalog, readCatalogFile, type ModelCatalog } from "./model-catalog.js";
import { ModelMetaCache } from "./model-meta-cache.js";
import { fetchModelInfo } from "./model-info-lookup.js";
import { listModels, storedModelInfo } from "./models.js";
import { keyHeader, networkOf, proxyHeaders, proxyUrl } from "./proxy-request.js";
import { HttpStatusError } from "./status-error.js";
import { buildResponsesBody, ResponsesStreamState } from "./responses-wire.js";
import { backoffMs, formatWait, retryRefusal, sleep } from "./retry.js";
import { readSse } from "./sse.js";
import type { GatewayEvent, KeyHeaders, LiteLLMResponseMeta, ModelRequest } from "./types.js";
import type { ModelEntry, ModelInfo } from "./models.js";
import { withDeadline } from "../util/deadline.js";
import { errorMessage } from "../util/errors.js";
import { parseJsonObject } from "../util/json.js";

export interface GatewayOptions {
  env?: NodeJS.ProcessEnv;
  /** For tests: replaces Math.random in backoff jitter. */
  random?: () => number;
  /** Upper bound for any single retry delay, including server-requested ones. */
  maxRetryDelayMs?: number;
  /** Where the proxy's catalog and /model/info answers are cached (CODEX_HOME); none: asked every process. */
  codexHome?: string;
  /** `model_catalog_json`: a catalog file that wins over the proxy's. */
  catalogFile?: string;
  /**
   * The session's redactor: a credential the gateway obtains while the session runs (a token
   * from a provider's auth command) is registered here as soon as it is obtained, so no output,
   * log, rollout or OTel export carries it.
   */
  redactor?: SecretRedactor;
}

/** A session's gateway: the proxy's model answers cached in CODEX_HOME, config's catalog file. */
export function gatewayOptionsOf(
  config: { codexHome: string; modelCatalogJson?: string },
  redactor?: SecretRedactor,
): GatewayOptions {
  return { codexHome: config.codexHome, catalogFile: config.modelCatalogJson, ...(redactor && { redactor }) };
}

/** Why a lookup failed, in one line. */
const lookupFailure = (err: unknown): string =>
  (err instanceof HttpStatusError ? `HTTP ${err.status}: ${err.message}` : errorMessage(err))
    .split("\n", 1)[0]
    ?.slice(0, 200) ?? "";

/** A catalog (or "the proxy serves none") from the disk cache; undefined when the entry is damaged. */
const storedCatalog = (stored: unknown): ModelCatalog | null | undefined =>
  stored === null ? null : (parseCatalog(stored, "proxy") ?? undefined);

/**
 * The one way the agent talks to a model: a LiteLLM proxy (or any OpenAI-compatible
 * server) over the Responses or Chat Completions wire, as one typed event stream with
 * Codex's retry rules.
 */
export class Gateway {
  private readonly env: NodeJS.ProcessEnv;
  private readonly credentials: ProviderCredentials;
  /** Every header but the key's (see withKey). */
  private readonly headers: Record<string, string>;
  private readonly network: NetworkSettings;
  private readonly modelInfoCache = new Map<string, Promise<ModelInfo | null>>();
  private readonly modelInfoFailures = new Map<string, string>();
  private catalog: Promise<ModelCatalog | null> | null = null;
  private readonly disk: ModelMetaCache | null;
  private readonly refreshing = new Set<Promise<unknown>>();

  constructor(
    readonly provider: ProviderConfig,
    private readonly options: GatewayOptions = {},
  ) {
    const env = (this.env = options.env ?? process.env);
    this.credentials = providerCredentials(provider, env);
    this.headers = {
      originator: "codex-litellm",
      "user-agent": `codex-litellm/${VERSION}`,
      ...proxyHeaders(provider, undefined, env),
    };
    this.network = networkOf(provider, env);
    this.disk = options.codexHome ? new ModelMetaCache(options.codexHome, provider.base_url) : null;
  }

  /** Streams one model response. Ends with a `completed` event, or throws a GatewayError. */
  async *stream(req: ModelRequest, signal?: AbortSignal): AsyncGenerator<GatewayEvent> {
    this.requireKey();
    const retries = { request: 0, stream: 0 };
    const startedAt = Date.now();
    let renewedToken = false;
    for (;;) {
      // One controller per attempt, linked to the caller's signal and unlinked when the attempt
      // ends: a listener left on the caller's signal per attempt would pile up over a turn.
      const attempt = new AbortController();
      const forward = () => attempt.abort(signal?.reason);
      if (signal?.aborted) attempt.abort(signal.reason);
      else signal?.addEventListener("abort", forward, { once: true });
      try {
        yield* this.attempt(req, attempt.signal);
        return;
      } catch (err) {
        if (!(err instanceof RetryableAttempt)) throw err;
        const { error, scope } = err;
        // A rejected command token is fetched again once, at once (upstream's 401 path).
        if (!renewedToken && error.details.status === 401 && this.credentials.renewAfterRejection(err.token)) {
          renewedToken = true;
          continue;
        }
        const count = ++retries[scope];
        const max = scope === "request" ? this.provider.request_max_retries : this.provider.stream_max_retries;
        const delayMs = this.retryDelayMs(count, error);
        const refusal = retryRefusal(error, count, max, Date.now() - startedAt + delayMs);
        if (refusal !== null) throw withAttempts(error, count - 1, refusal);
        yield* this.waitToRetry(count, max, delayMs, error, scope, signal);
      } finally {
        signal?.removeEventListener("abort", forward);
      }
    }
  }

  /** One request and its stream; failures come out as RetryableAttempt (classified, not yet judged). */
  private async *attempt(req: ModelRequest, signal: AbortSignal): AsyncGenerator<GatewayEvent> {
    const token = await this.credentials.token();
    let response: HttpResponse;
    try {
      response = await this.send(req, token, signal);
    } catch (err) {
      const error = await this.explain(classifyRequestError(err, this.provider, token));
      throw new RetryableAttempt(error, "request", token);
    }
    try {
      yield* this.parse(req, response, signal);
    } catch (err) {
      throw new RetryableAttempt(classifyStreamError(err, this.provider, token), "stream", token);
    }
  }

  /** Model names the proxy serves to this key (`GET /v1/models`). */
  async listModels(signal?: AbortSignal): Promise<ModelEntry[]> {
    this.requireKey();
    try {
      return await listModels(this.provider, await this.withKey(), this.network, signal);
    } catch (err) {
      throw classifyRequestError(err, this.provider, this.credentials.lastToken);
    }
  }

  /** The headers of a request: the provider's and the key (a command's token is fetched when missing or old). */
  private async withKey(token?: string): Promise<Record<string, string>> {
    const key = token ?? (await this.credentials.token());
    return { ...this.headers, ...keyHeader(this.provider, key) };
  }

  /** LiteLLM's `/model/info` for a model name; null when the proxy does not know it or lacks the endpoint. Asked once per process (see cachedAnswer). */
  modelInfo(model: string, signal?: AbortSignal): Promise<ModelInfo | null> {
    let pending = this.modelInfoCache.get(model);
    if (!pending) {
      pending = this.cachedAnswer(
        `model_info:${model}`,
        async () => fetchModelInfo(this.provider, await this.withKey(), this.network, model, signal),
        (stored) => storedModelInfo(model, stored),
      ).catch((err: unknown) => {
        this.modelInfoFailures.set(model, lookupFailure(err));
        return null;
      });
      this.modelInfoCache.set(model, pending);
    }
    return pending;
  }

  modelInfoFailure(model: string): string | undefined {
    return this.modelInfoFailures.get(model);
  }

  /**
   * The Codex model catalog: `model_catalog_json` when configured, else the proxy's answer to
   * `/models?client_version=…`; null when the proxy serves none. Asked once per process;
   * `refresh` (on `/model`) asks the proxy again.
   */
  modelCatalog(options: { refresh?: boolean } = {}): Promise<ModelCatalog | null> {
    if (this.catalog && !options.refresh) return this.catalog;
    const { catalogFile } = this.options;
    const fetch = async () => fetchCatalog(this.provider, await this.withKey(), this.network);
    this.catalog = catalogFile
      ? readCatalogFile(catalogFile)
      : (options.refresh
          ? this.storeAnswer("catalog", fetch)
          : this.cachedAnswer("catalog", fetch, storedCatalog)
        ).catch(() => null);
    return this.catalog;
  }

  /** A fresh answer from the disk cache without asking; a stale one at once, refreshed in the background; else the proxy's. */
  private async cachedAnswer<T>(
    key: string,
    fetch: () => Promise<T>,
    read: (stored: unknown) => T | undefined,
  ): Promise<T> {
    const stored = await this.disk?.get(key, read);
    if (!stored) return this.storeAnswer(key, fetch);
    if (!stored.fresh) {
      const refresh = this.storeAnswer(key, fetch)
        .catch(() => {})
        .finally(() => this.refreshing.delete(refresh));
      this.refreshing.add(refresh);
    }
    return stored.value;
  }

  /**
   * Waits, at most `ms`, for stale answers being refreshed in the background to reach the disk
   * cache: a run shorter than the refresh would otherwise exit without it, and the next run would
   * find the stale answer again.
   */
  async finishRefreshes(ms: number): Promise<void> {
    await withDeadline(Promise.allSettled([...this.refreshing]), ms, []);
  }

  private async storeAnswer<T>(key: string, fetch: () => Promise<T>): Promise<T> {
    const value = await fetch();
    await this.disk?.put(key, value);
    return value;
  }

  private requireKey(): void {
    const missing = missingKeyMessage(this.provider, this.env);
    if (missing) throw new GatewayError("auth", missing);
  }

  private async send(req: ModelRequest, token: string | undefined, signal?: AbortSignal): Promise<HttpResponse> {
    const chat = this.provider.wire_api === "chat";
    const sent = {
      ...req,
      input: modelInput(req.input, { wire: this.provider.wire_api, provider: this.provider.id, model: req.model }),
    };
    const response = await httpRequest(proxyUrl(this.provider, chat ? "/chat/completions" : "/responses"), {
      json: chat ? buildChatBody(sent) : buildResponsesBody(sent),
      headers: { ...(await this.withKey(token)), session_id: req.sessionId, accept: "text/event-stream" },
      signal,
      headersTimeoutMs: this.provider.stream_idle_timeout_ms,
      network: this.network,
    });
    if (!response.ok) throw await HttpStatusError.from(response);
    return response;
  }

  private async *parse(req: ModelRequest, response: HttpResponse, signal?: AbortSignal): AsyncGenerator<GatewayEvent> {
    const meta = metaFromHeaders(response.headers);
    const chat = this.provider.wire_api === "chat";
    const customTools = new Set(req.tools.filter((t) => t.type === "custom").map((t) => t.name));
    const state = chat ? new ChatStreamAssembler(meta, customTools) : new ResponsesStreamState(meta);
    try {
      for await (const message of readSse(response.stream, this.provider.stream_idle_timeout_ms, signal)) {
        if (message.data === "[DONE]") break;
        const data = parseJsonObject(message.data);
        if (!data) {
          // As upstream Codex does: a malformed event is skipped, not fatal.
          yield { type: "warning", message: `skipped a malformed stream event: ${message.data.slice(0, 120)}` };
          continue;
        }
        yield* this.tagged(state.handle(data), req.model);
      }
      const tail = state.finish();
      if (tail) yield* this.tagged(tail, req.model);
    } catch (err) {
      // The proxy charges for what it served even when the attempt then failed.
      const served = state.usageSoFar();
      if (served) yield served;
      throw err;
    }
  }

  /** Marks every output item with the provider and model that produced it (see item-origin.ts). */
  private tagged(events: GatewayEvent[], model: string): GatewayEvent[] {
    for (const event of events)
      if (event.type === "output_item_done") setOrigin(event.item, { provider: this.provider.id, model });
    return events;
  }

  /** The wait before retry `attempt`: what the server asked for, else upstream's backoff; never over the cap. */
  private retryDelayMs(attempt: number, error: GatewayError): number {
    const cap = this.options.maxRetryDelayMs ?? 120_000;
    return Math.min(cap, error.details.retryAfterMs ?? backoffMs(attempt, this.options.random));
  }

  private async *waitToRetry(
    attempt: number,
    max: number,
    delayMs: number,
    error: GatewayError,
    scope: "request" | "stream",
    signal?: AbortSignal,
  ): AsyncGenerator<GatewayEvent> {
    const asked = error.kind === "rate_limited" && error.details.retryAfterMs !== undefined;
    const reason = asked ? `${error.message}; waiting ${formatWait(delayMs)} as the proxy asked` : error.message;
    yield { type: "retrying", attempt, maxAttempts: max, delayMs, reason, scope };
    try {
      await sleep(delayMs, signal);
    } catch {
      throw new GatewayError("aborted", "request cancelled");
    }
  }

  /** Adds the proxy's model list to a model-not-found error, so the user sees what to pick. */
  private async explain(error: GatewayError): Promise<GatewayError> {
    if (error.kind !== "model_not_found") return error;
    const available = await withDeadline(
      this.withKey()
        .then((headers) => listModels(this.provider, headers, this.network))
        .catch((): ModelEntry[] => []),
      3000,
      [],
    );
    const names = available.slice(0, 8).map((m) => m.id);
    const more = available.length > names.length ? `, … (${available.length} in all)` : "";
    const list = names.length ? ` Models this key can use: ${names.join(", ")}${more}.` : "";
    return new GatewayError(
      "model_not_found",
      `model not found at ${this.provider.base_url}: ${error.message}${list}`,
      error.details,
    );
  }
}

/** A failed attempt, carried to the retry loop with the scope whose budget it uses and the token it sent. */
class RetryableAttempt extends Error {
  constructor(
    readonly error: GatewayError,
    readonly scope: "request" | "stream",
    readonly token: string | undefined,
  ) {
    super(error.message);
  }
}

function withAttempts(error: GatewayError, retries: number, why: string): GatewayError {
  if (retries === 0 && !why) return error;
  const gaveUp = retries === 0 ? "" : `gave up after ${retries} ${retries === 1 ? "retry" : "retries"}`;
  const note = [why, gaveUp].filter(Boolean).join("; ");
  return new GatewayError(error.kind, `${error.message} (${note})`, { ...error.details, attempts: retries + 1 });
}

export function metaFromHeaders(headers: HeaderBag): LiteLLMResponseMeta {
  const num = (name: string) => {
    const v = headers.get(name);
    return v !== null && v !== "" && Number.isFinite(Number(v)) ? Number(v) : null;
  };
  return {
    cost_usd: num("x-litellm-response-cost"),
    call_id: headers.get("x-litellm-call-id"),
    model_id: headers.get("x-litellm-model-id"),
    attempted_retries: num("x-litellm-attempted-retries"),
    key: keyHeaders(num),
  };
}

/** The key's figures from a response's headers; null when the proxy sent none (no budget, no limits). */
function keyHeaders(num: (name: string) => number | null): KeyHeaders | null {
  const key: KeyHeaders = {
    spend_usd: num("x-litellm-key-spend"),
    max_budget_usd: num("x-litellm-key-max-budget"),
    rpm_limit: num("x-litellm-key-rpm-limit"),
    tpm_limit: num("x-litellm-key-tpm-limit"),
    remaining_requests: num("x-ratelimit-remaining-requests"),
    remaining_tokens: num("x-ratelimit-remaining-tokens"),
    limit_requests: num("x-ratelimit-limit-requests"),
    limit_tokens: num("x-ratelimit-limit-tokens"),
  };
  return Object.values(key).some((v) => v !== null) ? key : null;
}
