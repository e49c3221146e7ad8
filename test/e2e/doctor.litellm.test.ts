// `codex-litellm doctor` against the real LiteLLM proxy (DB-less, master key only) in front of
// the scripted fake model: every check passes with the master key and a listed model; a wrong
// key, a stopped proxy and an unknown model each fail the check they should, with a fix.
import { describe, expect, it } from "vitest";
import { detectSandbox } from "../../src/tools/sandbox/detect.js";
import { runCli, tempHome } from "../support/cli.js";
import { nativeModel, useLiteLLM } from "../support/litellm.js";
import { freePort } from "../support/litellm-proxy.js";

const ll = useLiteLLM();

interface Check {
  name: string;
  status: "ok" | "fail" | "skip";
  detail: string;
  hint?: string;
}

// Without a working sandbox here the sandbox check would (rightly) fail; full access skips it.
const sandboxMode = detectSandbox().kind === "none" ? "danger-full-access" : "read-only";

function home(baseUrl: string, model: string, extra = ""): string {
  return tempHome(
    `model = "${model}"\nsandbox_mode = "${sandboxMode}"\n[model_providers.litellm]\nbase_url = "${baseUrl}"\n${extra}`,
  );
}

async function doctor(h: string, key: string, args: string[] = []) {
  const r = await runCli(["doctor", "--json", ...args], { home: h, env: { LITELLM_API_KEY: key }, timeoutMs: 60_000 });
  const checks = (JSON.parse(r.stdout) as { checks: Check[] }).checks;
  const byName = Object.fromEntries(checks.map((c) => [c.name, c]));
  return { ...r, checks, byName };
}

describe.skipIf(!ll.available)("doctor against the real LiteLLM proxy", () => {
  it("master key and a listed model: every check passes (--live streams a tiny request)", async () => {
    const model = nativeModel();
    await ll.fake.setScript(model, [{ text: "OK", usage: { input_tokens: 20, output_tokens: 1 } }]);
    const r = await doctor(home(ll.openaiBaseUrl, model), ll.masterKey, ["--live"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.checks.map((c) => c.name)).toEqual([
      "config",
      "provider",
      "network",
      "auth header",
      "reachable",
      "tls",
      "key",
      "key info",
      "model",
      "context window",
      "prompt cache",
      "live request",
      "telemetry",
      "sandbox",
      "mcp",
    ]);
    expect(r.checks.filter((c) => c.status === "fail")).toEqual([]);
    for (const name of [
      "config",
      "provider",
      "reachable",
      "key",
      "model",
      "context window",
      "live request",
      "telemetry",
    ])
      expect(r.byName[name]?.status).toBe("ok");
    expect(r.byName.sandbox?.status).toBe(sandboxMode === "read-only" ? "ok" : "skip");
    expect(r.byName.provider?.detail).toBe(
      `litellm (LiteLLM) at ${ll.openaiBaseUrl}, responses wire, key from LITELLM_API_KEY`,
    );
    expect(r.byName.key?.detail).toMatch(/^LITELLM_API_KEY accepted: \/models answered 200 \(\d+ models\)$/);
    expect(r.byName.model?.detail).toBe(`${model} is listed by /models`);
    expect(r.byName["context window"]?.detail).toBe(`${model}: 8,192 tokens (catalog)`);
    expect(r.byName["live request"]?.detail).toMatch(
      new RegExp(`^${model} streamed a reply on the responses wire in \\d+ ms.*: "OK"$`),
    );
    // A DB-less proxy cannot answer /key/info: skipped, not failed.
    expect(r.byName["key info"]).toMatchObject({
      status: "skip",
      detail: expect.stringContaining("cannot look keys up"),
    });
    expect(r.stdout).not.toContain(ll.masterKey);

    // Human output: one line per check, naming it.
    const human = await runCli(["doctor"], {
      home: home(ll.openaiBaseUrl, model),
      env: { LITELLM_API_KEY: ll.masterKey },
      timeoutMs: 60_000,
    });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^✓ config +\/.*config\.toml parses$/m);
    expect(human.stdout).toMatch(/^✓ key +LITELLM_API_KEY accepted/m);
    expect(human.stdout).toMatch(/^– live request +skipped: pass --live/m);
    expect(human.stdout).toMatch(/^\d+ ok, 0 failed, \d+ skipped$/m);
  });

  it("a wrong key: the key check fails with a fix, and the key is never printed", async () => {
    const wrong = "sk-wrong-key-0123456789";
    const r = await doctor(home(ll.openaiBaseUrl, "fake-model"), wrong);
    expect(r.code).toBe(1);
    expect(r.byName.reachable?.status).toBe("ok");
    expect(r.byName.key).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/^LITELLM_API_KEY rejected: \/models answered HTTP 400/),
    });
    expect(r.byName.key?.hint).toContain("master key");
    for (const name of ["key info", "model", "context window"]) expect(r.byName[name]?.status).toBe("skip");
    expect(r.stdout).not.toContain(wrong);
    const human = await runCli(["doctor"], {
      home: home(ll.openaiBaseUrl, "fake-model"),
      env: { LITELLM_API_KEY: wrong },
    });
    expect(human.stdout).toMatch(/^✗ key +LITELLM_API_KEY rejected/m);
    expect(human.stdout).toMatch(/^ +fix: this proxy has no database/m);
    expect(human.stdout + human.stderr).not.toContain(wrong);
  });

  it("a stopped proxy (closed port): reachability fails and what depends on it is skipped", async () => {
    const url = `http://127.0.0.1:${await freePort()}/v1`;
    const r = await doctor(home(url, "fake-model"), ll.masterKey);
    expect(r.code).toBe(1);
    expect(r.byName.reachable).toMatchObject({ status: "fail", detail: `cannot connect to ${url}: ECONNREFUSED` });
    expect(r.byName.reachable?.hint).toContain("base_url");
    for (const name of ["key", "key info", "model", "context window", "live request"])
      expect(r.byName[name]?.status).toBe("skip");
  });

  it("an unknown model: the model check fails and lists models the key can use", async () => {
    const r = await doctor(home(ll.openaiBaseUrl, "no-such-model-xyz"), ll.masterKey);
    expect(r.code).toBe(1);
    expect(r.byName.key?.status).toBe("ok");
    expect(r.byName.model).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/^no-such-model-xyz is not among the \d+ models \/models lists$/),
    });
    expect(r.byName.model?.hint).toMatch(/^use one this key can reach, e\.g\. .*fake-model/);
  });

  it("says per configured model whether its backend caches prompts by itself or through our breakpoints", async () => {
    const extra = `[profiles.openai]\nmodel = "fake-model"\n[models."fake-claude-2"]\nprompt_cache = "off"\n`;
    const r = await doctor(home(ll.openaiBaseUrl, "fake-claude-1", extra), ll.masterKey);
    expect(r.byName["prompt cache"]?.status).toBe("ok");
    expect(r.byName["prompt cache"]?.detail).toBe(
      "fake-claude-1: through our cache breakpoints: caches only at cache_control breakpoints (anthropic); " +
        "profile openai (fake-model): automatically: caches repeated prefixes by itself (openai); " +
        'fake-claude-2: not at all: caches only at cache_control breakpoints (anthropic); prompt_cache = "off"',
    );
  });
});
