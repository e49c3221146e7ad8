// A ~/.codex shared with upstream Codex: what upstream accepts loads, every key we do not use is
// named once, and the keys we honour show their effect on the wire, on disk or on stderr.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { ENV, home, modelName, repo, useFakeServer, waitFor } from "../faults/support.js";
import { runCli } from "../support/cli.js";
import { scratchDir } from "../support/scratch.js";

const fake = useFakeServer();
const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/configs");

type Json = Record<string, unknown>;
interface Body {
  input: { type?: string; role?: string; content?: { text?: string }[] }[];
  reasoning?: { effort?: string };
  max_output_tokens?: number;
  service_tier?: string;
  tools?: { name?: string }[];
}
const bodies = (model: string) => fake.server.requests(model).map((q) => q.body as Body);
const warnings = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("warning: "));

async function exec(model: string, extraToml: string, args: string[] = []) {
  fake.server.setScript(model, [{ text: "done" }]);
  const codexHome = home(fake.server.url, model, extraToml);
  const r = await runCli(["exec", "--skip-git-repo-check", ...args, "hi"], { home: codexHome, env: ENV });
  expect(r.code, r.stderr).toBe(0);
  return { ...r, codexHome };
}

describe("values upstream accepts", () => {
  it.each(["max", "ultra"])("model_reasoning_effort = %s is sent as given", async (effort) => {
    const model = modelName(`effort-${effort}`);
    await exec(model, `model_reasoning_effort = "${effort}"\nplan_mode_reasoning_effort = "${effort}"`);
    expect(bodies(model)[0]?.reasoning?.effort).toBe(effort);
  });

  it("an effort the model's catalog entry does not list: its default is sent, with one notice", async () => {
    const model = modelName("effort-catalog");
    const catalog = path.join(scratchDir("catalog-"), "catalog.json");
    writeFileSync(
      catalog,
      JSON.stringify({
        models: [
          {
            slug: model,
            default_reasoning_level: "high",
            supported_reasoning_levels: [{ effort: "low" }, { effort: "high" }, { effort: "max" }],
          },
        ],
      }),
    );
    const r = await exec(model, `model_reasoning_effort = "ultra"\nmodel_catalog_json = "${catalog}"`);
    expect(bodies(model)[0]?.reasoning?.effort).toBe("high");
    expect(warnings(r.stderr).filter((l) => l.includes('"ultra"'))).toHaveLength(1);
  });

  it("model_max_output_tokens = 0 loads and sends no cap", async () => {
    const model = modelName("max-out-0");
    await exec(model, "model_max_output_tokens = 0");
    expect(bodies(model)[0]).not.toHaveProperty("max_output_tokens");
  });
});

describe("keys we honour", () => {
  it("developer_instructions (file or -c) is a developer message before the user context", async () => {
    const model = modelName("dev-instr");
    await exec(model, `developer_instructions = "Answer in French."`);
    const input = bodies(model)[0]?.input ?? [];
    const developer = input.findIndex((i) => i.role === "developer" && i.content?.[0]?.text === "Answer in French.");
    const context = input.findIndex(
      (i) => i.role === "user" && i.content?.[0]?.text?.includes("<environment_context>"),
    );
    expect(developer).toBeGreaterThanOrEqual(0);
    expect(developer).toBeLessThan(context);

    const viaFlag = modelName("dev-instr-c");
    const r = await exec(viaFlag, "", ["-c", "developer_instructions=Use tabs."]);
    expect(bodies(viaFlag)[0]?.input.some((i) => i.role === "developer" && i.content?.[0]?.text === "Use tabs.")).toBe(
      true,
    );
    expect(warnings(r.stderr)).toEqual([]);
  });

  it.each([
    ["flex", "flex"],
    ["fast", "priority"],
  ])("service_tier = %s is sent as %s", async (tier, sent) => {
    const model = modelName(`tier-${tier}`);
    await exec(model, `service_tier = "${tier}"`);
    expect(bodies(model)[0]?.service_tier).toBe(sent);
  });

  it("exec_command/write_stdin by default; features.unified_exec = false: shell; shell_tool = false: none", async () => {
    const plain = modelName("uexec-default");
    const old = modelName("uexec-off");
    const none = modelName("shell-tool-off");
    await exec(plain, "");
    await exec(old, "[features]\nunified_exec = false");
    await exec(none, "[features]\nshell_tool = false");
    const names = (model: string) => (bodies(model)[0]?.tools ?? []).map((t) => t.name);
    expect(names(plain).slice(0, 2)).toEqual(["exec_command", "write_stdin"]);
    expect(names(plain)).not.toContain("shell");
    expect(names(old)[0]).toBe("shell");
    expect(names(old)).not.toContain("exec_command");
    expect(
      names(none).filter((n) => ["shell", "shell_command", "exec_command", "write_stdin"].includes(n ?? "")),
    ).toEqual([]);
  });

  it("no service_tier is sent when none is set", async () => {
    const model = modelName("tier-none");
    await exec(model, "");
    expect(bodies(model)[0]).not.toHaveProperty("service_tier");
  });

  it("notify runs after the turn with upstream's agent-turn-complete JSON", async () => {
    const model = modelName("notify");
    const dir = scratchDir("notify-");
    const out = path.join(dir, "payload.json");
    const script = path.join(dir, "notify.sh");
    writeFileSync(script, `#!/bin/sh\nprintf '%s' "$2" > "${out}.tmp" && mv "${out}.tmp" "${out}"\n`, { mode: 0o755 });
    await exec(model, `notify = ["${script}", "first-arg"]`);
    const payload = await waitFor("the notify payload", () => existsSync(out) && readFileSync(out, "utf8"));
    expect(JSON.parse(payload)).toMatchObject({
      type: "agent-turn-complete",
      "input-messages": ["hi"],
      "last-assistant-message": "done",
    });
    expect(JSON.parse(payload)).toHaveProperty("thread-id");
    expect(JSON.parse(payload)).toHaveProperty("turn-id");
  });

  it("hide_agent_reasoning: exec prints no reasoning", async () => {
    const shown = modelName("reasoning-shown");
    const hidden = modelName("reasoning-hidden");
    for (const [model, toml] of [
      [shown, ""],
      [hidden, "hide_agent_reasoning = true"],
    ] as const) {
      fake.server.setScript(model, [{ reasoning: "pondering the request", text: "done" }]);
      const r = await runCli(["exec", "--skip-git-repo-check", "hi"], {
        home: home(fake.server.url, model, toml),
        env: ENV,
      });
      expect(r.code, r.stderr).toBe(0);
      expect((r.stdout + r.stderr).includes("pondering the request")).toBe(model === shown);
    }
  });

  it("a profile does not apply sandbox_workspace_write or shell_environment_policy, and says so", async () => {
    const model = modelName("profile-keys");
    const toml = `[profiles.safe]\nsandbox_mode = "workspace-write"\nshell_environment_policy = { inherit = "none" }\n[profiles.safe.sandbox_workspace_write]\nnetwork_access = true\n`;
    const codexHome = home(fake.server.url, model, toml);
    const get = await runCli(["config", "get", "-p", "safe", "sandbox_workspace_write"], { home: codexHome });
    expect(get.code).toBe(1);
    expect((await runCli(["config", "get", "-p", "safe", "sandbox_mode"], { home: codexHome })).stdout.trim()).toBe(
      "workspace-write",
    );
    fake.server.setScript(model, [{ text: "done" }]);
    const r = await runCli(["exec", "--skip-git-repo-check", "-p", "safe", "hi"], { home: codexHome, env: ENV });
    expect(r.code, r.stderr).toBe(0);
    const named = warnings(r.stderr);
    expect(named.filter((l) => l.includes("profiles.safe.sandbox_workspace_write"))).toHaveLength(1);
    expect(named.filter((l) => l.includes("profiles.safe.shell_environment_policy"))).toHaveLength(1);
    // The environment context the model reads says the network stays restricted.
    const context = bodies(model)[0]?.input.find((i) => i.content?.[0]?.text?.includes("<environment_context>"));
    expect(context?.content?.[0]?.text).toContain("<network_access>restricted</network_access>");
  });
});

describe("keys we do not use are named once", () => {
  it("exec names each on stderr; --json stdout stays JSONL", async () => {
    const model = modelName("named");
    const toml = `compact_prompt = "short"\nnetwork_access = true\n[tui]\ntheme = "dark"\n[features]\nmulti_agent_v2 = true\n[projects."/x"]\ntrust_level = "trusted"\n`;
    const r = await exec(model, toml, ["--json"]);
    for (const line of r.stdout.trim().split("\n")) expect(() => JSON.parse(line) as Json).not.toThrow();
    const named = warnings(r.stderr);
    for (const key of ["compact_prompt", "network_access", "tui.theme", "features.multi_agent_v2"])
      expect(named.filter((l) => l.includes(`config.toml: ${key}: `))).toHaveLength(1);
    expect(named.find((l) => l.includes("network_access"))).toContain("belongs under [sandbox_workspace_write]");
    expect(named).toHaveLength(4);
  });

  it("a -c key we do not use is named too, as a -c flag", async () => {
    const model = modelName("named-c");
    const r = await exec(model, "", ["-c", "tui.theme=dark", "-c", "model_reasoning_efort=high"]);
    expect(warnings(r.stderr)).toEqual([
      "warning: -c: tui.theme: not supported by codex-litellm; ignored",
      "warning: -c: model_reasoning_efort: unknown key; ignored",
    ]);
  });
});

// What each real-world-shaped file names (the keys it holds that codex-litellm does not use).
const EXPECTED_NAMED: Record<string, string[]> = {
  "litellm-docs.toml": [],
  "max-ultra-effort.toml": ["plan_mode_reasoning_effort"],
  "misplaced-keys.toml": [
    "network_access",
    "trust_level",
    "model_reasoning_efort",
    "tui.model",
    "sandbox_workspace_write.sandbox_mode",
  ],
  "provider-auth.toml": [
    "model_providers.corp.requires_openai_auth",
    "model_providers.corp.supports_websockets",
    "model_providers.corp.model_catalog_url",
    "features.api_key_model_discovery",
  ],
  "granular-otel.toml": [
    "approval_policy.granular.rules",
    "approval_policy.granular.mcp_elicitations",
    "approval_policy.granular.skill_approval",
    "approval_policy.granular.request_permissions",
    "memories",
    "skills",
    "permissions",
    "windows",
    "analytics",
  ],
  "dotfiles-profiles.toml": [
    "suppress_unstable_features_warning",
    "profiles.safe.shell_environment_policy",
    "profiles.safe.sandbox_workspace_write",
    "profiles.yolo.features",
    "mcp_servers.playwright.required",
    "mcp_servers.linear.oauth",
    "tui.animations",
    "tui.vim_mode_default",
    "tui.keymap.global.copy",
    "notice",
  ],
  "upstream-docs-example.toml": [
    "plan_mode_reasoning_effort",
    "model_supports_reasoning_summaries",
    "compact_prompt",
    "project_root_markers",
    "approvals_reviewer",
    "allow_login_shell",
    "disable_paste_burst",
    "check_for_update_on_startup",
    "cli_auth_credentials_store",
    "forced_login_method",
    "chatgpt_base_url",
    "tool_output_token_limit",
    "background_terminal_max_timeout",
    "shell_environment_policy.experimental_use_profile",
    "tui.animations",
    "tui.show_tooltips",
    "tui.alternate_screen",
    "tui.theme",
    "history",
    "features.shell_snapshot",
    "features.undo",
    "features.apply_patch_freeform",
    "model_providers.openai-chat.supports_websockets",
  ],
};

describe("real-world-shaped config files (test/fixtures/configs)", () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".toml"));

  it("every fixture has its expected notices listed", () => {
    expect(files.sort()).toEqual(Object.keys(EXPECTED_NAMED).sort());
  });

  it.each(Object.entries(EXPECTED_NAMED))("config check %s: usable, each unused key named once", async (file, keys) => {
    const r = await runCli(["config", "check", path.join(FIXTURES, file)], { home: scratchDir("check-home-") });
    expect(r.code, r.stderr).toBe(0);
    const named = warnings(r.stdout).map((l) => /^warning: [^:]+: ([^:]+): /.exec(l)?.[1]);
    expect(named.sort()).toEqual([...keys].sort());
    expect(r.stdout.trim().split("\n").at(-1)).toMatch(/: usable; \d+ keys? used, /);
  });

  it.each(Object.keys(EXPECTED_NAMED))(
    "exec loads %s as CODEX_HOME/config.toml and names the same keys",
    async (file) => {
      const model = modelName("fixture");
      fake.server.setScript(model, [{ text: "done" }]);
      const codexHome = scratchDir("fixture-home-");
      writeFileSync(path.join(codexHome, "config.toml"), readFileSync(path.join(FIXTURES, file)));
      // Pointed at the fake server; nothing else is contacted (no MCP server starts, no OTel export).
      const servers = Object.keys((parse(readFileSync(path.join(FIXTURES, file), "utf8")).mcp_servers ?? {}) as Json);
      const overrides = [
        ...["model_provider=litellm", `model_providers.litellm.base_url="${fake.server.url}"`, 'otel.exporter="none"'],
        ...servers.map((id) => `mcp_servers.${id}.enabled=false`),
      ].flatMap((o) => ["-c", o]);
      const r = await runCli(["exec", "--skip-git-repo-check", "-m", model, ...overrides, "-C", repo(), "hi"], {
        home: codexHome,
        env: { ...ENV, HOME: codexHome, CODEX_HOME: codexHome },
        timeoutMs: 60_000,
      });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("done");
      // Besides the keys: config.toml hooks waiting for review are named in one line of their own.
      const named = warnings(r.stderr).filter((l) => l.includes("config.toml: "));
      expect(named.filter((l) => !l.includes("before they can run")).length).toBe(EXPECTED_NAMED[file]?.length);
    },
  );

  it("an invalid TOML file: one line with file:line:col, exit 2", async () => {
    const file = path.join(scratchDir("bad-toml-"), "config.toml");
    writeFileSync(file, 'model = "x"\n[tui\nanimations = false\n');
    const r = await runCli(["config", "check", file], { home: scratchDir("check-home-") });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(new RegExp(`${file}:2:\\d+: TOML syntax error`)),
    ]);
  });
});
