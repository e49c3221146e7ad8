import { describe, expect, it } from "vitest";
import {
  allMcpServers,
  enabledMcpServers,
  mcpServerSettings,
  stdioServerEnv,
  toolAllowed,
  toolApprovalMode,
} from "./config.js";

describe("[mcp_servers] settings", () => {
  it("stdio and HTTP transports with upstream's defaults (10 s start-up, 60 s per call)", () => {
    expect(mcpServerSettings("a", { command: "srv", args: ["-x"], env: { K: "v" }, cwd: "/w" })).toMatchObject({
      name: "a",
      enabled: true,
      startupTimeoutMs: 10_000,
      toolTimeoutMs: 60_000,
      disabledTools: [],
      defaultApprovalMode: "auto",
      transport: { type: "stdio", command: "srv", args: ["-x"], env: { K: "v" }, envVars: [], cwd: "/w" },
    });
    expect(
      mcpServerSettings("b", {
        url: "http://h/mcp",
        bearer_token_env_var: "T",
        http_headers: { X: "1" },
        env_http_headers: { Y: "YV" },
        startup_timeout_sec: 2.5,
        tool_timeout_sec: 7,
      }),
    ).toMatchObject({
      startupTimeoutMs: 2500,
      toolTimeoutMs: 7000,
      transport: {
        type: "streamable_http",
        url: "http://h/mcp",
        bearerTokenEnvVar: "T",
        httpHeaders: { X: "1" },
        envHttpHeaders: { Y: "YV" },
      },
    });
    expect(mcpServerSettings("c", { command: "x", startup_timeout_ms: 1500 })?.startupTimeoutMs).toBe(1500);
    expect(mcpServerSettings("d", { args: [] })).toBeNull();
  });

  it("enabled = false servers are listed but not started", () => {
    const servers = { on: { command: "a" }, off: { command: "b", enabled: false } };
    expect(allMcpServers(servers).map((s) => s.name)).toEqual(["on", "off"]);
    expect(enabledMcpServers(servers).map((s) => s.name)).toEqual(["on"]);
  });

  it("tool filter: enabled_tools first, then disabled_tools", () => {
    const s = { enabledTools: ["keep", "remove"], disabledTools: ["remove"] };
    expect(["keep", "remove", "other"].map((t) => toolAllowed(s, t))).toEqual([true, false, false]);
    expect(toolAllowed({ enabledTools: undefined, disabledTools: ["x"] }, "y")).toBe(true);
  });

  it("approval modes: per tool, else default_tools_approval_mode, else auto", () => {
    const s = mcpServerSettings("a", {
      command: "x",
      default_tools_approval_mode: "prompt",
      tools: { safe: { approval_mode: "approve" }, odd: { approval_mode: "bogus" } },
    });
    expect(s && ["safe", "odd", "other"].map((t) => toolApprovalMode(s, t))).toEqual(["approve", "prompt", "prompt"]);
  });

  it("stdio environment: upstream's default variables, then env_vars, then env", () => {
    const t = {
      type: "stdio" as const,
      command: "x",
      args: [],
      env: { HOME: "/override", A: "1" },
      envVars: ["EXTRA"],
    };
    expect(stdioServerEnv(t, { PATH: "/bin", HOME: "/h", EXTRA: "e", SECRET_TOKEN: "s" })).toEqual({
      PATH: "/bin",
      HOME: "/override",
      EXTRA: "e",
      A: "1",
    });
  });
});
