// `codex-litellm mcp add|list|get|remove` through the built CLI: config.toml is edited in
// place (comments and unknown keys kept) and the output follows upstream's `codex mcp`.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { runCli, tempHome } from "../support/cli.js";

const CONFIG = `# my settings
model = "m" # the model
future_upstream_key = { nested = true }

[mcp_servers.existing]
command = "existing-server" # keep this comment
args = ["--flag"]
some_unknown_option = 42

[profiles.p]
model = "q"
`;

const mcp = (home: string, ...args: string[]) => runCli(["mcp", ...args], { home });
const read = (home: string) => readFileSync(path.join(home, "config.toml"), "utf8");

/** The `remote` server's transport as `mcp list --json` and `mcp get --json` show it. */
const REMOTE_TRANSPORT = {
  type: "streamable_http",
  url: "https://mcp.example.com/mcp",
  bearer_token_env_var: "REMOTE_TOKEN",
  http_headers: null,
  env_http_headers: null,
};

/** What `mcp add` and `mcp remove` leave as it was in config.toml: comments, unknown keys, other tables. */
const KEPT_BY_EDITS = [
  "# my settings",
  "# the model",
  "future_upstream_key",
  "# keep this comment",
  "some_unknown_option = 42",
  "[profiles.p]",
];

describe("mcp add / list / get / remove", () => {
  it("adds stdio and HTTP servers, keeping comments and unknown keys; removes them again", async () => {
    const home = tempHome(CONFIG);
    const add = await mcp(
      home,
      "add",
      "docs",
      "--env",
      "API_TOKEN=s3cret",
      "--env",
      "MODE=fast",
      "--",
      "npx",
      "-y",
      "@acme/docs-mcp",
      "--port",
      "3",
    );
    expect(add).toMatchObject({ code: 0, stdout: "Added global MCP server 'docs'.\n", stderr: "" });
    const http = await mcp(
      home,
      "add",
      "remote",
      "--url",
      "https://mcp.example.com/mcp",
      "--bearer-token-env-var",
      "REMOTE_TOKEN",
    );
    expect(http).toMatchObject({ code: 0, stdout: "Added global MCP server 'remote'.\n" });

    const text = read(home);
    for (const kept of KEPT_BY_EDITS) expect(text).toContain(kept);
    const doc = parse(text) as { mcp_servers: Record<string, unknown> };
    expect(doc.mcp_servers.docs).toEqual({
      command: "npx",
      args: ["-y", "@acme/docs-mcp", "--port", "3"],
      env: { API_TOKEN: "s3cret", MODE: "fast" },
    });
    expect(doc.mcp_servers.remote).toEqual({
      url: "https://mcp.example.com/mcp",
      bearer_token_env_var: "REMOTE_TOKEN",
    });

    const list = await mcp(home, "list");
    expect(list.code).toBe(0);
    expect(list.stdout).toBe(
      [
        "Name      Command          Args                        Env                          Cwd  Status",
        "docs      npx              -y @acme/docs-mcp --port 3  API_TOKEN=*****, MODE=*****  -    enabled",
        "existing  existing-server  --flag                      -                            -    enabled",
        "",
        "Name    Url                          Bearer Token Env Var  Status",
        "remote  https://mcp.example.com/mcp  REMOTE_TOKEN          enabled",
        "",
      ].join("\n"),
    );
    expect(list.stdout).not.toContain("s3cret");

    const json = JSON.parse((await mcp(home, "list", "--json")).stdout) as Array<Record<string, unknown>>;
    expect(json.map((s) => s.name)).toEqual(["docs", "existing", "remote"]);
    expect(json[0]).toEqual({
      name: "docs",
      enabled: true,
      transport: {
        type: "stdio",
        command: "npx",
        args: ["-y", "@acme/docs-mcp", "--port", "3"],
        env: { API_TOKEN: "[REDACTED]", MODE: "fast" },
        env_vars: [],
        cwd: null,
      },
      startup_timeout_sec: null,
      tool_timeout_sec: null,
    });
    expect(json[2]).toMatchObject({
      transport: REMOTE_TRANSPORT,
    });

    const get = await mcp(home, "get", "docs");
    expect(get.stdout).toBe(
      "docs\n  enabled: true\n  transport: stdio\n  command: npx\n  args: -y @acme/docs-mcp --port 3\n  cwd: -\n  env: API_TOKEN=*****, MODE=*****\n  remove: codex-litellm mcp remove docs\n",
    );
    const getHttp = JSON.parse((await mcp(home, "get", "remote", "--json")).stdout);
    expect(getHttp).toEqual({
      name: "remote",
      enabled: true,
      transport: REMOTE_TRANSPORT,
      enabled_tools: null,
      disabled_tools: null,
      startup_timeout_sec: null,
      tool_timeout_sec: null,
    });

    expect(await mcp(home, "remove", "docs")).toMatchObject({ code: 0, stdout: "Removed global MCP server 'docs'.\n" });
    expect(await mcp(home, "remove", "remote")).toMatchObject({ code: 0 });
    const after = read(home);
    expect(after).not.toContain("docs-mcp");
    expect(after).not.toContain("REMOTE_TOKEN");
    for (const kept of KEPT_BY_EDITS) expect(after).toContain(kept);
    expect((await mcp(home, "list")).stdout).toMatch(/^Name +Command/);
  });

  it("the removed last server leaves no empty table; list says how to add one", async () => {
    const home = tempHome('model = "m"\n');
    await mcp(home, "add", "only", "--", "server-bin");
    expect(parse(read(home))).toEqual({ model: "m", mcp_servers: { only: { command: "server-bin", args: [] } } });
    await mcp(home, "remove", "only");
    expect(parse(read(home))).toEqual({ model: "m" });
    expect((await mcp(home, "list")).stdout).toBe(
      "No MCP servers configured yet. Try `codex-litellm mcp add my-tool -- my-command`.\n",
    );
    expect((await mcp(home, "list", "--json")).stdout).toBe("[]\n");
  });

  it("bad input is one line and leaves config.toml untouched", async () => {
    const home = tempHome(CONFIG);
    const cases: Array<[string[], number, RegExp]> = [
      [
        ["add", "existing", "--", "other"],
        2,
        /^codex-litellm: MCP server 'existing' already exists in .*config\.toml; remove it first/,
      ],
      [["add", "nothing"], 2, /missing the server to add: `codex-litellm mcp add nothing -- <command>/],
      [["add", "both", "--url", "http://x/mcp", "--", "cmd"], 2, /either a command \(after --\) or --url, not both/],
      [["add", "bad.name", "--", "cmd"], 2, /invalid server name 'bad\.name' \(use letters, numbers, '-', '_'\)/],
      [["add", "e", "--env", "NOEQUALS", "--", "cmd"], 2, /environment entries must be in KEY=VALUE form/],
      [["add", "h", "--url", "ftp://x"], 2, /--url "ftp:\/\/x": expected an http:\/\/ or https:\/\/ URL/],
      [["add", "h", "--url", "http://x/mcp", "--env", "A=1"], 2, /--env is only valid with stdio servers/],
      [["add", "s", "--bearer-token-env-var", "T", "--", "cmd"], 2, /--bearer-token-env-var is only valid with --url/],
      [["get", "ghost"], 1, /^codex-litellm: No MCP server named 'ghost' found\.$/],
      [["remove", "ghost"], 1, /^codex-litellm: No MCP server named 'ghost' found in .*config\.toml\.$/],
    ];
    for (const [args, code, message] of cases) {
      const r = await mcp(home, ...args);
      expect({ args, code: r.code }).toEqual({ args, code });
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
      expect(r.stdout).toBe("");
    }
    expect(read(home)).toBe(CONFIG);
  });

  it("list and get see -c overrides and disabled servers; the table shows cwd and timeouts", async () => {
    const home = tempHome(
      '[mcp_servers.a]\ncommand = "a-bin"\ncwd = "/srv"\nenabled = false\nstartup_timeout_ms = 2500\ntool_timeout_sec = 5\nenabled_tools = ["x"]\n',
    );
    const list = await mcp(home, "list");
    expect(list.stdout).toBe("Name  Command  Args  Env  Cwd   Status\na     a-bin    -     -    /srv  disabled\n");
    const get = await mcp(home, "get", "a", "--json");
    expect(JSON.parse(get.stdout)).toMatchObject({
      enabled: false,
      enabled_tools: ["x"],
      startup_timeout_sec: 2.5,
      tool_timeout_sec: 5,
      transport: { cwd: "/srv" },
    });
    const human = await mcp(home, "get", "a");
    expect(human.stdout).toContain("  enabled_tools: x\n");
    expect(human.stdout).toContain("  startup_timeout_sec: 2.5\n  tool_timeout_sec: 5\n");
    writeFileSync(path.join(home, "config.toml"), `${read(home)}[mcp_servers.b]\nurl = "http://h/mcp"\n`);
    const withOverride = await runCli(
      ["mcp", "list", "--json", "-c", 'mcp_servers.b={ url = "http://h/mcp", enabled = false }'],
      { home },
    );
    expect(JSON.parse(withOverride.stdout).map((s: { name: string; enabled: boolean }) => [s.name, s.enabled])).toEqual(
      [
        ["a", false],
        ["b", false],
      ],
    );
  });
});
