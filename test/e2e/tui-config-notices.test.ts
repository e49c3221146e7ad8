// The interactive UI on a ~/.codex shared with upstream Codex: the keys it does not use are named
// once in the transcript, and hide_agent_reasoning keeps reasoning off the screen (tmux).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, ENV, useFakeServer, waitFor } from "../faults/support.js";
import { scratchDir } from "../support/scratch.js";
import { baseEnv, tempHome } from "../support/cli.js";
import { hasTmux, TmuxTerminal } from "../support/tmux.js";
import { makeRepo } from "./exec-scenario.js";

const fake = useFakeServer();
const terminals: TmuxTerminal[] = [];
afterEach(() => {
  for (const t of terminals.splice(0)) t.kill();
});

function open(model: string, extraToml: string): TmuxTerminal {
  const repo = makeRepo();
  cleanup.push(path.dirname(repo));
  const home = tempHome(
    `model = "${model}"\ncontext_length = 100000\n${extraToml}\n[model_providers.litellm]\nbase_url = "${fake.server.url}"\n[projects.${JSON.stringify(repo)}]\ntrust_level = "trusted"\n`,
  );
  cleanup.push(home);
  const term = new TmuxTerminal([], { ...baseEnv(home), ...ENV }, { cwd: repo });
  terminals.push(term);
  return term;
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe.skipIf(!hasTmux)("config keys in the interactive UI", () => {
  it("names each unused key once in the transcript; hide_agent_reasoning hides the reasoning", async () => {
    const model = "tui-notices-model";
    fake.server.setScript(model, [{ reasoning: "weighing the options carefully", text: "The answer is ready." }]);
    const term = open(model, 'hide_agent_reasoning = true\ncompact_prompt = "short"\n[tui]\ntheme = "dracula"\n');
    await term.waitFor("tui.theme: not supported by codex-litellm");
    term.type("hello");
    term.press("Enter");
    const screen = await term.waitFor("The answer is ready.");
    expect(count(screen, "compact_prompt: not supported by codex-litellm")).toBe(1);
    expect(count(screen, "tui.theme: not supported by codex-litellm")).toBe(1);
    expect(screen).not.toContain("weighing the options carefully");
  });

  it.each([
    ['[tui]\nnotifications = true\nnotification_method = "osc9"', true],
    ["", false],
  ])("%j: an OSC 9 notification when the turn ends: %s", async (toml, sent) => {
    const model = `tui-notify-${String(sent)}`;
    fake.server.setScript(model, [{ text: "Turn over." }]);
    const term = open(model, toml);
    const raw = path.join(scratchDir("tui-raw-"), "out");
    term.pipeOutput(raw);
    await term.waitFor(/›|Type a message/);
    term.type("hello");
    term.press("Enter");
    await term.waitFor("Turn over.");
    const text = () => (existsSync(raw) ? readFileSync(raw, "latin1") : "");
    if (sent) await waitFor("the OSC 9 notification", () => text().includes("\x1b]9;Codex finished its turn\x07"));
    else expect(text()).not.toContain("\x1b]9;");
  });

  it("shows the reasoning without hide_agent_reasoning", async () => {
    const model = "tui-reasoning-model";
    fake.server.setScript(model, [{ reasoning: "weighing the options carefully", text: "The answer is ready." }]);
    const term = open(model, "");
    await term.waitFor(/›|Type a message/);
    term.type("hello");
    term.press("Enter");
    const screen = await term.waitFor("The answer is ready.");
    expect(screen).toContain("weighing the options carefully");
  });
});
