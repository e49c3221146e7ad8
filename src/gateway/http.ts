// HTTP to the proxy over node:http / node:https. Not Node's fetch (undici): its WebAssembly
// HTTP parser cost ~35 ms to compile on the first request and ~70 ms at exit (V8 finishing its
// background optimisation), and merely touching `Headers`/`Response` loads ~20 ms of undici
// JavaScript. Node's own parser is native. Responses keep fetch's shape where we use it
// (`status`, `ok`, `headers.get()`, `text()`, `json()`); the body is Node's stream.
import http from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";

const agents = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };

/** Response headers, looked up case-insensitively. */
export interface HeaderBag {
  get(name: string): string | null;
}

class ResponseHeaders implements HeaderBag {
  constructor(private readonly raw: http.IncomingHttpHeaders = {}) {}
  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  }
}

export interface HttpResponse {
  status: number;
  ok: boolean;
  headers: HeaderBag;
  /** The body as Node delivers it (cheapest to iterate). */
  stream: Readable;
  text(): Promise<string>;
  json(): Promise<unknown>;
  /** Discards the body (frees the connection). */
  discard(): void;
}

export interface HttpRequest {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  signal?: AbortSignal;
  /** Fail with RequestTimeoutError when the response headers take longer. */
  headersTimeoutMs?: number;
}

/** The request never got an answer: `cause` is the socket error (with its `code`). */
export class RequestFailedError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "RequestFailedError";
  }
}

export class RequestTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no response headers within ${timeoutMs} ms`);
    this.name = "RequestTimeoutError";
  }
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException("This operation was aborted", "AbortError");
}

async function collect(body: Readable): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of body as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

export function httpRequest(url: string | URL, options: HttpRequest = {}): Promise<HttpResponse> {
  const target = new URL(url);
  const { signal } = options;
  const method = options.method ?? (options.json === undefined ? "GET" : "POST");
  const headers: Record<string, string> = { ...options.headers };
  const payload = options.json === undefined ? undefined : Buffer.from(JSON.stringify(options.json));
  if (payload) {
    headers["content-type"] ??= "application/json";
    headers["content-length"] = String(payload.length);
  }
  const transport = target.protocol === "https:" ? https : target.protocol === "http:" ? http : null;
  if (!transport) return Promise.reject(new RequestFailedError(new Error(`unsupported protocol ${target.protocol} (expected http: or https:)`)));
  if (signal?.aborted) return Promise.reject(abortError(signal));

  return new Promise<HttpResponse>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const settle = () => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    const req = transport.request(target, { method, headers, agent: agents[target.protocol as "http:" | "https:"] }, (res) => {
      settle();
      // From here an abort ends the body stream with the abort error.
      const stop = () => res.destroy(signal ? abortError(signal) : undefined);
      signal?.addEventListener("abort", stop, { once: true });
      res.once("close", () => signal?.removeEventListener("abort", stop));
      const status = res.statusCode ?? 0;
      resolve({
        status,
        ok: status >= 200 && status < 300,
        headers: new ResponseHeaders(res.headers),
        stream: res,
        text: () => collect(res),
        json: async () => JSON.parse(await collect(res)) as unknown,
        discard: () => void res.resume(),
      });
    });
    const fail = (err: Error) => {
      settle();
      req.destroy();
      reject(err);
    };
    const onAbort = () => fail(abortError(signal as AbortSignal));
    signal?.addEventListener("abort", onAbort, { once: true });
    if (options.headersTimeoutMs && Number.isFinite(options.headersTimeoutMs)) {
      timer = setTimeout(() => fail(new RequestTimeoutError(options.headersTimeoutMs as number)), options.headersTimeoutMs);
    }
    req.on("error", (err) => {
      settle();
      reject(signal?.aborted ? abortError(signal) : new RequestFailedError(err));
    });
    req.end(payload);
  });
}
