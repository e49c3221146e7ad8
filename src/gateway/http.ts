// HTTP to the proxy over node:http / node:https. Not Node's fetch (undici): its WebAssembly
// HTTP parser cost ~35 ms to compile on the first request and ~70 ms at exit (V8 finishing its
// background optimisation), and merely touching `Headers`/`Response` loads ~20 ms of undici
// JavaScript. Node's own parser is native. Responses keep fetch's shape where we use it
// (`status`, `ok`, `headers.get()`, `text()`, `json()`); the body is Node's stream.
// Every request honours HTTPS_PROXY/HTTP_PROXY/NO_PROXY (proxy-env.ts) and trusts the system's
// CAs plus the configured ones (tls-trust.ts). node:https and node:tls load with the first
// request that needs them: plain http:// to a local proxy does without them.
import http from "node:http";
import type https from "node:https";
import type { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import type tls from "node:tls";
import { ACCEPT_ENCODING, decodedBody } from "./content-encoding.js";
import { proxyRoute, redactProxyUrl } from "./proxy-env.js";
import { certificateErrorCode, describeCertificateError, type NetworkSettings } from "./tls-trust.js";
import { errorMessage } from "../util/errors.js";

const httpAgent = new http.Agent({ keepAlive: true });
/** One https agent per trust context, so a connection is never reused under other CA settings. */
const httpsAgents = new WeakMap<tls.SecureContext, https.Agent>();

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
  /** The server's certificate chain (leaf first) for https://, else null. */
  peerCertificates(): tls.PeerCertificate[] | null;
  /** Every header as Node parsed it (names lower-cased). */
  rawHeaders: http.IncomingHttpHeaders;
}

export interface HttpRequest {
  method?: "GET" | "POST" | "DELETE";
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is (instead of `json`). */
  body?: string | Uint8Array;
  signal?: AbortSignal;
  /** Fail with RequestTimeoutError when the response headers take longer. */
  headersTimeoutMs?: number;
  /** Proxy and CA settings (default: from process.env, no provider CA file). */
  network?: NetworkSettings;
}

/** The request never got an answer: `cause` is the socket error (with its `code`). */
export class RequestFailedError extends Error {
  constructor(
    cause: unknown,
    /** The forward proxy it went through, e.g. `http://127.0.0.1:8888 (HTTPS_PROXY)` (no credentials). */
    readonly via?: string,
  ) {
    super(errorMessage(cause), { cause });
    this.name = "RequestFailedError";
  }
}

/** A failure retrying cannot fix (an untrusted certificate, an unusable proxy or CA setting, a proxy refusing us); the message says what to change. */
export class NetworkSetupError extends RequestFailedError {
  constructor(message: string, via?: string, cause?: unknown) {
    super(new Error(message, { cause }), via);
    this.name = "NetworkSetupError";
  }
}

export class RequestTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no response headers within ${timeoutMs} ms`);
    this.name = "RequestTimeoutError";
  }
}

function abortError(signal: AbortSignal | undefined): Error {
  return signal?.reason instanceof Error ? signal.reason : new DOMException("This operation was aborted", "AbortError");
}

interface Route {
  agent: http.Agent;
  secure?: SecureTransport;
  via?: string;
}

/** What an https:// target or proxy needs: Node's TLS modules and the trusted CAs. */
interface SecureTransport {
  https: typeof https;
  tls: typeof tls;
  context: tls.SecureContext;
}

async function secureTransport(network: NetworkSettings): Promise<SecureTransport> {
  const [{ default: https }, { default: tls }, { secureContextFor }] = await Promise.all([
    import("node:https"),
    import("node:tls"),
    import("./tls-context.js"),
  ]);
  return { https, tls, context: secureContextFor(network) };
}

/** The agent (direct or through the proxy the environment names) and the trust context for `target`. */
async function route(target: URL, network: NetworkSettings): Promise<Route> {
  const proxied = proxyRoute(target, network.env);
  const secure = target.protocol === "https:" || proxied.proxy?.protocol === "https:";
  const transport = secure ? await secureTransport(network) : undefined;
  if (proxied.proxy) {
    const { proxyAgent } = await import("./proxy-agents.js");
    return {
      agent: proxyAgent(proxied.proxy, target.protocol === "https:" ? "https:" : "http:", transport?.context),
      secure: transport,
      via: `${redactProxyUrl(proxied.proxy)} (${proxied.variable})`,
    };
  }
  if (!transport) return { agent: httpAgent };
  let agent = httpsAgents.get(transport.context);
  if (!agent) httpsAgents.set(transport.context, (agent = new transport.https.Agent({ keepAlive: true })));
  return { agent, secure: transport };
}

export async function httpRequest(url: string | URL, options: HttpRequest = {}): Promise<HttpResponse> {
  const target = new URL(url);
  const { signal } = options;
  const network = options.network ?? { env: process.env };
  const method = options.method ?? (options.json === undefined && options.body === undefined ? "GET" : "POST");
  const headers: Record<string, string> = { "accept-encoding": ACCEPT_ENCODING, ...options.headers };
  const payload =
    options.json !== undefined
      ? Buffer.from(JSON.stringify(options.json))
      : options.body !== undefined
        ? Buffer.from(options.body)
        : undefined;
  if (payload) {
    if (options.json !== undefined) headers["content-type"] ??= "application/json";
    headers["content-length"] = String(payload.length);
  }
  if (target.protocol !== "https:" && target.protocol !== "http:")
    throw new RequestFailedError(new Error(`unsupported protocol ${target.protocol} (expected http: or https:)`));
  let routed: Route;
  try {
    routed = await route(target, network);
  } catch (err) {
    throw new NetworkSetupError(errorMessage(err));
  }
  if (signal?.aborted) throw abortError(signal);
  const { secure } = routed;
  const transport = secure && target.protocol === "https:" ? secure.https : http;

  return new Promise<HttpResponse>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const settle = () => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    // https-proxy-agent reports the proxy's answer to CONNECT; a refusal is then replayed as the response.
    let proxyRefused = false;
    // The name is checked against the URL's host ourselves: through a CONNECT tunnel the TLS
    // socket is made without it, and Node would then check an IP-literal host as "localhost".
    const hostname = target.hostname.replace(/^\[|\]$/g, "");
    const tlsOptions = secure
      ? {
          secureContext: secure.context,
          rejectUnauthorized: true,
          checkServerIdentity: (_: string, cert: tls.PeerCertificate) => secure.tls.checkServerIdentity(hostname, cert),
        }
      : {};
    const req = transport.request(target, { method, headers, agent: routed.agent, ...tlsOptions }, (res) => {
      settle();
      const status = res.statusCode ?? 0;
      if (routed.via && (status === 407 || proxyRefused)) {
        res.resume();
        const why =
          status === 407
            ? "it wants credentials: put them in the proxy URL, http://user:password@host:port"
            : `check that it may connect to ${target.host}`;
        reject(
          new NetworkSetupError(
            `the proxy ${routed.via} answered HTTP ${status} ${res.statusMessage ?? ""} to our request for ${target.host}; ${why}`.replace(
              / +;/,
              ";",
            ),
            routed.via,
          ),
        );
        return;
      }
      // From here an abort ends the body stream with the abort error.
      const stop = () => res.destroy(signal ? abortError(signal) : undefined);
      signal?.addEventListener("abort", stop, { once: true });
      res.once("close", () => signal?.removeEventListener("abort", stop));
      decodedBody(res).then(
        (body) =>
          resolve({
            status,
            ok: status >= 200 && status < 300,
            headers: new ResponseHeaders(res.headers),
            rawHeaders: res.headers,
            stream: body,
            text: () => text(body),
            json: async (): Promise<unknown> => JSON.parse(await text(body)),
            discard: () => void res.resume(),
            peerCertificates: () => (secure ? peerChain(res.socket, secure.tls) : null),
          }),
        (err: unknown) =>
          reject(new RequestFailedError(err instanceof Error ? err : new Error(String(err)), routed.via)),
      );
    });
    req.once(
      "proxyConnect",
      (connect: { statusCode?: number }) =>
        (proxyRefused = connect.statusCode !== undefined && connect.statusCode !== 200),
    );
    const fail = (err: Error) => {
      settle();
      req.destroy();
      reject(err);
    };
    const onAbort = () => fail(abortError(signal));
    signal?.addEventListener("abort", onAbort, { once: true });
    const timeoutMs = options.headersTimeoutMs;
    if (timeoutMs && Number.isFinite(timeoutMs))
      timer = setTimeout(() => fail(new RequestTimeoutError(timeoutMs)), timeoutMs);
    req.on("error", (err) => {
      settle();
      if (signal?.aborted) reject(abortError(signal));
      else if (certificateErrorCode(err))
        reject(new NetworkSetupError(describeCertificateError(err, target.host, network), routed.via, err));
      else reject(new RequestFailedError(err, routed.via));
    });
    req.end(payload);
  });
}

function peerChain(socket: unknown, tlsModule: SecureTransport["tls"]): tls.PeerCertificate[] | null {
  if (!(socket instanceof tlsModule.TLSSocket)) return null;
  const chain: tls.PeerCertificate[] = [];
  let cert: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (cert && Object.keys(cert).length && !chain.includes(cert)) {
    chain.push(cert);
    cert = cert.issuerCertificate;
  }
  return chain;
}
