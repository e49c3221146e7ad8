// What the interactive UI and exec's human output print, read as a user reads them: commands
// as typed (no `/bin/bash -lc '…'` wrapper), labels apart from their values, counts in words
// that agree with them, paths under HOME as `~/…`.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { baseEnv, runCli } from "../support/cli.js";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";

const KEY = "sk-tui-polish-123456";
const ENV = { LITELLM_API_KEY: KEY };
const tui = useTuiHarness({ apiKey: KEY });
const SCRIPT = "seq 1 3 | sed 's/^/line /'";
const WRAPPED = ["/bin/bash", "-lc", SCRIPT];

describe("commands are shown as the user would type them", () => {
  it("exec's human output shows the bare script of a bash -lc command", async () => {
    const model = "polish-exec";
    tui.server.setScript(model, [{ shell: WRAPPED }, { text: "Listed." }]);
    const { repo, home } = tui.setup(model);
    const r = await runCli(["exec", "--full-auto", "-C", repo, "list"], { home, env: ENV });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`\n${SCRIPT} in ${repo}`);
    expect(r.stderr).toContain("line 3");
    expect(r.stderr).not.toContain("-lc");
  });

  it.skipIf(!hasTmux)("the approval prompt and the finished command show the bare script", async () => {
    const model = "polish-tui-command";
    tui.server.setScript(model, [{ shell: WRAPPED }, { text: "Listed the lines." }]);
    const { term } = tui.open(model, { toml: 'approval_policy = "untrusted"\nsandbox_mode = "workspace-write"' });
    await term.waitFor("Ask anything");
    const asked = await term.send("list", "Run this command?");
    expect(asked).toContain(`$ ${SCRIPT}`);
    const done = await term.key("y", "Listed the lines.");
    expect(done).toContain(`✓ ${SCRIPT}`);
    expect(done).not.toContain("-lc");
  });
});

describe.skipIf(!hasTmux)("header and /status", () => {
  it("a directory under HOME is shown as ~/…, and /status keeps its labels apart from their values", async () => {
    const model = "polish-status";
    const home = tui.home(
      tui.config(
        model,
        'model_context_window = 100000\nmodel_catalog_json = "catalog.json"\nmodel_provider = "litellm"',
      ),
    );
    const catalog = {
      models: [{ slug: model, auto_compact_token_limit: 80_000, supports_parallel_tool_calls: false }],
    };
    writeFileSync(path.join(home, "catalog.json"), JSON.stringify(catalog));
    const repo = path.join(home, "work", "proj");
    mkdirSync(repo, { recursive: true });
    const file = path.join(home, "config.toml");
    writeFileSync(file, `${readFileSync(file, "utf8")}\n[projects.${JSON.stringify(repo)}]\ntrust_level = "trusted"\n`);
    const term = tui.launch({ repo, home }, { width: 120 });
    const header = await term.waitFor(`model: ${model}`);
    expect(header).toContain("directory: ~/work/proj ·");
    expect(header).not.toContain(home);
    // The card itself (the slash menu also says "LiteLLM usage" while /status is typed).
    const status = await term.send("/status", "Auto-compact limit:");
    expect(status).toMatch(/Directory: +~\/work\/proj +│/);
    expect(status).toContain("Auto-compact limit: 80,000 tokens (from the model catalog)");
  });
});

/** The files under `dir` with their sizes. */
const filesWithSizes = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => `${f} ${statSync(f).size}`)
    .sort();

describe.skipIf(!hasTmux)("the resume picker", () => {
  it("cancelled, it leaves no debug log or UI log behind", async () => {
    const model = "polish-resume-cancel";
    tui.server.setScript(model, [{ text: "recorded answer" }]);
    const { repo, home } = tui.setup(model);
    expect((await runCli(["exec", "-C", repo, "the recorded question"], { home, env: ENV })).code).toBe(0);
    const logs = path.join(home, "logs");
    const before = filesWithSizes(logs);
    const term = tui.launch({ repo, home }, { args: ["resume"] });
    await term.waitFor("Resume a session (newest first)");
    await term.key("Escape", /\[exit 0\]/);
    expect(filesWithSizes(logs)).toEqual(before);
  });
});

describe.skipIf(!hasTmux)("interactive login", () => {
  it("Ctrl+C at a question exits quietly with 130 and saves nothing", async () => {
    const home = tui.home();
    const term = tui.terminal(["login"], baseEnv(home), { cwd: home });
    await term.waitFor("LiteLLM proxy URL");
    const screen = await term.key("C-c", /\[exit \d+\]/);
    expect(screen).toContain("[exit 130]");
    expect(screen).not.toMatch(/error|Aborted/i);
    expect(readdirSync(home)).not.toContain("config.toml");
  });
});
