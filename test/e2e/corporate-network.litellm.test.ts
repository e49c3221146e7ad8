// The built CLI reaching the real LiteLLM proxy the way teams deploy it: over HTTPS with a
// private CA (a TLS terminator in front of the proxy, certificates made by this test) and
// through a real forward proxy (tinyproxy). `exec`, `login` and `doctor` go through the proxy,
// NO_PROXY bypasses it, a wrong CA or host name fails with one clear message, the right CA works,
// and LiteLLM's x-litellm-api-key leaves Authorization to a gateway's own credentials.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempHome, type CliResult } from "../support/cli.js";
import { startTinyproxy, tinyproxyAvailable, type ForwardProxy } from "../support/forward-proxy.js";
import { uniqueModel, useLiteLLM } from "../support/litellm.js";
import { makeCa, startTlsTerminator, type TestCa, type TlsTerminator } from "../support/tls-endpoint.js";
import { startHttpMcpServer, type TestHttpMcpServer } from "../mcp/fixtures/http-server.js";

const ll = useLiteLLM();
const runnable = ll.available && tinyproxyAvailable();
const PROXY_PASSWORD = "pr0xy-pa55word";

let ca: TestCa;
let otherCa: TestCa;
let tlsProxy: TlsTerminator;
let wrongName: TlsTerminator;
let proxy: ForwardProxy;
let authProxy: ForwardProxy;

beforeAll(async () => {
  if (!runnable) return;
  ca = makeCa("Test Corp CA");
  otherCa = makeCa("Some Other CA");
  const backend = new URL(ll.proxyUrl);
  tlsProxy = await startTlsTerminator(ca.issue("127.0.0.1", "IP:127.0.0.1"), backend);
  wrongName = await startTlsTerminator(ca.issue("llm.other.example", "DNS:llm.other.example"), backend);
  proxy = await startTinyproxy();
  authProxy = await startTinyproxy({ user: "alice", password: PROXY_PASSWORD });
});

afterAll(async () => {
  await Promise.all([tlsProxy?.close(), wrongName?.close(), proxy?.stop(), authProxy?.stop()]);
  ca?.remove();
  otherCa?.remove();
});

function home(baseUrl: string, model: string, extra = ""): string {
  return tempHome(
    `model = "${model}"\nsandbox_mode = "danger-full-access"\n[model_providers.litellm]\nbase_url = "${baseUrl}"\n${extra}`,
  );
}

async function exec(h: string, env: Record<string, string>): Promise<CliResult> {
  return runCli(["exec", "--skip-git-repo-check", "say hello"], {
    home: h,
    env: { LITELLM_API_KEY: ll.masterKey, NO_PROXY: "", ...env },
    timeoutMs: 60_000,
  });
}

/** Every file under `dir`, read as text. */
function allText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => readFileSync(file, "utf8"))
    .join("\n");
}

const connects = (p: ForwardProxy, port: number) =>
  p.requests().filter((r) => r === `CONNECT 127.0.0.1:${port} HTTP/1.1`).length;

describe.skipIf(!runnable)("HTTPS with a private CA, through a forward proxy", () => {
  it("exec: https:// through HTTPS_PROXY (CONNECT) with the CA from ca_certificate", async () => {
    const model = uniqueModel("corp");
    await ll.fake.setScript(model, [{ text: "hello through the tunnel" }]);
    const before = connects(proxy, tlsProxy.port);
    const r = await exec(home(`${tlsProxy.origin}/v1`, model, `ca_certificate = "${ca.caFile}"\n`), {
      HTTPS_PROXY: proxy.url,
    });
    expect(r.stderr).not.toMatch(/error|TLS/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("hello through the tunnel");
    expect(connects(proxy, tlsProxy.port)).toBeGreaterThan(before);
    expect(tlsProxy.heads().some((h) => h.startsWith("POST /v1/responses HTTP/1.1"))).toBe(true);
  });

  it("exec: NO_PROXY bypasses the proxy; the CA from SSL_CERT_FILE works too", async () => {
    const model = uniqueModel("corp-direct");
    await ll.fake.setScript(model, [{ text: "hello directly" }]);
    const before = connects(proxy, tlsProxy.port);
    const r = await exec(home(`${tlsProxy.origin}/v1`, model), {
      HTTPS_PROXY: proxy.url,
      NO_PROXY: "localhost,127.0.0.1",
      SSL_CERT_FILE: ca.caFile,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("hello directly");
    expect(connects(proxy, tlsProxy.port)).toBe(before);
  });

  it("exec: a CA that did not sign the certificate fails at once, naming the host, the reason and the setting", async () => {
    const model = uniqueModel("corp-wrong-ca");
    await ll.fake.setScript(model, [{ text: "never" }]);
    // Node's own switch cannot turn verification off for our requests either.
    const r = await exec(home(`${tlsProxy.origin}/v1`, model, `ca_certificate = "${otherCa.caFile}"\n`), {
      HTTPS_PROXY: proxy.url,
      NODE_TLS_REJECT_UNAUTHORIZED: "0",
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `through the proxy ${proxy.url} (HTTPS_PROXY): TLS: the certificate of 127.0.0.1:${tlsProxy.port} was rejected: its certificate is signed by a CA that is not trusted`,
    );
    expect(r.stderr).toContain(
      `fix: trust the CA that signed it: model_providers.litellm.ca_certificate = "/path/to/ca.pem" in config.toml, or NODE_EXTRA_CA_CERTS or SSL_CERT_FILE naming its PEM file (in use now: model_providers.litellm.ca_certificate ${otherCa.caFile})`,
    );
    expect(r.stderr).not.toMatch(/retry/i);
    expect(await ll.fake.requests(model)).toEqual([]);
  });

  it("exec: a certificate for another host name fails with that reason", async () => {
    const model = uniqueModel("corp-wrong-name");
    const r = await exec(home(`${wrongName.origin}/v1`, model, `ca_certificate = "${ca.caFile}"\n`), {});
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `TLS: the certificate of 127.0.0.1:${wrongName.port} was rejected: its certificate is for DNS:llm.other.example, not 127.0.0.1`,
    );
    expect(r.stderr).toContain(
      "(ERR_TLS_CERT_ALTNAME_INVALID); fix: use the host name the certificate names in the URL",
    );
  });

  it("exec: an http:// base URL goes through HTTP_PROXY in absolute form", async () => {
    const model = uniqueModel("corp-http");
    await ll.fake.setScript(model, [{ text: "hello in absolute form" }]);
    const r = await exec(home(ll.openaiBaseUrl, model), { HTTP_PROXY: proxy.url, HTTPS_PROXY: "http://127.0.0.1:9" });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("hello in absolute form");
    expect(proxy.requests()).toContain(`POST ${ll.openaiBaseUrl}/responses HTTP/1.1`);
  });

  it("exec: proxy credentials from the URL are sent and never shown or written; without them the 407 is explained", async () => {
    const model = uniqueModel("corp-auth");
    await ll.fake.setScript(model, [{ text: "authenticated at the proxy" }]);
    const h = home(`${tlsProxy.origin}/v1`, model, `ca_certificate = "${ca.caFile}"\n`);
    const r = await exec(h, { HTTPS_PROXY: `http://alice:${PROXY_PASSWORD}@127.0.0.1:${authProxy.port}` });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("authenticated at the proxy");
    expect(connects(authProxy, tlsProxy.port)).toBeGreaterThan(0);
    expect(`${r.stdout}${r.stderr}${allText(h)}`).not.toContain(PROXY_PASSWORD);

    const refused = await exec(h, { HTTPS_PROXY: authProxy.url });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`the proxy ${authProxy.url} (HTTPS_PROXY) answered HTTP 407`);
    expect(refused.stderr).toContain("put them in the proxy URL, http://user:password@host:port");
  });

  it("exec: api_key_header = x-litellm-api-key carries the key; Authorization keeps the gateway's own credentials", async () => {
    const model = uniqueModel("corp-header");
    await ll.fake.setScript(model, [{ text: "key from x-litellm-api-key" }]);
    const extra = `ca_certificate = "${ca.caFile}"\napi_key_header = "x-litellm-api-key"\nhttp_headers = { Authorization = "Basic Z2F0ZXdheTpvd24=" }\n`;
    const r = await exec(home(`${tlsProxy.origin}/v1`, model, extra), {});
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("key from x-litellm-api-key");
    const head =
      tlsProxy
        .heads()
        .filter((h) => h.startsWith("POST /v1/responses"))
        .at(-1) ?? "";
    expect(head).toMatch(new RegExp(`^x-litellm-api-key: ${ll.masterKey}$`, "m"));
    expect(head).toMatch(/^authorization: Basic Z2F0ZXdheTpvd24=$/m);
  });

  it("login: checks an https:// URL through the proxy with SSL_CERT_FILE, and explains a wrong CA", async () => {
    const model = "fake-model"; // login picks a model the proxy lists
    const h = tempHome();
    const before = connects(proxy, tlsProxy.port);
    const env = { HTTPS_PROXY: proxy.url, NO_PROXY: "" };
    const r = await runCli(["login", "--base-url", tlsProxy.origin, "--with-api-key", "--model", model], {
      home: h,
      input: ll.masterKey,
      env: { ...env, SSL_CERT_FILE: ca.caFile },
      timeoutMs: 60_000,
    });
    expect(r.stderr).toContain(`✓ ${tlsProxy.origin}/v1 answered with`);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(h, "config.toml"), "utf8")).toContain(`base_url = "${tlsProxy.origin}/v1"`);
    expect(connects(proxy, tlsProxy.port)).toBeGreaterThan(before);

    const wrong = await runCli(["login", "--base-url", tlsProxy.origin, "--with-api-key", "--model", model], {
      home: tempHome(),
      input: ll.masterKey,
      env: { ...env, SSL_CERT_FILE: otherCa.caFile },
      timeoutMs: 60_000,
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      `TLS: the certificate of 127.0.0.1:${tlsProxy.port} was rejected: its certificate is signed by a CA that is not trusted`,
    );
    expect(wrong.stderr).toContain(`(in use now: SSL_CERT_FILE ${otherCa.caFile})`);
  });

  describe("doctor", () => {
    let mcp: TestHttpMcpServer;
    beforeAll(async () => {
      mcp = await startHttpMcpServer();
    });
    afterAll(() => mcp?.close());

    interface Check {
      name: string;
      status: string;
      detail: string;
      hint?: string;
    }
    async function doctor(h: string, env: Record<string, string>) {
      const r = await runCli(["doctor", "--json"], {
        home: h,
        env: { LITELLM_API_KEY: ll.masterKey, NO_PROXY: "", ...env },
        timeoutMs: 60_000,
      });
      const checks = (JSON.parse(r.stdout) as { checks: Check[] }).checks;
      return { ...r, byName: Object.fromEntries(checks.map((c) => [c.name, c])) };
    }

    it("names the proxy a request takes, the TLS chain and the header carrying the key; MCP over HTTP uses the proxy too", async () => {
      const mcpServer = `[mcp_servers.web]\nurl = "${mcp.url}"\n`;
      const h = home(
        `${tlsProxy.origin}/v1`,
        "fake-model",
        `ca_certificate = "${ca.caFile}"\napi_key_header = "x-litellm-api-key"\n${mcpServer}`,
      );
      const r = await doctor(h, { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url });
      expect(r.byName.network).toEqual({
        name: "network",
        status: "ok",
        detail: `127.0.0.1:${tlsProxy.port} through the proxy ${proxy.url} (from HTTPS_PROXY)`,
      });
      expect(r.byName.tls?.status).toBe("ok");
      expect(r.byName.tls?.detail).toMatch(
        new RegExp(
          `^certificate chain 127\\.0\\.0\\.1 ← Test Corp CA, valid until \\d{4}-\\d\\d-\\d\\d; verified against .*model_providers\\.litellm\\.ca_certificate ${ca.caFile}$`,
        ),
      );
      expect(r.byName["auth header"]).toMatchObject({
        status: "ok",
        detail:
          "key sent in x-litellm-api-key (api_key_header); no Authorization header (LiteLLM reads the key from x-litellm-api-key)",
      });
      expect(r.byName.key?.status).toBe("ok");
      expect(r.byName["mcp web"]?.status).toBe("ok");
      expect(proxy.requests()).toContain(`POST ${mcp.url} HTTP/1.1`);
      expect(r.stdout).not.toContain(ll.masterKey);
    });

    it("NO_PROXY: the request goes direct, and says which entry matched", async () => {
      const r = await doctor(home(`${tlsProxy.origin}/v1`, "fake-model", `ca_certificate = "${ca.caFile}"\n`), {
        HTTPS_PROXY: proxy.url,
        NO_PROXY: "localhost,127.0.0.1",
      });
      expect(r.byName.network?.detail).toBe(
        `127.0.0.1:${tlsProxy.port} directly: NO_PROXY entry "127.0.0.1" matches 127.0.0.1:${tlsProxy.port}`,
      );
      expect(r.byName.tls?.status).toBe("ok");
    });

    it("a wrong CA: the tls check fails with the reason and the setting that fixes it", async () => {
      const r = await doctor(home(`${tlsProxy.origin}/v1`, "fake-model", `ca_certificate = "${otherCa.caFile}"\n`), {
        HTTPS_PROXY: proxy.url,
      });
      expect(r.code).toBe(1);
      expect(r.byName.tls?.status).toBe("fail");
      expect(r.byName.tls?.detail).toContain(
        `TLS: the certificate of 127.0.0.1:${tlsProxy.port} was rejected: its certificate is signed by a CA that is not trusted`,
      );
      expect(r.byName.tls?.hint).toContain("model_providers.litellm.ca_certificate");
      expect(r.byName.reachable?.status).toBe("fail");
    });
  });
});
