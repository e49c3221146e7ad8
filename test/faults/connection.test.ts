// Class 7: the proxy cannot be used at all — wrong or missing key, nothing listening, a host
// that does not resolve. One line naming the env var or the URL, exit 1, the key nowhere, and
// the rollout (user message, no answer) and telemetry whole.
import { describe, expect, it } from "vitest";
import { startFakeModelServer } from "../fixtures/fake-model-server.js";
import { freePort } from "../support/litellm-proxy.js";
import { runCli } from "../support/cli.js";
import {
  ENV,
  errorLine,
  filesUnder,
  home,
  KEY,
  modelName,
  refusalLine,
  repo,
  rolloutFiles,
  unansweredTurnOnDisk,
  useFaultExec,
} from "./support.js";
import { readFileSync } from "node:fs";
import { availableOrFailInCi } from "../support/ci.js";

const fake = useFaultExec();

const oneRetry = ["-c", "model_providers.litellm.request_max_retries=1"];

async function execAgainst(baseUrl: string, env: Record<string, string | undefined>, flags: string[] = []) {
  const model = modelName("conn");
  fake.server.setScript(model, [{ text: "should not be reached" }]);
  const codexHome = home(baseUrl, model);
  const r = await runCli(["exec", ...flags, "-C", repo(), "hello"], { home: codexHome, env, timeoutMs: 25_000 });
  return { model, codexHome, r };
}

function wholeAndEmpty(codexHome: string) {
  unansweredTurnOnDisk(codexHome);
  for (const file of filesUnder(codexHome)) expect(readFileSync(file, "utf8"), file).not.toContain(KEY);
}

describe("7. the proxy cannot be used", () => {
  it("401 (wrong key): names LITELLM_API_KEY, never the key, not retried", async () => {
    const wrong = "sk-wrong-key-that-must-not-print-42";
    const { model, codexHome, r } = await execAgainst(fake.server.url, { LITELLM_API_KEY: wrong });
    expect(r.code).toBe(1);
    const line = errorLine(r.stderr);
    expect(line).toMatch(
      new RegExp(
        `^the LiteLLM proxy at ${fake.server.url.replace(/[./]/g, "\\$&")} rejected the key in LITELLM_API_KEY \\(HTTP 401\\): .*Check LITELLM_API_KEY \\(run \`codex-litellm login\` to save a new key\\)\\.$`,
      ),
    );
    expect(r.stdout + r.stderr).not.toContain(wrong);
    expect(fake.requests(model)).toHaveLength(1);
    wholeAndEmpty(codexHome);
    for (const file of filesUnder(codexHome)) expect(readFileSync(file, "utf8"), file).not.toContain(wrong);
  });

  it("a proxy that echoes the key back: the key is masked in the line", async () => {
    // The fake accepts KEY, then answers 401 with it in the message, as some proxies do.
    const { codexHome, r } = await fake.exec("conn-echo", [
      {
        fault: {
          status: 401,
          error: { message: `Authentication Error, Invalid proxy server token passed. Received API Key = ${KEY}` },
        },
      },
    ]);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toContain("Received API Key = [REDACTED]. Check LITELLM_API_KEY");
    wholeAndEmpty(codexHome);
  });

  it("missing key: names LITELLM_API_KEY and how to set it before a session exists (exit 2), nothing sent", async () => {
    const { model, codexHome, r } = await execAgainst(fake.server.url, { LITELLM_API_KEY: undefined });
    expect(r.code).toBe(2);
    expect(refusalLine(r.stderr)).toBe(
      `LITELLM_API_KEY is not set: the API key for ${fake.server.url} is missing. Run \`codex-litellm login\`, or export LITELLM_API_KEY with your LiteLLM virtual key.`,
    );
    expect(fake.server.requests(model)).toEqual([]);
    expect(rolloutFiles(codexHome)).toEqual([]);
  });

  it("proxy down (connection refused): names the URL, after the configured retries", async () => {
    const url = `http://127.0.0.1:${await freePort()}/v1`;
    const { codexHome, r } = await execAgainst(url, ENV, oneRetry);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toBe(
      `cannot reach the LiteLLM proxy at ${url}: connection refused (is the proxy running?) (gave up after 1 retry)`,
    );
    wholeAndEmpty(codexHome);
  });

  it("DNS failure (.invalid host): names the URL", async () => {
    const url = "http://litellm.proxy.invalid:4000/v1";
    const { codexHome, r } = await execAgainst(url, ENV, ["-c", "model_providers.litellm.request_max_retries=0"]);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(
      /^cannot reach the LiteLLM proxy at http:\/\/litellm\.proxy\.invalid:4000\/v1: (host not found \(check base_url\)|DNS lookup failed \(check base_url and your network\))$/,
    );
    wholeAndEmpty(codexHome);
  });

  it('a proxy on a port browsers\' fetch refuses (6000, a "bad port" to undici) is reached like any other', async (ctx) => {
    let server: Awaited<ReturnType<typeof startFakeModelServer>>;
    try {
      server = await startFakeModelServer({ port: 6000, apiKey: KEY, script: [{ text: "reached on port 6000" }] });
    } catch {
      availableOrFailInCi(false, "a free port 6000");
      return ctx.skip(); // port 6000 is taken on this machine
    }
    try {
      const r = await runCli(["exec", "-C", repo(), "hello"], {
        home: home(server.url, "m"),
        env: ENV,
        timeoutMs: 25_000,
      });
      expect(r.stderr).not.toMatch(/^ERROR/m);
      expect(r.stdout).toBe("reached on port 6000\n");
      expect(r.code).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("a base_url that is not a proxy at all (404 on /responses): one line naming the URL", async () => {
    const url = `${fake.server.origin}/not-a-proxy/v1`;
    const { codexHome, r } = await execAgainst(url, ENV);
    expect(r.code).toBe(1);
    const line = errorLine(r.stderr);
    expect(line).toContain(url);
    wholeAndEmpty(codexHome);
  });
});
