// The interactive UI asks before anything runs, as upstream Codex 0.171 does (tmux): in a folder
// with no trust decision, "Folder access … Trust this folder?"; trusting saves
// `[projects."<repo root>"] trust_level = "trusted"` (the file's comments kept) and the session
// starts workspace-write; "Quit" leaves without starting. config.toml hooks that are new or changed
// are reviewed, and so are hooks given with -c: "Trust all and continue" saves upstream's
// trusted_hash and the hook runs.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { waitFor } from "../faults/support.js";
import { useTuiHarness } from "../support/tui-harness.js";
import { hasTmux } from "../support/tmux.js";

const tui = useTuiHarness({ apiKey: "sk-tui-trust" });

/** A repo and a home that has no trust decision for it (the harness's setup trusts its repos). */
function undecided(model: string, toml = "") {
  const repo = tui.repo();
  const home = tui.home(`# my settings\n${tui.config(model, toml)}`);
  return { repo, home, file: path.join(home, "config.toml") };
}

describe.skipIf(!hasTmux)("trust prompts in the interactive UI", () => {
  it("asks about an undecided folder; trusting saves it for the repository root and starts workspace-write", async () => {
    const model = "tui-trust-folder";
    tui.server.setScript(model, [{ text: "Trusted and running." }]);
    const where = undecided(model);
    const sub = path.join(where.repo, "src");
    mkdirSync(sub, { recursive: true });
    const term = tui.launch({ ...where, repo: sub });
    const prompt = await term.waitFor("Trust this folder?");
    expect(prompt).toContain("Folder access");
    expect(prompt).toContain(where.repo);
    expect(prompt).toContain("Trust and continue");
    expect(prompt).toContain("Quit");
    expect(tui.server.requests(model)).toHaveLength(0);
    term.press("Enter");
    const header = await term.waitFor(/sandbox: workspace-write/);
    expect(header).not.toContain("Trust this folder?");
    const saved = readFileSync(where.file, "utf8");
    expect(saved.startsWith("# my settings\n")).toBe(true);
    expect(saved).toContain(`[projects.${JSON.stringify(where.repo)}]\ntrust_level = "trusted"`);
    term.submit("hello");
    await term.waitFor("Trusted and running.");
  });

  it("Quit leaves without starting a session and saves nothing", async () => {
    const model = "tui-trust-quit";
    const where = undecided(model);
    const before = readFileSync(where.file, "utf8");
    const term = tui.launch(where);
    await term.waitFor("Trust this folder?");
    term.press("Down", "Enter");
    await waitFor("the UI to exit", () => term.programPid() === null);
    expect(readFileSync(where.file, "utf8")).toBe(before);
    expect(existsSync(path.join(where.home, "sessions"))).toBe(false);
  });

  it("an untrusted folder is not asked about: workspace-write, and approvals `untrusted`", async () => {
    const model = "tui-trust-untrusted";
    const repo = tui.repo();
    const home = tui.home(`${tui.config(model)}\n[projects.${JSON.stringify(repo)}]\ntrust_level = "untrusted"\n`);
    const term = tui.launch({ repo, home });
    const screen = await term.waitFor(/approval: untrusted · sandbox: workspace-write/);
    expect(screen).not.toContain("Trust this folder?");
  });

  it("a --sandbox flag chooses for this run: no folder prompt", async () => {
    const model = "tui-trust-flag";
    const where = undecided(model);
    const term = tui.launch(where, { args: ["-s", "read-only"] });
    const screen = await term.waitFor(/sandbox: read-only/);
    expect(screen).not.toContain("Trust this folder?");
  });

  it("reviews a new config.toml hook: trusting saves upstream's trusted_hash and the hook runs", async () => {
    const model = "tui-trust-hooks";
    tui.server.setScript(model, [{ text: "Done here." }]);
    const { repo, home } = tui.setup(model);
    const marker = path.join(repo, "..", "hook-ran");
    const file = path.join(home, "config.toml");
    writeFileSync(
      file,
      `${readFileSync(file, "utf8")}\n[[hooks.Stop]]\nhooks = [{ type = "command", command = ${JSON.stringify(`touch '${marker}'`)} }]\n`,
    );
    const term = tui.launch({ repo, home });
    const review = await term.waitFor("Hooks need review");
    expect(review).toContain("1 hook is new or changed.");
    expect(review).toContain(`Stop: touch '${marker}'`);
    expect(review).toContain("Continue without trusting (hooks won't run)");
    term.press("Enter");
    await term.waitFor("directory:");
    expect(readFileSync(file, "utf8")).toMatch(
      /\[hooks\.state\."[^"]+:stop:0:0"\]\ntrusted_hash = "sha256:[0-9a-f]{64}"/,
    );
    term.submit("hello");
    await term.waitFor("Done here.");
    await waitFor("the trusted Stop hook to run", () => existsSync(marker));
  });

  it("reviews a hook given with -c (LiteLLM's `lite codex` Stop hook) as upstream does: trusted under /<session-flags>/config.toml, then it runs", async () => {
    const model = "tui-trust-flag-hooks";
    tui.server.setScript(model, [{ text: "Flag hook here." }]);
    const { repo, home } = tui.setup(model);
    const marker = path.join(repo, "..", "flag-hook-ran");
    const flag = `hooks.Stop=[{hooks=[{type="command",command=${JSON.stringify(`touch '${marker}'`)}}]}]`;
    const term = tui.launch({ repo, home }, { args: ["-c", flag] });
    const review = await term.waitFor("Hooks need review");
    expect(review).toContain(`Stop: touch '${marker}'`);
    term.press("Enter");
    await term.waitFor("directory:");
    expect(readFileSync(path.join(home, "config.toml"), "utf8")).toMatch(
      /\[hooks\.state\."\/<session-flags>\/config\.toml:stop:0:0"\]\ntrusted_hash = "sha256:[0-9a-f]{64}"/,
    );
    term.submit("hello");
    await term.waitFor("Flag hook here.");
    await waitFor("the trusted -c Stop hook to run", () => existsSync(marker));
  });
});
