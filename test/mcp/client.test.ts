// The MCP client against real servers written with the official SDK: a stdio child process and
// a streamable HTTP server on 127.0.0.1. No model involved: tools are run directly.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentEvent, ApprovalDecision } from "../../src/protocol/events.js";
import type { ResolvedConfig } from "../../src/config/load.js";
import {
  McpConnectionManager,
  mcpServerSettings,
  startMcpServers,
  type McpServerSettings,
} from "../../src/mcp/index.js";
import type { McpToolResult } from "../../src/mcp/tool.js";
import { runTool } from "../../src/tools/run-tool.js";
import type { Tool, ToolContext } from "../../src/tools/tool.js";
import { startHttpMcpServer, type TestHttpMcpServer } from "./fixtures/http-server.js";
// @ts-expect-error plain ESM fixture without type declarations
import { RED_PIXEL_PNG } from "./fixtures/tools.mjs";
import { SecretRedactor } from "../../src/util/redact.js";

const SERVER = path.resolve(import.meta.dirname, "fixtures/stdio-server.mjs");
const stdio = (name: string, extra: Record<string, unknown> = {}, args: string[] = []): McpServerSettings =>
  mcpServerSettings(name, { command: process.execPath, args: [SERVER, ...args], ...extra }) as McpServerSettings;

function context(overrides: Partial<ResolvedConfig> = {}, answer: ApprovalDecision = "denied") {
  const events: AgentEvent[] = [];
  const questions: unknown[] = [];
  const ctx: ToolContext = {
    config: { approvalPolicy: "on-request", sandboxMode: "read-only", ...overrides } as ResolvedConfig,
    cwd: process.cwd(),
    sandboxPolicy: { type: "read-only" },
    signal: new AbortController().signal,
    emit: (e) => events.push(e),
    requestApproval: async (q) => {
      questions.push(q);
      return { decision: answer, source: "user", hookMessage: null };
    },
    decided: () => {},
    approvedForSession: new Set(),
    redactor: new SecretRedactor(),
  };
  return { ctx, events, questions };
}

const call = (tools: Tool[], name: string, args: unknown, ctx: ToolContext): Promise<McpToolResult> => {
  if (!tools.some((t) => t.name === name))
    throw new Error(`no tool ${name}; have ${tools.map((t) => t.name).join(", ")}`);
  return runTool(tools, { kind: "function", callId: "call_1", name, arguments: JSON.stringify(args) }, ctx);
};

describe("MCP client: stdio server", () => {
  let manager: McpConnectionManager;
  let tools: Tool[];
  const pidfile = path.join(mkdtempSync(path.join(os.tmpdir(), "mcp-pid-")), "pid");
  beforeAll(async () => {
    manager = await McpConnectionManager.start(
      [
        stdio("docs", { env: { FROM_CONFIG: "configured" }, tool_timeout_sec: 1, disabled_tools: ["fail"] }, [
          "--pidfile",
          pidfile,
        ]),
      ],
      {
        env: { ...process.env, SECRET_NOT_FORWARDED: "x" },
      },
    );
    tools = await manager.tools();
  });
  afterAll(() => manager.close());

  it("lists the tools under upstream's qualified names (sorted), after disabled_tools", () => {
    expect(manager.failures).toEqual([]);
    expect(tools.map((t) => t.name)).toEqual([
      "mcp__docs__add",
      "mcp__docs__delete_item",
      "mcp__docs__echo",
      "mcp__docs__env",
      "mcp__docs__lookup",
      "mcp__docs__pixel",
      "mcp__docs__sleep",
    ]);
    const echo = tools.find((t) => t.name === "mcp__docs__echo");
    expect(echo?.namespace).toEqual({ name: "mcp__docs", description: "Tools in the mcp__docs namespace." });
    // The Chat wire offers it by its qualified name; the Responses wire inside the server's namespace.
    expect(echo?.spec("chat", { approvalPolicy: "never" })).toMatchObject({ name: "mcp__docs__echo" });
    const spec = echo?.spec("responses", { approvalPolicy: "never" });
    expect(spec).toEqual({
      type: "function",
      name: "echo",
      description: "Echoes the text back.",
      strict: false,
      parameters: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
    });
    // A schema without `properties` gets an empty one, as upstream does.
    expect(tools.find((t) => t.name === "mcp__docs__pixel")?.spec("chat", { approvalPolicy: "never" })).toMatchObject({
      parameters: { type: "object", properties: {} },
    });
  });

  it("calls a tool: begin/end events, content JSON as the output", async () => {
    const { ctx, events } = context();
    const result = await call(tools, "mcp__docs__echo", { text: "hi" }, ctx);
    expect(result).toEqual({ output: '[{"type":"text","text":"echo: hi"}]', success: true });
    expect(events).toEqual([
      { type: "mcp_call_begin", callId: "call_1", server: "docs", tool: "echo", arguments: { text: "hi" } },
      {
        type: "mcp_call_end",
        callId: "call_1",
        server: "docs",
        tool: "echo",
        arguments: { text: "hi" },
        result: { content: [{ type: "text", text: "echo: hi" }] },
        error: null,
      },
    ]);
  });

  it("structured content wins; images become content items", async () => {
    expect(await call(tools, "mcp__docs__add", { a: 2, b: 3 }, context().ctx)).toEqual({
      output: '{"sum":5}',
      success: true,
    });
    const pixel = await call(tools, "mcp__docs__pixel", {}, context().ctx);
    expect(pixel.contentItems).toEqual([
      { type: "input_text", text: "a red pixel" },
      { type: "input_image", image_url: `data:image/png;base64,${RED_PIXEL_PNG}` },
    ]);
    expect(JSON.parse(pixel.output)).toEqual(pixel.contentItems);
  });

  it("passes env from config and upstream's default variables only", async () => {
    const get = async (name: string) =>
      JSON.parse((await call(tools, "mcp__docs__env", { name }, context().ctx)).output)[0].text;
    expect(await get("FROM_CONFIG")).toBe("configured");
    expect(await get("PATH")).toBe(process.env.PATH);
    expect(await get("SECRET_NOT_FORWARDED")).toBe("(unset)");
  });

  it("a call past tool_timeout_sec is an error output; the connection stays usable", async () => {
    const { ctx, events } = context();
    const started = Date.now();
    const result = await call(tools, "mcp__docs__sleep", { ms: 5000 }, ctx);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(result.success).toBe(false);
    expect(JSON.parse(result.output)).toEqual([
      {
        type: "text",
        text: "tool call error: tool call failed for `docs/sleep`: timed out after 1 seconds (tool_timeout_sec)",
      },
    ]);
    expect(events.at(-1)).toMatchObject({
      type: "mcp_call_end",
      result: null,
      error: expect.stringContaining("timed out after 1 seconds"),
    });
    expect((await call(tools, "mcp__docs__echo", { text: "still here" }, context().ctx)).output).toContain(
      "echo: still here",
    );
  });

  it("approvals: read-only and unannotated tools run; a destructive one is asked for", async () => {
    const asked = context({ approvalPolicy: "on-request" }, "denied");
    expect((await call(tools, "mcp__docs__lookup", { id: "1" }, asked.ctx)).output).toContain("found 1");
    expect(asked.questions).toEqual([]);
    const denied = await call(tools, "mcp__docs__delete_item", { id: "7" }, asked.ctx);
    expect(asked.questions).toEqual([
      {
        kind: "mcp",
        mcp: { server: "docs", tool: "delete_item", arguments: { id: "7" } },
        cwd: process.cwd(),
        reason: 'Allow the docs MCP server to run tool "delete_item"?',
      },
    ]);
    expect(JSON.parse(denied.output)).toEqual([{ type: "text", text: "user rejected MCP tool call" }]);
    expect(asked.events.at(-1)).toMatchObject({
      type: "mcp_call_end",
      tool: "delete_item",
      error: "user rejected MCP tool call",
    });

    // A PermissionRequest hook's denial: the model reads the hook's message, as upstream words it.
    const hooked = context({ approvalPolicy: "on-request" });
    hooked.ctx.requestApproval = () =>
      Promise.resolve({ decision: "denied", source: "config", hookMessage: "no deletes on Fridays" });
    const refused = await call(tools, "mcp__docs__delete_item", { id: "9" }, hooked.ctx);
    expect(JSON.parse(refused.output)).toEqual([{ type: "text", text: "no deletes on Fridays" }]);

    const forSession = context({ approvalPolicy: "untrusted" }, "approved_for_session");
    expect((await call(tools, "mcp__docs__delete_item", { id: "7" }, forSession.ctx)).output).toContain("deleted 7");
    expect((await call(tools, "mcp__docs__delete_item", { id: "8" }, forSession.ctx)).output).toContain("deleted 8");
    expect(forSession.questions).toHaveLength(1);

    const never = context({ approvalPolicy: "never", sandboxMode: "workspace-write" });
    expect((await call(tools, "mcp__docs__delete_item", { id: "7" }, never.ctx)).output).toContain(
      'approval_policy is \\"never\\"',
    );
    expect(never.questions).toEqual([]);
    const fullAccess = context({ approvalPolicy: "never", sandboxMode: "danger-full-access" });
    expect((await call(tools, "mcp__docs__delete_item", { id: "7" }, fullAccess.ctx)).output).toContain("deleted 7");
  });

  it("bad arguments are answered to the model without calling the server", async () => {
    const { ctx, events } = context();
    const result = await runTool(
      tools,
      { kind: "function", callId: "c", name: "mcp__docs__echo", arguments: "{not json" },
      ctx,
    );
    expect(result.success).toBe(false);
    expect(result.output).toMatch(/^\[\{"type":"text","text":"err: /);
    expect(events).toEqual([]);
  });

  it("close() stops the server process", async () => {
    const pid = Number(readFileSync(pidfile, "utf8"));
    expect(() => process.kill(pid, 0)).not.toThrow();
    await manager.close();
    expect(() => process.kill(pid, 0)).toThrow();
  });
});

describe("MCP client: start-up failures", () => {
  it("servers start in parallel; each failure is one line and the others work", async () => {
    const started = Date.now();
    const manager = await McpConnectionManager.start([
      stdio("good"),
      stdio("crashes", {}, ["--crash"]),
      stdio("hangs", { startup_timeout_sec: 1 }, ["--hang"]),
      mcpServerSettings("missing", { command: "/nonexistent/mcp-server" }) as McpServerSettings,
      mcpServerSettings("bad.name", { command: process.execPath }) as McpServerSettings,
      mcpServerSettings("nohttp", { url: "http://127.0.0.1:9/mcp" }) as McpServerSettings,
    ]);
    try {
      expect(Date.now() - started).toBeLessThan(5000);
      expect(manager.connections.map((c) => c.server)).toEqual(["good"]);
      const errors = Object.fromEntries(manager.failures.map((f) => [f.server, f.error]));
      for (const e of Object.values(errors)) expect(e).not.toContain("\n");
      expect(errors["bad.name"]).toBe(
        "MCP client for `bad.name` failed to start: invalid MCP server name 'bad.name': must match pattern ^[a-zA-Z0-9_-]+$",
      );
      expect(errors.crashes).toMatch(
        /^MCP client for `crashes` failed to start: .*\(stderr: boom: the test server refuses to start\)$/,
      );
      expect(errors.hangs).toBe(
        "MCP client for `hangs` timed out after 1 seconds; add or adjust `startup_timeout_sec` in [mcp_servers.hangs] in config.toml",
      );
      expect(errors.missing).toMatch(/^MCP client for `missing` failed to start: .*ENOENT/);
      expect(errors.nohttp).toMatch(/^MCP client for `nohttp` failed to start: .*(ECONNREFUSED|fetch failed)/);
    } finally {
      await manager.close();
    }
  });

  it("no enabled server: null, and the SDK is not needed", async () => {
    expect(await startMcpServers({ mcpServers: {} })).toBeNull();
    expect(await startMcpServers({ mcpServers: { off: { command: "x", enabled: false } } })).toBeNull();
  });
});

describe("MCP client: streamable HTTP server", () => {
  let http: TestHttpMcpServer;
  beforeAll(async () => {
    http = await startHttpMcpServer({ token: "tok-123" });
  });
  afterAll(() => http.close());

  it("sends the bearer token and headers, lists and calls tools", async () => {
    const settings = mcpServerSettings("remote", {
      url: http.url,
      bearer_token_env_var: "REMOTE_TOKEN",
      http_headers: { "X-Static": "s" },
      env_http_headers: { "X-From-Env": "REMOTE_HEADER" },
      enabled_tools: ["echo", "add"],
    }) as McpServerSettings;
    const manager = await McpConnectionManager.start([settings], {
      env: { REMOTE_TOKEN: "tok-123", REMOTE_HEADER: "h" },
    });
    try {
      expect(manager.failures).toEqual([]);
      const tools = await manager.tools();
      expect(tools.map((t) => t.name)).toEqual(["mcp__remote__add", "mcp__remote__echo"]);
      expect((await call(tools, "mcp__remote__add", { a: 1, b: 2 }, context().ctx)).output).toBe('{"sum":3}');
      expect(http.headers.at(-1)).toMatchObject({
        authorization: "Bearer tok-123",
        "x-static": "s",
        "x-from-env": "h",
      });
    } finally {
      await manager.close();
    }
  });

  it("a missing token variable or a rejected token is one start-up line", async () => {
    const unset = await McpConnectionManager.start(
      [mcpServerSettings("remote", { url: http.url, bearer_token_env_var: "NOPE_TOKEN" }) as McpServerSettings],
      { env: {} },
    );
    expect(unset.failures).toEqual([
      { server: "remote", error: "Environment variable NOPE_TOKEN for MCP server 'remote' is not set" },
    ]);
    const wrong = await McpConnectionManager.start(
      [mcpServerSettings("remote", { url: http.url, bearer_token_env_var: "T" }) as McpServerSettings],
      { env: { T: "wrong" } },
    );
    expect(wrong.failures[0]?.error).toMatch(/^MCP client for `remote` failed to start: .*401/);
    expect(existsSync(SERVER)).toBe(true);
  });
});
