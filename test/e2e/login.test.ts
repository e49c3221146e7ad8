import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../fixtures/fake-model-server.js";
import { runCli, tempHome } from "../support/cli.js";

let server: FakeModelServer;
beforeAll(async () => {
  server = await startFakeModelServer({ apiKey: "sk-good", models: ["alpha", "beta"] });
});
afterAll(() => server.close());

/** `login --with-api-key` against the fake server, the key on stdin. */
const loginWith = (home: string, model: string, key: string) =>
  runCli(["login", "--base-url", server.url, "--with-api-key", "--model", model], { home, input: key });

describe("login (non-interactive onboarding)", () => {
  it("checks the proxy, then writes provider, model and profile to config.toml (no window: it is discovered) and the key to .env", async () => {
    // An earlier onboarding's pinned window (the alias upstream warns about) goes.
    const home = tempHome("# my settings\nunknown_setting = 1\ncontext_length = 64000\n");
    const r = await runCli(["login", "--base-url", server.origin, "--with-api-key", "--model", "beta"], {
      home,
      input: "sk-good\n",
    });
    expect(r.stderr).toContain(`✓ ${server.url} answered with 2 models`);
    expect(r.stderr).toContain(
      "context window 130,000 tokens (from the 130k baseline), discovered at each start, not saved",
    );
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(home, "config.toml"), "utf8");
    expect(text.startsWith("# my settings\nunknown_setting = 1\n")).toBe(true);
    // No empty parent tables: the sub-tables' headers imply them.
    expect(text).not.toMatch(/^\[(model_providers|profiles)\]$/m);
    expect(text).toContain("\n[model_providers.litellm]\n");
    expect(parse(text)).toEqual({
      unknown_setting: 1,
      model_provider: "litellm",
      model: "beta",
      model_providers: {
        litellm: { name: "LiteLLM", base_url: server.url, env_key: "LITELLM_API_KEY", wire_api: "responses" },
      },
      profiles: { "codex-litellm": { model: "beta", model_provider: "litellm" } },
    });
    const envFile = path.join(home, ".env");
    expect(readFileSync(envFile, "utf8")).toBe('LITELLM_API_KEY="sk-good"\n');
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    expect(r.stdout + r.stderr).not.toContain("sk-good");
    // The saved settings are what the next run uses.
    const provider = JSON.parse((await runCli(["config", "provider"], { home })).stdout);
    expect(provider).toMatchObject({ base_url: server.url, api_key_source: envFile });
  });

  it("--context-window pins the window under upstream's name, model_context_window", async () => {
    const home = tempHome();
    const r = await runCli(
      ["login", "--base-url", server.url, "--with-api-key", "--model", "beta", "--context-window", "32_000"],
      { home, input: "sk-good" },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("context window 32,000 tokens (saved as model_context_window)");
    const saved = parse(readFileSync(path.join(home, "config.toml"), "utf8"));
    expect(saved).toMatchObject({
      model_context_window: 32000,
      profiles: { "codex-litellm": { model_context_window: 32000 } },
    });
    expect(JSON.stringify(saved)).not.toContain("context_length");
    const bad = await runCli(
      ["login", "--base-url", server.url, "--with-api-key", "--model", "beta", "--context-window", "lots"],
      { home, input: "sk-good" },
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe("codex-litellm: --context-window lots: expected a positive whole number of tokens");
  });

  it("a wrong key fails with one clear line and writes nothing", async () => {
    const home = tempHome();
    const r = await loginWith(home, "alpha", "sk-bad");
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("HTTP 401");
    expect(r.stderr).not.toContain("sk-bad");
    // The key came from stdin, not from LITELLM_API_KEY: the message says so.
    expect(r.stderr).toContain("rejected the key read from stdin (HTTP 401)");
    expect(r.stderr).toContain("Check the key and run `codex-litellm login` again.");
    expect(r.stderr).not.toContain("LITELLM_API_KEY");
    expect(r.stderr).not.toContain("..");
    expect(() => statSync(path.join(home, "config.toml"))).toThrow();
  });

  it("an unlisted model is refused with the list; an unreachable proxy names its URL", async () => {
    const home = tempHome();
    const r = await loginWith(home, "gamma", "sk-good");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--model gamma: the proxy does not list it; it lists: alpha, beta");
    const down = await runCli(["login", "--base-url", "http://127.0.0.1:1/v1", "--with-api-key", "--model", "alpha"], {
      home,
      input: "k",
    });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain("could not list models at http://127.0.0.1:1/v1");
  });
});
