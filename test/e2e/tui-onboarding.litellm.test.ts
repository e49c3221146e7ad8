// First run in a real terminal against the real LiteLLM proxy: the onboarding screen checks
// the URL, takes the key hidden, lists the proxy's models, and writes config.toml and .env.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { baseEnv } from "../support/cli.js";
import { useLiteLLM } from "../support/litellm.js";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";

const ll = useLiteLLM();

/** A port nothing listens on: bind one, then close it. */
async function closedPort(): Promise<number> {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}
const tui = useTuiHarness(null);

describe.skipIf(!ll.available || !hasTmux)("onboarding in the terminal against the real LiteLLM proxy", () => {
  it("checks the URL, retries a wrong one, takes the key hidden, shows the model's window without pinning it, and saves provider, model and key", async () => {
    const home = tui.home();
    const term = tui.terminal([], baseEnv(home), { cwd: tui.repo() });
    await term.waitFor("Welcome to codex-litellm");
    const closed = await closedPort();
    await term.send(`http://127.0.0.1:${closed}`, `cannot reach http://127.0.0.1:${closed}: connection refused`);
    await term.send(ll.proxyUrl, `✓ ${ll.proxyUrl} is reachable`);
    await term.send(ll.masterKey, "Default model");
    expect(term.screen()).not.toContain(ll.masterKey); // the key was never echoed
    await term.send("fake-model", "fake-model: context window 8,192 tokens from the model catalog");
    await term.key("Enter", "Trust this folder?", 30_000); // keep discovering it: nothing is written
    await term.key("Enter", "Ask anything", 30_000);
    const config = parse(readFileSync(path.join(home, "config.toml"), "utf8")) as Record<string, unknown>;
    expect(config).toMatchObject({
      model_provider: "litellm",
      model: "fake-model",
      model_providers: {
        litellm: { base_url: `${ll.proxyUrl}/v1`, env_key: "LITELLM_API_KEY", wire_api: "responses" },
      },
      profiles: { "codex-litellm": { model: "fake-model" } },
    });
    expect(JSON.stringify(config)).not.toMatch(/context_length|model_context_window/);
    const envFile = path.join(home, ".env");
    expect(readFileSync(envFile, "utf8")).toBe(`LITELLM_API_KEY="${ll.masterKey}"\n`);
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    // Each step went to the debug log.
    const logs = path.join(home, "logs");
    const { readdirSync } = await import("node:fs");
    const debugLog = readdirSync(logs).find((f) => /^\d{8}-\d{6}\.log$/.test(f)) as string;
    const wanted = ["onboarding.start", "onboarding.url_checked", "onboarding.key_accepted", "onboarding.saved"];
    let events: string[] = [];
    for (let i = 0; i < 30 && !wanted.every((w) => events.includes(w)); i++) {
      await new Promise((r) => setTimeout(r, 100)); // the log is flushed in batches
      events = readFileSync(path.join(logs, debugLog), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).event);
    }
    expect(events).toEqual(expect.arrayContaining(wanted));
    expect(readFileSync(path.join(logs, debugLog), "utf8")).not.toContain(ll.masterKey);
    // The footer shows the window the proxy reported, and follows the model on /model.
    await term.waitFor("100% context left · 0/8.2k tokens");
    await term.send("/model", "Model (current: fake-model)");
    await term.send("fake-reasoning", "Reasoning effort for fake-reasoning");
    await term.key("Enter", "Use fake-reasoning");
    await term.key("Enter", "0/200k tokens");
  });
});
