// Compressed answers from the proxy, through the built CLI: a relay in front of the fake model
// server compresses what the client says it accepts. Requests ask for gzip (as upstream 0.171
// asks for `zstd,gzip`; zstd only where Node can decode it), a gzip-compressed stream is read
// as it arrives, and an encoding the client cannot decode is one clear error, not garbage.
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { ENV, home, modelName, repo, useFakeServer } from "../faults/support.js";

const fake = useFakeServer();

/** What the relay saw and how it answers: `encoding` null passes answers through untouched. */
const relayState: { acceptEncodings: string[]; encoding: "gzip" | "compress" | null } = {
  acceptEncodings: [],
  encoding: "gzip",
};
let relay: http.Server;
let relayUrl = "";

beforeAll(async () => {
  const target = new URL(fake.server.url);
  relay = http.createServer((req, res) => {
    relayState.acceptEncodings.push(String(req.headers["accept-encoding"] ?? ""));
    const headers = { ...req.headers, host: target.host };
    delete headers["accept-encoding"];
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers },
      (answer) => {
        const out = { ...answer.headers };
        delete out["content-length"];
        if (relayState.encoding === "compress") {
          res.writeHead(answer.statusCode ?? 502, { ...out, "content-encoding": "compress" });
          answer.pipe(res);
          return;
        }
        res.writeHead(answer.statusCode ?? 502, { ...out, "content-encoding": "gzip" });
        const gzip = zlib.createGzip();
        // Each chunk is flushed at once, as a compressing proxy in front of a stream does.
        answer.on("data", (chunk: Buffer) => gzip.write(chunk, () => gzip.flush()));
        answer.on("end", () => gzip.end());
        gzip.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => relay.close(() => resolve())));

describe("compressed responses", () => {
  it("asks for gzip and reads a gzip-compressed answer stream", async () => {
    const model = modelName("gzip");
    relayState.encoding = "gzip";
    relayState.acceptEncodings = [];
    fake.server.setScript(model, [{ text: "answer that came compressed" }]);
    const r = await runCli(["exec", "-C", repo(), "hi"], { home: home(relayUrl, model), env: ENV, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("answer that came compressed");
    expect(relayState.acceptEncodings.length).toBeGreaterThan(0);
    for (const accepted of relayState.acceptEncodings) expect(accepted.split(",")).toContain("gzip");
  });

  it("an encoding it cannot decode is one clear error line", async () => {
    const model = modelName("compress");
    relayState.encoding = "compress";
    fake.server.setScript(model, [{ text: "never read" }]);
    const r = await runCli(["exec", "-C", repo(), "hi"], {
      home: home(relayUrl, model, "", "request_max_retries = 0"),
      env: ENV,
      timeoutMs: 60_000,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('content-encoding "compress"');
    expect(r.stdout).not.toContain("never read");
  });
});
