import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../test/support/litellm-proxy.js";
import { makeCa, startTlsTerminator } from "../../test/support/tls-endpoint.js";
import { httpRequest, NetworkSetupError, RequestFailedError, RequestTimeoutError } from "./http.js";
import { HttpStatusError } from "./status-error.js";

let server: http.Server;
let base: string;
const seen: { method: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", headers: req.headers, body });
      if (req.url === "/slow-body") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write("data: first\n\n"); // then nothing: the client aborts
        return;
      }
      if (req.url === "/never") return; // no headers at all
      if (req.url === "/error") {
        res.writeHead(429, { "retry-after": "2", "content-type": "application/json" });
        res.end(
          JSON.stringify({
            error: {
              message: "litellm.RateLimitError: slow down\nReceived Model Group=m",
              type: "throttling",
              code: "429",
            },
          }),
        );
        return;
      }
      res.setHeader("set-cookie", ["a=1", "b=2"]);
      res.writeHead(201, { "x-litellm-response-cost": "0.5", "content-type": "application/json" });
      res.end(JSON.stringify({ echo: body }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe("httpRequest (HTTP to the proxy over node:http)", () => {
  it("posts JSON with the given headers; the response has status, headers (case-insensitive) and body", async () => {
    const res = await httpRequest(`${base}/echo?x=1`, { json: { hi: 1 }, headers: { authorization: "Bearer k" } });
    expect(res.status).toBe(201);
    expect(res.ok).toBe(true);
    expect(res.headers.get("X-LiteLLM-Response-Cost")).toBe("0.5");
    expect(res.headers.get("set-cookie")).toBe("a=1, b=2");
    expect(res.headers.get("missing")).toBeNull();
    expect(await res.json()).toEqual({ echo: '{"hi":1}' });
    expect(seen.at(-1)).toMatchObject({
      method: "POST",
      body: '{"hi":1}',
      headers: { authorization: "Bearer k", "content-type": "application/json", "content-length": "8" },
    });
  });

  it("an HTTP error becomes an HttpStatusError with the proxy's own message and headers", async () => {
    const err = await HttpStatusError.from(await httpRequest(`${base}/error`));
    expect(err.status).toBe(429);
    expect(err.message).toBe("litellm.RateLimitError: slow down\nReceived Model Group=m");
    expect(err.error).toMatchObject({ type: "throttling", code: "429" });
    expect(err.headers.get("retry-after")).toBe("2");
  });

  it("a refused connection is a RequestFailedError with the socket error as its cause", async () => {
    const err = (await httpRequest(`http://127.0.0.1:${await freePort()}/`).catch(
      (e: unknown) => e,
    )) as RequestFailedError & { cause?: { code?: string } };
    expect(err).toBeInstanceOf(RequestFailedError);
    expect(err.cause?.code).toBe("ECONNREFUSED");
  });

  it("no headers within headersTimeoutMs is a RequestTimeoutError", async () => {
    const err = await httpRequest(`${base}/never`, { headersTimeoutMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestTimeoutError);
  });

  it("an abort before the headers rejects with an AbortError; during the body it ends the stream with one", async () => {
    const early = new AbortController();
    const pending = httpRequest(`${base}/never`, { signal: early.signal });
    setTimeout(() => early.abort(), 50);
    expect(((await pending.catch((e: unknown) => e)) as Error).name).toBe("AbortError");

    const late = new AbortController();
    const res = await httpRequest(`${base}/slow-body`, { signal: late.signal });
    const chunks = res.stream[Symbol.asyncIterator]();
    expect(Buffer.from((await chunks.next()).value as Uint8Array).toString()).toBe("data: first\n\n");
    late.abort();
    expect(((await chunks.next().catch((e: unknown) => e)) as Error).name).toBe("AbortError");
  });

  it("proxy variables: a dead proxy is named in the error (without credentials), NO_PROXY goes direct, an unusable one is a setup error", async () => {
    const dead = `127.0.0.1:${await freePort()}`;
    const viaDead = (await httpRequest(`${base}/`, {
      network: { env: { HTTP_PROXY: `http://bob:hunter2@${dead}` } },
    }).catch((e: unknown) => e)) as RequestFailedError;
    expect(viaDead).toBeInstanceOf(RequestFailedError);
    expect(viaDead.via).toBe(`http://***@${dead} (HTTP_PROXY)`);

    const direct = await httpRequest(`${base}/`, {
      network: { env: { HTTP_PROXY: `http://${dead}`, NO_PROXY: "localhost,127.0.0.1" } },
    });
    expect(direct.status).toBe(201);
    direct.discard();

    const socks = await httpRequest(`${base}/`, { network: { env: { http_proxy: "socks5://127.0.0.1:1080" } } }).catch(
      (e: unknown) => e,
    );
    expect(socks).toBeInstanceOf(NetworkSetupError);
    expect((socks as Error).message).toBe(
      "http_proxy: socks5:// proxies are not supported; expected an http:// or https:// proxy URL",
    );
  });

  it("https:// trusts the provider's CA file (the chain is the server's), and without it names the setting that fixes it", async () => {
    const ca = makeCa("Test Corp CA");
    const endpoint = await startTlsTerminator(ca.issue("127.0.0.1", "IP:127.0.0.1"), new URL(base));
    try {
      const caCertificate = { path: ca.caFile, setting: "model_providers.litellm.ca_certificate" };
      const trusted = await httpRequest(`${endpoint.origin}/`, { json: { q: 1 }, network: { env: {}, caCertificate } });
      expect(trusted.status).toBe(201);
      expect(trusted.peerCertificates()?.map((c) => c.subject.CN)).toEqual(["127.0.0.1", "Test Corp CA"]);
      expect(await trusted.json()).toEqual({ echo: '{"q":1}' });

      const untrusted = await httpRequest(`${endpoint.origin}/`, { network: { env: {} } }).catch((e: unknown) => e);
      expect(untrusted).toBeInstanceOf(NetworkSetupError);
      expect((untrusted as Error).message).toMatch(
        /^TLS: the certificate of 127\.0\.0\.1:\d+ was rejected: .*fix: trust the CA that signed it/,
      );
    } finally {
      await endpoint.close();
      ca.remove();
    }
  });
});
