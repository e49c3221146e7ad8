// `[tui]` keys of upstream's that change what the UI shows (tmux): `status_line` (the footer's
// items, in order; an unknown id named once), `session_picker_view` (the resume picker's
// layout, also from a profile) and `keymap.global.open_transcript`.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";

const KEY = "sk-tui-config-keys-123456";
const tui = useTuiHarness({ apiKey: KEY });
const env = { LITELLM_API_KEY: KEY };

describe.skipIf(!hasTmux)("[tui] status_line", () => {
  it("the footer shows the configured items in order; an unknown one is named", async () => {
    const model = "tui-status-line";
    const toml =
      'model_reasoning_effort = "high"\n[tui]\nstatus_line = ["model-with-reasoning", "git-branch", "project-root", "context-window-size", "used-tokens", "weekly-limit", "bogus-item"]\n';
    const where = tui.setup(model, toml);
    execFileSync("git", ["symbolic-ref", "HEAD", "refs/heads/topic-x"], { cwd: where.repo });
    tui.server.setScript(model, [{ text: "Hello there.", usage: { input_tokens: 2000, output_tokens: 500 } }]);
    const term = tui.launch(where, { width: 140 });
    const start = await term.waitFor(`${model} high · topic-x · repo · 100k window`);
    expect(start).toContain("config.toml: tui.status_line: unknown item bogus-item; ignored");
    expect(start).not.toContain("context left");
    const after = await term.send("hi", "2.5k used");
    expect(after).toContain(`${model} high · topic-x · repo · 100k window · 2.5k used`);
  });

  it("without it, our own footer", async () => {
    const model = "tui-default-footer";
    const term = tui.open(model, { width: 140 }).term;
    expect(await term.waitFor("% context left")).toContain("used this session");
  });
});

describe.skipIf(!hasTmux)("[tui] session_picker_view", () => {
  /** A home with one recorded session, and the resume picker opened on it. */
  async function picker(toml: string) {
    const model = `tui-picker-${Math.random().toString(36).slice(2, 8)}`;
    const where = tui.setup(model, toml);
    tui.server.setScript(model, [{ text: "ok" }]);
    const r = await runCli(["exec", "-C", where.repo, "remember the picker"], { home: where.home, env });
    expect(r.code, r.stderr).toBe(0);
    const term = tui.launch(where, { args: ["resume"], width: 120 });
    return term.waitFor("Resume a session");
  }

  it("dense (default): one line a session", async () => {
    expect(await picker("")).toMatch(/› remember the picker +\d+[mhd] ago · /);
  });

  it("comfortable: the age and id on a line of their own", async () => {
    const screen = await picker('[tui]\nsession_picker_view = "comfortable"\n');
    expect(screen).toMatch(/› remember the picker *│\n│ +\d+[mhd] ago · /);
  });

  it("a profile may set it", async () => {
    const screen = await picker(
      'profile = "roomy"\n[tui]\nsession_picker_view = "dense"\n[profiles.roomy.tui]\nsession_picker_view = "comfortable"\n',
    );
    expect(screen).toMatch(/› remember the picker *│\n│ +\d+[mhd] ago · /);
  });
});

describe.skipIf(!hasTmux)("[tui.keymap.global] open_transcript", () => {
  it("another key opens the transcript; Ctrl+T no longer does", async () => {
    const model = "tui-keymap";
    tui.server.setScript(model, [{ text: "First answer." }]);
    const term = tui.open(model, { toml: '[tui.keymap.global]\nopen_transcript = ["ctrl-o"]\n', width: 120 }).term;
    await term.waitFor("Ask anything");
    await term.send("hello", "First answer.");
    term.press("C-t");
    term.type("zz");
    // The composer still has the keys: Ctrl+T opened nothing.
    expect(await term.waitFor(/› zz/)).not.toMatch(/Transcript lines/);
    term.press("BSpace", "BSpace");
    await term.key("C-o", /Transcript lines \d+–\d+ of \d+/);
  });
});
