import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempHome } from "../support/cli.js";

const get = async (home: string, args: string[], env?: Record<string, string>) => {
  const r = await runCli(args, { home, env });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return r.stdout.trim();
};

const failure = async (home: string, args: string[]) => {
  const r = await runCli(args, { home });
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  return lines[0] as string;
};

const PRECEDENCE_TOML = `model = "from-file"
model_reasoning_effort = "high"
[profiles.work]
model = "from-profile"
[profiles.other]
model = "from-other-profile"
`;

describe("config precedence: flags > -c > profile > config.toml > defaults", () => {
  it("resolves each layer in order", async () => {
    expect(await get(tempHome(), ["config", "get", "approval_policy"]).catch(() => "unset")).toBe("unset"); // defaults are not in the file
    const home = tempHome(PRECEDENCE_TOML);
    expect(await get(home, ["config", "get", "model"])).toBe("from-file");
    expect(await get(home, ["-p", "work", "config", "get", "model"])).toBe("from-profile");
    expect(await get(home, ["config", "get", "-p", "work", "model"])).toBe("from-profile");
    expect(await get(home, ["config", "get", "-p", "work", "-c", "model=from-c", "model"])).toBe("from-c");
    expect(await get(home, ["-m", "from-flag", "-p", "work", "-c", "model=from-c", "config", "get", "model"])).toBe(
      "from-flag",
    );
    // Keys the profile does not set fall through to the file.
    expect(await get(home, ["config", "get", "-p", "work", "model_reasoning_effort"])).toBe("high");
  });

  it("selects the profile from the `profile` key, -c profile=…, or --profile (in rising order)", async () => {
    const home = tempHome(`profile = "work"\n${PRECEDENCE_TOML}`);
    expect(await get(home, ["config", "get", "model"])).toBe("from-profile");
    expect(await get(home, ["config", "get", "-c", "profile=other", "model"])).toBe("from-other-profile");
    expect(await get(home, ["config", "get", "-c", "profile=other", "-p", "work", "model"])).toBe("from-profile");
    expect(await get(home, ["config", "get", "-c", 'profiles.work.model="patched"', "model"])).toBe("patched");
    expect(await failure(home, ["config", "get", "-p", "nope", "model"])).toContain('profile "nope" is not defined');
  });

  it("--full-auto, --dangerously-bypass… and -s/-a map onto the config keys", async () => {
    const home = tempHome();
    expect(await get(home, ["--full-auto", "config", "get", "sandbox_mode"])).toBe("workspace-write");
    expect(await get(home, ["--full-auto", "config", "get", "approval_policy"])).toBe("on-request");
    expect(await get(home, ["--dangerously-bypass-approvals-and-sandbox", "config", "get", "sandbox_mode"])).toBe(
      "danger-full-access",
    );
    expect(await get(home, ["--dangerously-bypass-approvals-and-sandbox", "config", "get", "approval_policy"])).toBe(
      "never",
    );
    expect(
      await get(home, [
        "-s",
        "read-only",
        "-a",
        "untrusted",
        "-c",
        "sandbox_mode=workspace-write",
        "config",
        "get",
        "sandbox_mode",
      ]),
    ).toBe("read-only");
  });
});

describe("-c key=value parsing", () => {
  it.each([
    ["n=42", "n", "42"],
    ["f=1.5", "f", "1.5"],
    ["b=true", "b", "true"],
    ["s=bare words", "s", "bare words"],
    ['s="quoted"', "s", "quoted"],
    ["s='single'", "s", "single"],
    ['a=["x", 2, false]', "a", JSON.stringify(["x", 2, false], null, 2)],
    ["deep.nested.key=7", "deep", JSON.stringify({ nested: { key: 7 } }, null, 2)],
    ['t={ a = 1, b = "c" }', "t", JSON.stringify({ a: 1, b: "c" }, null, 2)],
    ["url=http://host:4000/v1", "url", "http://host:4000/v1"],
  ])("-c %s", async (flag, key, expected) => {
    expect(await get(tempHome(), ["config", "get", "-c", flag, key])).toBe(expected);
  });

  it("later -c flags win and dotted paths merge into existing tables", async () => {
    const home = tempHome(`[telemetry]\ndir = "x"\n`);
    expect(await get(home, ["config", "get", "-c", "n=1", "-c", "n=2", "n"])).toBe("2");
    const t = JSON.parse(await get(home, ["config", "get", "-c", "telemetry.enabled=false", "telemetry"]));
    expect(t).toEqual({ dir: "x", enabled: false });
  });

  it("rejects a flag without '=' and a value of the wrong type, naming the flag", async () => {
    expect(await failure(tempHome(), ["config", "get", "-c", "model"])).toBe(
      'codex-litellm: -c model: expected key=value (e.g. -c model="my-model")',
    );
    expect(await failure(tempHome(), ["config", "get", "-c", "telemetry.enabled=maybe", "model"])).toBe(
      'codex-litellm: -c telemetry.enabled=maybe: telemetry.enabled: expected a boolean (true or false), got "maybe"',
    );
  });
});

describe("context_length is an alias of model_context_window", () => {
  it("either key sets the window, in the file, a profile or -c", async () => {
    expect(await get(tempHome("context_length = 64000\n"), ["config", "get", "model_context_window"])).toBe("64000");
    expect(await get(tempHome("model_context_window = 64000\n"), ["config", "get", "model_context_window"])).toBe(
      "64000",
    );
    expect(
      await get(tempHome("context_length = 64000\nmodel_context_window = 64000\n"), [
        "config",
        "get",
        "model_context_window",
      ]),
    ).toBe("64000");
    const home = tempHome("model_context_window = 64000\n[profiles.small]\ncontext_length = 8000\n");
    expect(await get(home, ["config", "get", "-p", "small", "model_context_window"])).toBe("8000");
    expect(await get(home, ["config", "get", "-c", "context_length=9000", "model_context_window"])).toBe("9000");
  });

  it("different values for both keys are an error naming both", async () => {
    const home = tempHome("context_length = 100000\nmodel_context_window = 120000\n");
    const line = await failure(home, ["config", "get", "model"]);
    expect(line).toContain(path.join(home, "config.toml"));
    expect(line).toContain("context_length (100000) and model_context_window (120000) disagree");
    const inProfile = await failure(tempHome("[profiles.p]\ncontext_length = 1\nmodel_context_window = 2\n"), [
      "config",
      "get",
      "model",
    ]);
    expect(inProfile).toContain("profiles.p.context_length (1) and profiles.p.model_context_window (2) disagree");
  });
});

describe("[telemetry] defaults and overrides", () => {
  it("applies every default of the spec", async () => {
    const home = tempHome();
    const t = JSON.parse(await get(home, ["telemetry", "config"]));
    const dir = path.join(home, "logs");
    expect(t).toEqual({
      enabled: true,
      dir,
      max_total_bytes: 104857600,
      logs: {
        tui: { enabled: true, file: "codex-tui.log", path: path.join(dir, "codex-tui.log") },
        debug: { enabled: true },
        session: {
          enabled: true,
          file: "codex-litellm-session.jsonl",
          path: path.join(dir, "codex-litellm-session.jsonl"),
        },
      },
    });
  });

  it("takes dir (relative or absolute), max_total_bytes, file names and extra logs from config.toml", async () => {
    const home = tempHome(`[telemetry]
dir = "telemetry-here"
max_total_bytes = 0
[telemetry.logs.debug]
enabled = false
file = "debug.log"
[telemetry.logs.session]
file = "usage.jsonl"
[telemetry.logs.otel]
endpoint = "http://collector:4318"
file = "otel.jsonl"
`);
    const t = JSON.parse(await get(home, ["telemetry", "config"]));
    expect(t.dir).toBe(path.join(home, "telemetry-here"));
    expect(t.max_total_bytes).toBe(0);
    expect(t.logs.debug).toEqual({
      enabled: false,
      file: "debug.log",
      path: path.join(home, "telemetry-here", "debug.log"),
    });
    expect(t.logs.session.path).toBe(path.join(home, "telemetry-here", "usage.jsonl"));
    expect(t.logs.otel).toEqual({ endpoint: "http://collector:4318", file: "otel.jsonl" });
    const abs = JSON.parse(await get(home, ["telemetry", "config", "-c", "telemetry.dir=/var/tmp/cl-logs"]));
    expect(abs.dir).toBe("/var/tmp/cl-logs");
    expect(abs.logs.tui.path).toBe("/var/tmp/cl-logs/codex-tui.log");
  });

  it("--no-telemetry, --telemetry and -c telemetry.enabled agree", async () => {
    const off = tempHome("[telemetry]\nenabled = false\n");
    const on = tempHome();
    const enabled = async (home: string, args: string[]) =>
      JSON.parse(await get(home, ["telemetry", "config", ...args])).enabled;
    expect(await enabled(off, [])).toBe(false);
    expect(await enabled(off, ["--telemetry"])).toBe(true);
    expect(await enabled(off, ["-c", "telemetry.enabled=true"])).toBe(true);
    expect(await enabled(on, ["--no-telemetry"])).toBe(false);
    expect(await enabled(on, ["-c", "telemetry.enabled=false"])).toBe(false);
    // A dedicated flag wins over -c.
    expect(await enabled(on, ["-c", "telemetry.enabled=true", "--no-telemetry"])).toBe(false);
  });
});

describe("bad config is one line, exit 2, and the file is untouched", () => {
  it("TOML syntax error names the file, line and column", async () => {
    const home = tempHome('model = "ok"\n[telemetry\nenabled = true\n');
    const line = await failure(home, ["config", "get", "model"]);
    expect(line).toMatch(
      new RegExp(`${path.join(home, "config.toml").replace(/[.]/g, "\\.")}:2:\\d+: TOML syntax error`),
    );
  });

  it.each([
    [
      'model_reasoning_effort = "extreme"',
      'model_reasoning_effort: expected one of none|minimal|low|medium|high|xhigh|max|ultra, got "extreme"',
    ],
    [
      'approval_policy = "sometimes"',
      'approval_policy: expected one of untrusted|on-failure|on-request|never or { granular = { sandbox_approval = …, rules = …, mcp_elicitations = … } }, got "sometimes"',
    ],
    ['sandbox_mode = "yolo"', 'sandbox_mode: expected one of read-only|workspace-write|danger-full-access, got "yolo"'],
    ['model_context_window = "big"', 'model_context_window: expected a number, got "big"'],
    ["[telemetry]\nmax_total_bytes = -1", "telemetry.max_total_bytes: expected a number >= 0, got -1"],
    ['[telemetry]\nenabled = "yes"', 'telemetry.enabled: expected a boolean (true or false), got "yes"'],
    [
      '[model_providers.litellm]\nwire_api = "grpc"',
      'model_providers.litellm.wire_api: expected one of responses|chat, got "grpc"',
    ],
    [
      '[model_providers.litellm]\nbase_url = "localhost:4000"',
      'model_providers.litellm.base_url: expected an http:// or https:// URL, got "localhost:4000"',
    ],
    [
      '[profiles.p]\nmodel_reasoning_effort = "extreme"',
      'profiles.p.model_reasoning_effort: expected one of none|minimal|low|medium|high|xhigh|max|ultra, got "extreme"',
    ],
    [
      "[mcp_servers.x]\nargs = []",
      "mcp_servers.x: expected `command` (a stdio server) or `url` (a streamable HTTP server)",
    ],
  ])("%s", async (toml, message) => {
    const home = tempHome(`${toml}\n`);
    expect(await failure(home, ["config", "get", "model"])).toBe(
      `codex-litellm: ${path.join(home, "config.toml")}: ${message}`,
    );
  });

  it("a rejected edit leaves config.toml byte for byte as it was", async () => {
    const original = "# mine\ncontext_length = 100000\n";
    const home = tempHome(original);
    const r = await runCli(["config", "set", "model_context_window", "5"], { home });
    expect(r.code).toBe(2);
    const r2 = await runCli(["config", "set", "model_reasoning_effort", "extreme"], { home });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain("model_reasoning_effort");
    expect(readFileSync(path.join(home, "config.toml"), "utf8")).toBe(original);
  });

  it("unknown provider id names the key and the choices", async () => {
    const line = await failure(tempHome('model_provider = "azure"\n'), ["config", "provider"]);
    expect(line).toContain(
      'model_provider: "azure" is not defined; add a [model_providers.azure] table or use one of: litellm, openai',
    );
  });
});

describe("config.toml is shared with upstream Codex: rewrites keep what they do not own", () => {
  const ORIGINAL = `# Shared with OpenAI Codex. Keep this comment.
model = "gpt-5.5"            # inline comment stays
approvals_reviewer = "user"  # a key we do not know

[features]
unified_exec = true

[telemetry]
enabled = true
# a comment inside telemetry
[telemetry.logs.custom]
file = "custom.log"
sink = "otel"

[projects."/work/repo"]
trust_level = "trusted"
`;

  it("config set / unset edit only their key", async () => {
    const home = tempHome(ORIGINAL);
    const file = path.join(home, "config.toml");
    let r = await runCli(["config", "set", "model", "my-litellm-model"], { home });
    expect(r.code).toBe(0);
    r = await runCli(["config", "set", "context_length", "128000"], { home });
    expect(r.code).toBe(0);
    r = await runCli(["config", "set", "model_providers.litellm.base_url", "http://proxy:4000/v1"], { home });
    expect(r.code).toBe(0);
    const after = readFileSync(file, "utf8");
    expect(after).toMatch(/^model = "my-litellm-model" +# inline comment stays$/m);
    expect(after).toContain("context_length = 128000");
    expect(after).toContain('[model_providers.litellm]\nbase_url = "http://proxy:4000/v1"');
    // Everything else is kept verbatim and in order.
    for (const kept of [
      "# Shared with OpenAI Codex. Keep this comment.",
      'approvals_reviewer = "user"  # a key we do not know',
      "[features]\nunified_exec = true",
      '[telemetry]\nenabled = true\n# a comment inside telemetry\n[telemetry.logs.custom]\nfile = "custom.log"\nsink = "otel"',
      '[projects."/work/repo"]\ntrust_level = "trusted"',
    ]) {
      expect(after).toContain(kept);
    }
    expect(after.indexOf("[features]")).toBeLessThan(after.indexOf("[telemetry]"));
    // Extra telemetry.logs entries are still exposed after the rewrite.
    const t = JSON.parse((await runCli(["telemetry", "config"], { home })).stdout);
    expect(t.logs.custom).toEqual({ file: "custom.log", sink: "otel" });
    r = await runCli(["config", "unset", "context_length"], { home });
    expect(r.code).toBe(0);
    expect(readFileSync(file, "utf8")).not.toContain("context_length");
    expect(readFileSync(file, "utf8")).toContain('approvals_reviewer = "user"  # a key we do not know');
  });

  it("keeps the file mode of an existing config and leaves no temp files", async () => {
    const home = tempHome(ORIGINAL);
    const file = path.join(home, "config.toml");
    const { chmodSync, readdirSync } = await import("node:fs");
    chmodSync(file, 0o600);
    await runCli(["config", "set", "model", "m"], { home });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(home).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("CODEX_HOME/.env", () => {
  it("is loaded for secrets without overriding the real environment, and the key never printed", async () => {
    const home = tempHome();
    writeFileSync(
      path.join(home, ".env"),
      'LITELLM_API_KEY="sk-from-dotenv-123456"\nLITELLM_BASE_URL=http://from-dotenv:4000/v1\n',
    );
    const fromFile = JSON.parse(await get(home, ["config", "provider"]));
    expect(fromFile.base_url).toBe("http://from-dotenv:4000/v1");
    expect(fromFile.api_key_source).toBe(path.join(home, ".env"));
    const fromEnv = JSON.parse(
      await get(home, ["config", "provider"], {
        LITELLM_BASE_URL: "http://from-env:4000/v1",
        LITELLM_API_KEY: "sk-env-999999",
      }),
    );
    expect(fromEnv.base_url).toBe("http://from-env:4000/v1");
    expect(fromEnv.api_key_source).toBe("environment");
    const out = JSON.stringify([fromFile, fromEnv]);
    expect(out).not.toContain("sk-from-dotenv");
    expect(out).not.toContain("sk-env-999999");
  });

  it("logout removes only the provider's key, keeps other lines, and the file stays 0600", async () => {
    const home = tempHome();
    const envFile = path.join(home, ".env");
    writeFileSync(envFile, "# saved by onboarding\nLITELLM_API_KEY=sk-abc\nOTHER=1\n", { mode: 0o600 });
    const r = await runCli(["logout"], { home });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Removed LITELLM_API_KEY from ${envFile}`);
    expect(readFileSync(envFile, "utf8")).toBe("# saved by onboarding\nOTHER=1\n");
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    const again = await runCli(["logout"], { home });
    expect(again.stderr).toContain("No saved LITELLM_API_KEY");
  });

  it("secret-looking values in config are redacted when printed", async () => {
    const home = tempHome(
      '[model_providers.litellm]\nhttp_headers = { Authorization = "Bearer sk-live-abcdef" }\nenv_key = "LITELLM_API_KEY"\n',
    );
    const out = await get(home, ["config", "get", "model_providers"]);
    expect(out).not.toContain("sk-live-abcdef");
    expect(out).toContain("[REDACTED]");
    expect(out).toContain("LITELLM_API_KEY");
  });
});

describe("-c on one key of a table the file defines", () => {
  it("is checked together with the file (e.g. disabling one MCP server)", async () => {
    const home = tempHome('[mcp_servers.docs]\ncommand = "docs-server"\n');
    expect(await get(home, ["config", "get", "-c", "mcp_servers.docs.enabled=false", "mcp_servers.docs.enabled"])).toBe(
      "false",
    );
    expect(await failure(home, ["config", "get", "-c", "mcp_servers.new.enabled=false", "model"])).toContain(
      "-c mcp_servers.new.enabled=false: mcp_servers.new: expected `command`",
    );
  });
});
