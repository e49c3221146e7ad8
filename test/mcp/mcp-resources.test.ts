// Upstream's MCP resource tools through the built CLI: `exec --json` against the scripted fake
// model with a stdio server and a streamable HTTP server that both list resources (two pages)
// and a template. The model's calls get upstream's JSON payloads; the tools are offered before
// update_plan only when MCP servers are configured.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { useMcpExecSession } from "./fixtures/exec-session.js";
import { startHttpMcpServer, type TestHttpMcpServer } from "./fixtures/http-server.js";

const SERVER = path.resolve(import.meta.dirname, "fixtures/stdio-server.mjs");
const KEY = "sk-mcp-resources-key-123456";

const session = useMcpExecSession(KEY);
const home = (modelName: string, mcp: string) => session.home(modelName, mcp);
let http: TestHttpMcpServer;
beforeAll(async () => {
  http = await startHttpMcpServer();
});
afterAll(async () => {
  await http.close();
});

const servers = () =>
  `[mcp_servers.docs]\ncommand = ${JSON.stringify(process.execPath)}\nargs = ${JSON.stringify([SERVER])}\n[mcp_servers.remote]\nurl = "${http.url}"\n`;

async function exec(homeDir: string) {
  const r = await runCli(["exec", "--json", "--skip-git-repo-check", "look at the resources"], {
    home: homeDir,
    env: { LITELLM_API_KEY: KEY },
    timeoutMs: 30_000,
  });
  const events = r.stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type: string; item?: Record<string, unknown> });
  return { ...r, items: events.filter((e) => e.type === "item.completed").map((e) => e.item ?? {}) };
}

function output(modelName: string, callId: string): string | undefined {
  const out = session.toolOutput(modelName, callId);
  return out === undefined || typeof out === "string" ? out : JSON.stringify(out);
}

const json = (text: string | undefined): unknown => JSON.parse(text ?? "null");

function offered(modelName: string): Array<{ name?: string; parameters?: unknown }> {
  return (session.model.requests(modelName)[0]?.body as { tools?: Array<{ name?: string }> }).tools ?? [];
}

describe("MCP resources, as upstream's list_mcp_resources / list_mcp_resource_templates / read_mcp_resource", () => {
  it("lists every server's resources, one server's pages, templates, and reads one", async () => {
    const m = "mcp-resources-1";
    const call = (name: string, args: Record<string, unknown>, id: string) => ({
      name,
      arguments: args,
      call_id: id,
    });
    session.model.setScript(m, [
      {
        function_call: [
          call("list_mcp_resources", {}, "all"),
          call("list_mcp_resources", { server: "docs" }, "docs1"),
          call("list_mcp_resources", { server: "docs", cursor: "page-2" }, "docs2"),
          call("list_mcp_resource_templates", { server: " remote " }, "tpl"),
          call("read_mcp_resource", { server: "remote", uri: "memo://two" }, "read"),
          call("read_mcp_resource", { server: "nope", uri: "memo://two" }, "unknown"),
          call("list_mcp_resources", { cursor: "page-2" }, "nocursor"),
        ],
      },
      { text: "done" },
    ]);
    const r = await exec(home(m, servers()));
    expect(r.code, r.stderr).toBe(0);

    const names = offered(m).map((t) => t.name);
    expect(names.filter((n) => n?.includes("resource"))).toEqual([
      "list_mcp_resources",
      "list_mcp_resource_templates",
      "read_mcp_resource",
    ]);
    // Where upstream 0.171 lists them: right after the shell tools, before request_user_input.
    expect(names.slice(0, 5)).toEqual([
      "exec_command",
      "write_stdin",
      "list_mcp_resources",
      "list_mcp_resource_templates",
      "read_mcp_resource",
    ]);
    expect(names[5]).toBe("request_user_input");
    expect(offered(m).find((t) => t.name === "read_mcp_resource")?.parameters).toEqual({
      type: "object",
      properties: {
        server: {
          type: "string",
          description:
            "MCP server name exactly as configured. Must match the 'server' field returned by list_mcp_resources.",
        },
        uri: {
          type: "string",
          description: "Resource URI to read. Must be one of the URIs returned by list_mcp_resources.",
        },
      },
      required: ["server", "uri"],
      additionalProperties: false,
    });

    const memo = (server: string, uri: string, name: string, extra: Record<string, unknown> = {}) => ({
      server,
      uri,
      name,
      ...extra,
      mimeType: "text/plain",
    });
    const one = { description: "The first memo." };
    // Every page of every server, servers in name order, no cursor.
    expect(json(output(m, "all"))).toEqual({
      resources: [
        memo("docs", "memo://one", "one", one),
        memo("docs", "memo://two", "two"),
        memo("remote", "memo://one", "one", one),
        memo("remote", "memo://two", "two"),
      ],
    });
    expect(json(output(m, "docs1"))).toEqual({
      server: "docs",
      resources: [memo("docs", "memo://one", "one", one)],
      nextCursor: "page-2",
    });
    expect(json(output(m, "docs2"))).toEqual({ server: "docs", resources: [memo("docs", "memo://two", "two")] });
    expect(json(output(m, "tpl"))).toEqual({
      server: "remote",
      resourceTemplates: [{ server: "remote", uriTemplate: "memo://{id}", name: "memo", description: "A memo by id." }],
    });
    expect(json(output(m, "read"))).toEqual({
      server: "remote",
      uri: "memo://two",
      contents: [{ uri: "memo://two", mimeType: "text/plain", text: "memo two from http-test" }],
    });
    expect(output(m, "unknown")).toBe("resources/read failed: unknown MCP server 'nope'");
    expect(output(m, "nocursor")).toBe("cursor can only be used when a server is specified");

    // Each call is an mcp_tool_call item; listing every server is shown as server `codex`.
    const calls = r.items.filter((i) => i.type === "mcp_tool_call");
    expect(calls.map((i) => [i.server, i.tool, i.status])).toEqual([
      ["codex", "list_mcp_resources", "completed"],
      ["docs", "list_mcp_resources", "completed"],
      ["docs", "list_mcp_resources", "completed"],
      ["remote", "list_mcp_resource_templates", "completed"],
      ["remote", "read_mcp_resource", "completed"],
      ["nope", "read_mcp_resource", "failed"],
      ["codex", "list_mcp_resources", "failed"],
    ]);
  });

  it("are not offered without MCP servers", async () => {
    const m = "mcp-resources-none";
    session.model.setScript(m, [{ text: "plain" }]);
    const r = await exec(home(m, ""));
    expect(r.code, r.stderr).toBe(0);
    expect(offered(m).map((t) => t.name)).not.toContain("list_mcp_resources");
  });
});
