// What a launcher (LiteLLM's `lite codex`, its agent harness) relies on, against the fake server:
// `debug models` prints the catalog a launch would use, `--version` ends with the upstream version,
// without a model the catalog's default model runs, and skills are listed to the model as upstream
// lists them.
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../fixtures/fake-model-server.js";
import { baseEnv, runCli, tempHome } from "../support/cli.js";
import { hasTmux, TmuxTerminal } from "../support/tmux.js";
import { makeRepo } from "./exec-scenario.js";

let server: FakeModelServer;
beforeAll(async () => {
  server = await startFakeModelServer({ apiKey: "sk-launch" });
});
const terminals: TmuxTerminal[] = [];
afterAll(async () => {
  for (const t of terminals) t.kill();
  await server.close();
});

const env = { LITELLM_API_KEY: "sk-launch" };

/** -c flags as `lite codex` passes them: the provider, its key's variable, the catalog file. */
function launcherFlags(catalog?: string): string[] {
  return [
    "-c",
    'model_provider="lite"',
    "-c",
    `model_providers.lite.base_url="${server.url}"`,
    "-c",
    'model_providers.lite.env_key="LITELLM_API_KEY"',
    "-c",
    'model_providers.lite.wire_api="responses"',
    ...(catalog ? ["-c", `model_catalog_json="${catalog}"`] : []),
  ];
}

const entry = (slug: string, priority: number, extra: Record<string, unknown> = {}) => ({
  slug,
  display_name: slug,
  priority,
  visibility: "list",
  supported_in_api: true,
  ...extra,
});

type Body = { model: string; input: { type?: string; role?: string; content?: { text?: string }[] }[] };
const texts = (body: Body) =>
  body.input.map((item) => ({ role: item.role ?? "", text: (item.content ?? []).map((c) => c.text ?? "").join("") }));

describe("launchers: debug models, --version, the catalog's default model", () => {
  it("`debug models` prints the built-in catalog, or model_catalog_json's as written, offline, exit 0", async () => {
    const home = tempHome();
    const built = await runCli(["debug", "models"], { home });
    expect(built.code).toBe(0);
    expect(JSON.parse(built.stdout)).toEqual({ models: [] });
    const catalog = { models: [entry("b-model", 1, { extra_field: { kept: true } }), entry("a-model", 0)] };
    const file = path.join(home, "catalog.json");
    writeFileSync(file, JSON.stringify(catalog, null, 2));
    // `-c` before the subcommand, as LiteLLM passes it; the proxy URL points nowhere: nothing is asked.
    const r = await runCli(
      [
        "-c",
        `model_catalog_json="${file}"`,
        "-c",
        'model_providers.litellm.base_url="http://127.0.0.1:9/v1"',
        "debug",
        "models",
      ],
      { home },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${JSON.stringify(catalog)}\n`);
    const bundled = await runCli(["debug", "models", "--bundled", "-c", `model_catalog_json="${file}"`], { home });
    expect(JSON.parse(bundled.stdout)).toEqual({ models: [] });
    writeFileSync(file, '{"data": []}');
    const bad = await runCli(["debug", "models", "-c", `model_catalog_json="${file}"`], { home });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain(`model_catalog_json = ${file}: expected a Codex model catalog`);
  });

  it("--version's last word is the upstream Codex version (as in `codex-cli 0.171.0`)", async () => {
    for (const args of [["--version"], ["-c", "model=x", "--version"]]) {
      const r = await runCli(args, { home: tempHome() });
      expect(r.stdout.trim().split(/\s+/).at(-1)).toBe("0.171.0");
      expect(r.stdout).toMatch(/^codex-litellm /);
    }
  });

  it("exec without a model runs the catalog's default: priority order, API-usable, first listed", async () => {
    const home = tempHome();
    const file = path.join(home, "catalog.json");
    const catalog = {
      models: [
        entry("launch-listed-late", 5),
        entry("launch-hidden", 0, { visibility: "hide" }),
        entry("launch-chatgpt-only", 1, { supported_in_api: false }),
        entry("launch-default", 2),
      ],
    };
    writeFileSync(file, JSON.stringify(catalog));
    server.setScript("launch-default", [{ text: "from the default" }]);
    const repo = makeRepo();
    const r = await runCli(["exec", ...launcherFlags(file), "-C", repo, "hi"], { home, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("from the default\n");
    expect(r.stderr).toContain("model: launch-default");
  });

  it("exec without a model, with the proxy's catalog: its default; with no catalog at all: one clear line", async () => {
    const home = tempHome();
    server.setCatalog({ models: [entry("launch-proxy-second", 1), entry("launch-proxy-first", 0)] });
    try {
      server.setScript("launch-proxy-first", [{ text: "proxy default" }]);
      const r = await runCli(["exec", ...launcherFlags(), "-C", makeRepo(), "hi"], { home, env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe("proxy default\n");
    } finally {
      server.setCatalog(null);
    }
    const none = await runCli(["exec", ...launcherFlags(), "-C", makeRepo(), "hi"], { home: tempHome(), env });
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split("\n")).toEqual([
      "codex-litellm: no model configured and the model catalog lists none: run `codex-litellm login`, set `model` in config.toml, or pass -m <model>",
    ]);
  });
});

describe("skills as upstream lists them", () => {
  it("SKILL.md files from CODEX_HOME, ~/.agents and the repository go in one developer message, upstream's text and order", async () => {
    const home = tempHome(`model = "launch-skills"\n`);
    const repo = makeRepo();
    const write = (dir: string, body: string) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "SKILL.md"), body);
    };
    write(path.join(home, "skills", "zeta"), "---\nname: zeta\ndescription: Last by name.\n---\nBody.\n");
    write(
      path.join(home, "skills", "group", "alpha"),
      '---\nname: "alpha"\ndescription: >\n  Folded over\n  two lines.\n---\n',
    );
    write(path.join(home, ".agents", "skills", "beta"), "---\ndescription: Named after its folder.\n---\n");
    write(
      path.join(repo, ".agents", "skills", "repo-skill"),
      "---\nname: repo-skill\ndescription: From the repo.\n---\n",
    );
    write(path.join(home, "skills", "broken"), "no front matter here\n");
    write(path.join(home, "skills", ".hidden", "secret"), "---\nname: secret\ndescription: Hidden.\n---\n");
    symlinkSync(path.join(home, "skills", "zeta"), path.join(home, ".agents", "skills", "zeta-link"));
    server.setScript("launch-skills", [{ text: "ok" }]);
    const r = await runCli(["exec", "-c", `model_providers.litellm.base_url="${server.url}"`, "-C", repo, "hi"], {
      home,
      env,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `skipped skill ${path.join(home, "skills", "broken", "SKILL.md")}: missing YAML front matter`,
    );
    const messages = texts(server.requests("launch-skills").at(-1)?.body as Body);
    const skills = messages.filter((m) => m.text.startsWith("<skills_instructions>"));
    expect(skills).toHaveLength(1);
    expect(skills[0]?.role).toBe("developer");
    const lines = (skills[0]?.text ?? "").split("\n");
    expect(lines.slice(0, 4)).toEqual([
      "<skills_instructions>",
      "## Skills",
      "A skill is a set of local instructions to follow that is stored in a `SKILL.md` file. Below is the list of skills that can be used. Each entry includes a name, description, and file path so you can open the source for full instructions when using a specific skill.",
      "### Available skills",
    ]);
    // Repository skills first, then the user's, each by name; a linked folder is one skill, listed once.
    expect(lines.slice(4, 8)).toEqual([
      `- repo-skill: From the repo. (file: ${path.join(repo, ".agents", "skills", "repo-skill", "SKILL.md")})`,
      `- alpha: Folded over two lines. (file: ${path.join(home, "skills", "group", "alpha", "SKILL.md")})`,
      `- beta: Named after its folder. (file: ${path.join(home, ".agents", "skills", "beta", "SKILL.md")})`,
      `- zeta: Last by name. (file: ${path.join(home, "skills", "zeta", "SKILL.md")})`,
    ]);
    expect(lines.slice(8)).toEqual(["</skills_instructions>"]);
    expect(skills[0]?.text).not.toContain("secret");
    // After the instructions, before the environment context and the prompt.
    const at = messages.findIndex((m) => m.text.startsWith("<skills_instructions>"));
    expect(messages.findIndex((m) => m.text.includes("<environment_context>"))).toBeGreaterThan(at);
    expect(messages.at(-1)).toEqual({ role: "user", text: "hi" });
  });

  it("no skills: no skills message", async () => {
    const home = tempHome(`model = "launch-no-skills"\n`);
    server.setScript("launch-no-skills", [{ text: "ok" }]);
    const r = await runCli(["exec", "-c", `model_providers.litellm.base_url="${server.url}"`, "-C", makeRepo(), "hi"], {
      home,
      env,
    });
    expect(r.code, r.stderr).toBe(0);
    const body = server.requests("launch-no-skills").at(-1)?.body as Body;
    expect(JSON.stringify(body)).not.toContain("skills_instructions");
  });
});

describe.skipIf(!hasTmux)("the UI started by a launcher", () => {
  it("with the provider from -c and its key exported: the folder is asked about, then the session opens on the catalog's model, no onboarding; config.toml gets only the trust decision", async () => {
    const home = tempHome();
    const file = path.join(home, "catalog.json");
    writeFileSync(file, JSON.stringify({ models: [entry("launch-ui-default", 0)] }));
    server.setScript("launch-ui-default", [{ text: "answered in the UI" }]);
    const repo = makeRepo();
    const term = new TmuxTerminal(launcherFlags(file), { ...baseEnv(home), ...env }, { cwd: repo });
    terminals.push(term);
    // The folder is asked about first, as upstream does; the answer is all config.toml gets.
    await term.waitFor("Trust this folder?");
    term.press("Enter");
    const screen = await term.waitFor("model: launch-ui-default");
    expect(screen).not.toContain("Welcome to codex-litellm");
    term.type("hello");
    term.press("Enter");
    await term.waitFor("answered in the UI");
    expect(readFileSync(path.join(home, "config.toml"), "utf8").trim()).toBe(
      `[projects.${JSON.stringify(repo)}]\ntrust_level = "trusted"`,
    );
  });

  it("with the provider from -c and its key not exported: one line naming the variable, no onboarding", async () => {
    const home = tempHome();
    const flags = [...launcherFlags(), "-c", 'model_providers.lite.env_key="LAUNCH_MISSING_KEY"'];
    const term = new TmuxTerminal(flags, baseEnv(home), { cwd: makeRepo() });
    terminals.push(term);
    const screen = await term.waitFor("[exit ");
    expect(screen).toContain("LAUNCH_MISSING_KEY is not set");
    expect(screen).not.toContain("Welcome to codex-litellm");
    expect(existsSync(path.join(home, "config.toml"))).toBe(false);
  });
});
