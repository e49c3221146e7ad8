// The interactive UI's windows without Python: the scripted fake server answers /model/info
// for one model the way LiteLLM does. Onboarding shows that window, the footer counts against it
// through a multi-request turn and falls back to the 130k baseline after /model picks a model
// the proxy knows nothing about; the debug log records the UI's events on the way.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { baseEnv } from "../support/cli.js";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";

const KEY = "sk-tui-info-0123456789";
const tui = useTuiHarness({
  apiKey: KEY,
  models: ["info-ui", "plain-ui"],
  modelInfo: {
    "info-ui": { max_input_tokens: 50_000, input_cost_per_token: 0.000002, output_cost_per_token: 0.00001 },
  },
});

/** The debug log's events (its default name is the start time, YYYYMMDD-HHMMSS.log). */
function debugEvents(home: string): Record<string, unknown>[] {
  const logs = path.join(home, "logs");
  const files = readdirSync(logs).filter((f) => /^\d{8}-\d{6}\.log$/.test(f));
  expect(files).toHaveLength(1);
  return readFileSync(path.join(logs, files[0] as string), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
}

describe.skipIf(!hasTmux)("the UI's context window from the proxy's /model/info", () => {
  it("onboarding shows the /model/info window; the footer counts a two-request turn against it, then against the baseline after /model; the debug log has the UI's events", async () => {
    tui.server.setScript("info-ui", [
      { shell: ["true"], usage: { input_tokens: 20_000, output_tokens: 500 } },
      { text: "first", usage: { input_tokens: 30_000, output_tokens: 1_000 } },
    ]);
    // No model yet: onboarding runs; the rest of config.toml stays.
    const home = tui.home('approval_policy = "never"\nsandbox_mode = "danger-full-access"\n');
    const term = tui.terminal([], baseEnv(home), { cwd: tui.repo() });
    await term.waitFor("Welcome to codex-litellm");
    await term.send(tui.server.origin, "is reachable");
    await term.send(KEY, "Default model");
    await term.send("info-ui", "info-ui: context window 50,000 tokens from the proxy's /model/info");
    await term.key("Enter", "100% context left · 0/50.0k tokens"); // keep discovering it
    await term.send("one", "first");
    // 31,000 tokens in context of 50,000, less a 12,000 baseline: (38,000 − 19,000) / 38,000 → 50% left.
    await term.waitFor("50% context left · 31.0k/50.0k tokens · 51.5k used this session");

    await term.send("/model", "Model (current: info-ui)");
    await term.send("plain-ui", "Reasoning effort for plain-ui");
    await term.key("Enter", "for this session only");
    await term.key("Enter", "Model: plain-ui — for this session");
    // No /model/info for plain-ui: the 130k baseline. (118,000 − 19,000) / 118,000 → 84% left.
    await term.waitFor("84% context left · 31.0k/130k tokens");
    await term.send("/quit", /\[exit 0\]/);

    const events = debugEvents(home);
    const named = (name: string) => events.filter((e) => e.event === name);
    expect(named("onboarding.window_discovered")).toEqual([
      expect.objectContaining({ model: "info-ui", window: 50_000, source: "model_info" }),
    ]);
    expect(named("tui.header_redraw")).toEqual([expect.objectContaining({ model: "info-ui" })]);
    expect(named("tui.model.select")).toEqual([expect.objectContaining({ model: "plain-ui", persist: false })]);
    expect(named("tui.slash").map((e) => e.command)).toEqual(["model", "quit"]);
    const updates = named("tui.display_update");
    expect(updates.length).toBeGreaterThan(0);
    expect(Math.max(...updates.map((e) => e.committed as number))).toBeGreaterThan(0);
    expect(named("session.configured").map((e) => [e.model, (e.context_window as { window: number }).window])).toEqual([
      ["info-ui", 50_000],
      ["plain-ui", 130_000],
    ]);
  });

  it("/model shows config's model_context_window for every model, as a session on it would use it", async () => {
    const { term } = tui.open("info-ui", { toml: "model_context_window = 77777" });
    await term.waitFor("Ask anything");
    const picker = await term.send("/model", "Model (current: info-ui)");
    // Not /model/info's 50,000 for info-ui, and a window for plain-ui too (it has no /model/info).
    expect(picker).toMatch(/info-ui\s+77,777 tokens/);
    expect(picker).toMatch(/plain-ui\s+77,777 tokens/);
    expect(picker).not.toContain("50,000 tokens");
  });
});
