// LiteLLM's MCP gateway through the real proxy: a proxy whose config serves our stdio test MCP
// server (`mcp_servers:` with allow_all_keys; stdio servers also need LITELLM_ENABLE_MCP_STDIO=true,
// without which the gateway lists no tools at all). `login --mcp-gateway` adds `<proxy>/mcp` with
// the credentials it saves (the key, or the SSO command's token), `doctor` counts the gateway's
// tools, and a session calls one of them through the proxy.
import { chmodSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempHome } from "../support/cli.js";
import { startLiteLLMProxy, type LiteLLMProxy } from "../support/litellm-proxy.js";
import { uniqueModel, useLiteLLM } from "../support/litellm.js";
import { scratchDir } from "../support/scratch.js";
import { makeRepo } from "./exec-scenario.js";

const ll = useLiteLLM();
const FIXTURE = path.resolve(import.meta.dirname, "../mcp/fixtures/stdio-server.mjs");
const TOOLS = 8; // test/mcp/fixtures/tools.mjs

let proxy: LiteLLMProxy | undefined;
beforeAll(async () => {
  if (!ll.available) return;
  proxy = await startLiteLLMProxy({
    upstreamUrl: `${ll.fakeControlUrl}/v1`,
    extraConfig: {
      mcp_servers: {
        fixture: {
          transport: "stdio",
          command: process.execPath,
          args: [FIXTURE, "--name", "behind-litellm"],
          allow_all_keys: true,
        },
      },
    },
    env: { LITELLM_ENABLE_MCP_STDIO: "true" },
  });
}, 240_000);
afterAll(async () => {
  await proxy?.stop();
});

const doctor = async (home: string, env: Record<string, string | undefined>) => {
  const r = await runCli(["doctor", "--json"], { home, env, timeoutMs: 90_000 });
  const checks = (JSON.parse(r.stdout) as { checks: Array<{ name: string; status: string; detail: string }> }).checks;
  return { ...r, gateway: checks.find((c) => c.name === "mcp litellm") };
};

/** The session calls the gateway's echo tool; returns the tool output the model got. */
async function callThroughGateway(home: string, env: Record<string, string | undefined>) {
  const model = uniqueModel("mcp-gw");
  await ll.fake.setScript(model, [
    { function_call: { name: "mcp__litellm__fixture-echo", arguments: { text: "via the gateway" }, call_id: "gw1" } },
    { text: "done" },
  ]);
  const r = await runCli(["exec", "--json", "-m", model, "-C", makeRepo(), "use the tool"], {
    home,
    env,
    timeoutMs: 90_000,
  });
  const requests = await ll.fake.requests(model);
  const outputs = requests.flatMap((req) =>
    ((req.body as { input?: Array<Record<string, unknown>> }).input ?? []).filter(
      (i) => i.type === "function_call_output" && i.call_id === "gw1",
    ),
  );
  return { ...r, output: outputs[0]?.output };
}

describe.skipIf(!ll.available)("LiteLLM's MCP gateway (<proxy>/mcp)", () => {
  it("login --mcp-gateway with a key: lists the gateway's tools, saves it, doctor counts them, a session calls one", async () => {
    const home = tempHome();
    const key = ll.masterKey;
    const login = await runCli(
      ["login", "--base-url", `${proxy?.baseUrl}`, "--with-api-key", "--model", "fake-model", "--mcp-gateway"],
      { home, input: `${key}\n`, env: { LITELLM_API_KEY: undefined }, timeoutMs: 90_000 },
    );
    expect(login.code, login.stderr).toBe(0);
    const gatewayUrl = `${proxy?.baseUrl}/mcp`;
    expect(login.stderr).toContain(
      `✓ LiteLLM's MCP gateway at ${gatewayUrl}: ${TOOLS} tools (fixture-echo, fixture-add`,
    );
    const config = readFileSync(path.join(home, "config.toml"), "utf8");
    expect(config).toContain(`[mcp_servers.litellm]\nurl = "${gatewayUrl}"`);
    expect(config).toMatch(/env_http_headers = \{ "?x-litellm-api-key"? = "LITELLM_API_KEY" \}/);
    expect(config).not.toContain(key);

    const d = await doctor(home, { LITELLM_API_KEY: undefined });
    expect(d.gateway).toEqual({
      name: "mcp litellm",
      status: "ok",
      detail: `started (LiteLLM's MCP gateway: ${gatewayUrl}): ${TOOLS} tools`,
    });

    const r = await callThroughGateway(home, { LITELLM_API_KEY: undefined });
    expect(r.code, r.stderr).toBe(0);
    expect(r.output).toBe('[{"type":"text","text":"echo: via the gateway"}]');
  });

  it("login --sso --mcp-gateway: the gateway gets the SSO command's token in x-litellm-api-key", async () => {
    const dir = scratchDir("lite-gw-");
    const lite = path.join(dir, "lite");
    // The stand-in for `lite auth print-token` prints a token the proxy takes (its master key) and counts its runs.
    writeFileSync(lite, `#!/bin/sh\necho run >> "$0.runs"\necho "${ll.masterKey}"\n`);
    chmodSync(lite, 0o755);
    const home = tempHome();
    const login = await runCli(
      [
        "login",
        "--sso",
        "--lite-command",
        lite,
        "--base-url",
        `${proxy?.baseUrl}`,
        "--model",
        "fake-model",
        "--mcp-gateway",
      ],
      { home, env: { LITELLM_API_KEY: undefined }, timeoutMs: 90_000 },
    );
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).toContain(`: ${TOOLS} tools (fixture-echo`);
    const config = readFileSync(path.join(home, "config.toml"), "utf8");
    expect(config).toContain(`[mcp_servers.litellm]\nurl = "${proxy?.baseUrl}/mcp"\nprovider_auth = "litellm"`);

    const d = await doctor(home, { LITELLM_API_KEY: undefined });
    expect(d.gateway?.status, JSON.stringify(d.gateway)).toBe("ok");
    expect(d.gateway?.detail).toContain(`${TOOLS} tools`);

    const r = await callThroughGateway(home, { LITELLM_API_KEY: undefined });
    expect(r.code, r.stderr).toBe(0);
    expect(r.output).toBe('[{"type":"text","text":"echo: via the gateway"}]');
    // The token is a secret: not in the session's rollout.
    const sessions = path.join(home, "sessions");
    const files = readdirSync(sessions, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".jsonl"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(readFileSync(path.join(sessions, f), "utf8")).not.toContain(ll.masterKey);
  });

  it("a gateway that refuses the key: doctor fails the check with one line and says why", async () => {
    const home = tempHome(
      `model = "fake-model"\n[model_providers.litellm]\nbase_url = "${proxy?.baseUrl}/v1"\nenv_key = "LITELLM_API_KEY"\n[mcp_servers.litellm]\nurl = "${proxy?.baseUrl}/mcp"\nenv_http_headers = { "x-litellm-api-key" = "GATEWAY_KEY" }\n`,
    );
    const d = await doctor(home, { LITELLM_API_KEY: ll.masterKey, GATEWAY_KEY: "sk-not-a-key" });
    expect(d.gateway?.status).toBe("fail");
    expect(d.gateway?.detail).toMatch(/^MCP client for `litellm` failed to start: .*\b(40[01])\b/);
    expect(d.stdout).not.toContain(ll.masterKey);
  });
});
