// Interactive `login` in a terminal: the URL is checked before the key is asked for, a wrong
// URL or key is asked again instead of ending the command, a saved key can be kept with Enter,
// and the messages say where the key came from.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { baseEnv } from "../support/cli.js";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";

const KEY = "sk-login-interactive-123";
const tui = useTuiHarness({ apiKey: KEY, models: ["alpha", "beta"] });

describe.skipIf(!hasTmux)("interactive login", () => {
  it("asks again after an unreachable URL and a refused key, then saves", async () => {
    const home = tui.home();
    const term = tui.terminal(["login"], baseEnv(home), { cwd: home });
    await term.waitFor("LiteLLM proxy URL [http://localhost:4000]: ");
    term.submit("http://127.0.0.1:1");
    const retried = await term.waitFor(/Check the URL and try again\.\n.*LiteLLM proxy URL/);
    // Nothing answers there: the key was not asked for.
    expect(retried).not.toContain("API key");
    term.submit(tui.server.origin);
    await term.waitFor("API key (saved to CODEX_HOME/.env as LITELLM_API_KEY): ");
    term.submit("sk-wrong-key");
    const refused = await term.waitFor("Enter the key again");
    expect(refused).toContain("the key you typed");
    expect(refused).not.toContain("sk-wrong-key");
    expect(refused).not.toContain("exit");
    term.submit(KEY);
    await term.waitFor("Default model [1-2 or name]: ");
    term.submit("2");
    await term.waitFor("Context window");
    term.press("Enter");
    const done = await term.waitFor(/\[exit \d+\]/);
    expect(done).toContain("[exit 0]");
    expect(done).toContain("✓ model beta");
  });

  it("offers the URL first run would, and Enter keeps the saved key, naming where it is", async () => {
    const home = tui.home(tui.config("alpha", 'model_provider = "litellm"'));
    writeFileSync(path.join(home, ".env"), `LITELLM_API_KEY="${KEY}"\n`, { mode: 0o600 });
    const term = tui.terminal(["login"], baseEnv(home), { cwd: home });
    await term.waitFor(`LiteLLM proxy URL [${tui.server.url.replace(/\/v1$/, "")}]: `);
    term.press("Enter");
    await term.waitFor("API key [Enter keeps the saved key from ~/.env]: ");
    term.press("Enter");
    await term.waitFor("answered with 2 models");
    // config.toml's model is one the proxy lists: no question about it.
    await term.waitFor("Context window");
    term.press("Enter");
    expect(await term.waitFor(/\[exit \d+\]/)).toContain("[exit 0]");
  });
});
