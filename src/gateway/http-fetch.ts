// `fetch` for the proxy, over node:http / node:https instead of Node's built-in fetch (undici).
// Why: undici parses HTTP with a WebAssembly module that V8 compiles on the first request and
// optimises in background threads that process exit then waits for — measured on Node 20: the
// first request 35–40 ms, exit 70 ms, on every `exec`. Node's own HTTP parser is native code.
// The result is a standard `Response` (streamed body), so the openai SDK and our SSE reader
// use it as they would undici's. Errors look like fetch's: a TypeError("fetch failed") whose
// `cause` is the socket error (with its `code`), an AbortError when the signal fires.
import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";

const agents = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };

function abortError(signal: AbortSignal): unknown {
  return signal.reason instanceof Error ? signal.reason : new DOMException("This operation was aborted", "AbortError");
}

function headerRecord(headers: ConstructorParameters<typeof Headers>[0]): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(headers).forEach((value, name) => (out[name] = value));
  return out;
}

async function bodyBytes(body: ConstructorParameters<typeof Response>[0]): Promise<Buffer | undefined> {
  if (body === null || body === undefined) return undefined;
  if (typeof body === "string") return Buffer.from(body);
  return Buffer.from(await new Response(body).arrayBuffer());
}

export async function httpFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const request = input instanceof Request ? input : null;
  const url = new URL(request ? request.url : input);
  const signal = init.signal ?? request?.signal ?? undefined;
  const method = (init.method ?? request?.method ?? "GET").toUpperCase();
  const headers = headerRecord(init.headers ?? request?.headers);
  const body = await bodyBytes(init.body ?? (request && method !== "GET" && method !== "HEAD" ? await request.arrayBuffer() : undefined));
  if (body) headers["content-length"] = String(body.length);
  if (signal?.aborted) throw abortError(signal);
  const transport = url.protocol === "https:" ? https : url.protocol === "http:" ? http : null;
  if (!transport) throw new TypeError("fetch failed", { cause: new Error(`unsupported protocol ${url.protocol}`) });

  return new Promise<Response>((resolve, reject) => {
    const req = transport.request(url, { method, headers, agent: agents[url.protocol as "http:" | "https:"] }, (res) => {
      signal?.removeEventListener("abort", onAbort);
      // After the headers an abort ends the body stream with the abort error instead.
      const stop = () => res.destroy(signal ? (abortError(signal) as Error) : undefined);
      signal?.addEventListener("abort", stop, { once: true });
      res.once("close", () => signal?.removeEventListener("abort", stop));
      const responseHeaders = new Headers();
      for (const [name, value] of Object.entries(res.headers)) {
        if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
        else if (value !== undefined) responseHeaders.set(name, value);
      }
      const status = res.statusCode ?? 0;
      const noBody = method === "HEAD" || status === 204 || status === 304;
      if (noBody) res.resume();
      resolve(new Response(noBody ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), { status, statusText: res.statusMessage ?? "", headers: responseHeaders }));
    });
    const onAbort = () => {
      req.destroy();
      reject(abortError(signal as AbortSignal));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("error", (err) => {
      signal?.removeEventListener("abort", onAbort);
      reject(signal?.aborted ? abortError(signal) : new TypeError("fetch failed", { cause: err }));
    });
    req.end(body);
  });
}
