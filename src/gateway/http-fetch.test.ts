import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../test/support/litellm-proxy.js";
import { httpFetch } from "./http-fetch.js";

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

describe("httpFetch (fetch over node:http)", () => {
  it("sends method, headers and body; returns a standard Response with status, headers and body", async () => {
    const res = await httpFetch(`${base}/echo?x=1`, { method: "POST", headers: { authorization: "Bearer k", "content-type": "application/json" }, body: '{"hi":1}' });
    expect(res).toBeInstanceOf(Response);
    expect(res.status).toBe(201);
    expect(res.headers.get("x-litellm-response-cost")).toBe("0.5");
    expect(res.headers.get("set-cookie")).toBe("a=1, b=2");
    expect(await res.json()).toEqual({ echo: '{"hi":1}' });
    expect(seen.at(-1)).toMatchObject({ method: "POST", body: '{"hi":1}', headers: { authorization: "Bearer k", "content-length": "8" } });
  });

  it("a refused connection is fetch's TypeError with the socket error as its cause", async () => {
    const err = (await httpFetch(`http://127.0.0.1:${await freePort()}/`).catch((e: unknown) => e)) as TypeError & { cause?: { code?: string } };
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toBe("fetch failed");
    expect(err.cause?.code).toBe("ECONNREFUSED");
  });

  it("an abort before the headers rejects with an AbortError; during the body it errors the stream", async () => {
    const early = new AbortController();
    const pending = httpFetch(`${base}/never`, { signal: early.signal });
    setTimeout(() => early.abort(), 50);
    expect(((await pending.catch((e: unknown) => e)) as Error).name).toBe("AbortError");

    const late = new AbortController();
    const res = await httpFetch(`${base}/slow-body`, { signal: late.signal });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("data: first\n\n");
    late.abort();
    expect(((await reader.read().catch((e: unknown) => e)) as Error).name).toBe("AbortError");
  });
});
