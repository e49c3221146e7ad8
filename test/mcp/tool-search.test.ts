// tool_search through the built CLI: a model whose catalog entry says `supports_search_tool` is
// offered upstream's `tool_search` instead of the subagent namespace and the MCP servers' tools;
// its `tool_search_call` is answered with the matching tools' specs (grouped in namespaces), the
// model calls the MCP tool it found in its namespace, and the tool runs. On the Chat wire, which
// has no tool_search, every tool is offered directly.
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../fixtures/fake-model-server.js";
import { runCli, tempHome } from "../support/cli.js";

const SERVER = path.resolve(import.meta.dirname, "fixtures/stdio-server.mjs");
const KEY = "sk-tool-search-key-123456";
const env = { LITELLM_API_KEY: KEY };

let model: FakeModelServer;
const cleanup: string[] = [];
beforeAll(async () => {
  model = await startFakeModelServer({ apiKey: KEY });
});
afterAll(async () => {
  await model.close();
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

type Item = Record<string, unknown> & { type: string };
type Body = { tools?: Array<{ type: string; name?: string; function?: { name: string } }>; input?: Item[] };

/** A home whose catalog lists `name` with `supports_search_tool`, and the stdio MCP server `docs`. */
function home(name: string, wire: "responses" | "chat", searchTool = true): string {
  const dir = tempHome(
    `model = "${name}"\nmodel_provider = "litellm"\nmodel_catalog_json = "catalog.json"\n` +
      `[model_providers.litellm]\nbase_url = "${model.url}"\nenv_key = "LITELLM_API_KEY"\nwire_api = "${wire}"\n` +
      `[telemetry]\nenabled = false\n` +
      `[mcp_servers.docs]\ncommand = ${JSON.stringify(process.execPath)}\nargs = ${JSON.stringify([SERVER])}\n` +
      `[mcp_servers.docs.tools.echo]\napproval_mode = "approve"\n`,
  );
  const entry = {
    slug: name,
    shell_type: "unified_exec",
    apply_patch_tool_type: "freeform",
    supports_search_tool: searchTool,
  };
  writeFileSync(path.join(dir, "catalog.json"), JSON.stringify({ models: [entry] }));
  const config = path.join(dir, "config.toml");
  writeFileSync(
    config,
    readFileSync(config, "utf8").replace('"catalog.json"', JSON.stringify(path.join(dir, "catalog.json"))),
  );
  cleanup.push(dir);
  return dir;
}

const toolNames = (body: Body) => (body.tools ?? []).map((t) => t.name ?? t.function?.name ?? t.type);

describe("tool_search (a catalog entry with supports_search_tool)", () => {
  it("Responses wire: the MCP and subagent tools are found with tool_search, and the tool found runs", async () => {
    const name = "tool-search-responses";
    model.setScript(name, [
      { output: [{ type: "tool_search_call", query: "echo text back", call_id: "search-1" }] },
      { function_call: { name: "echo", namespace: "mcp__docs", arguments: { text: "found me" }, call_id: "echo-1" } },
      { text: "done" },
    ]);
    const dir = home(name, "responses");
    const r = await runCli(["exec", "--json", "--skip-git-repo-check", "use the docs tools"], {
      home: dir,
      env,
      timeoutMs: 60_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const [first, second, third] = model.requests(name).map((q) => q.body as Body);
    const offered = toolNames(first as Body);
    expect(offered).toContain("tool_search");
    expect(offered).not.toContain("multi_agent_v1");
    expect(offered.filter((t) => t.startsWith("mcp__"))).toEqual([]);
    // The search went back with its answer: the echo tool in its server's namespace, deferred.
    const input = second?.input ?? [];
    expect(input.find((i) => i.type === "tool_search_call")).toMatchObject({ call_id: "search-1" });
    const answer = input.find((i) => i.type === "tool_search_output");
    expect(answer).toMatchObject({ call_id: "search-1", status: "completed", execution: "client" });
    const found = answer?.tools as Array<{ type: string; name: string; tools: Array<Record<string, unknown>> }>;
    expect(found[0]).toMatchObject({ type: "namespace", name: "mcp__docs" });
    expect(found[0]?.tools[0]).toMatchObject({ type: "function", name: "echo", defer_loading: true, strict: false });
    // The tool the model found ran, and the search stays in the rollout.
    const echoed = third?.input?.find((i) => i.type === "function_call_output" && i.call_id === "echo-1");
    expect(JSON.stringify(echoed?.output)).toContain("found me");
    expect(r.stdout).toContain('"type":"mcp_tool_call"');
    const rollout = readFileSync(sessionFile(dir), "utf8");
    expect(rollout).toContain('"type":"tool_search_output"');
  });

  it("a search for the subagent tools finds their namespace; a query matching nothing finds nothing", async () => {
    const name = "tool-search-agents";
    model.setScript(name, [
      { output: [{ type: "tool_search_call", query: "spawn a sub-agent", limit: 2, call_id: "s-agents" }] },
      { output: [{ type: "tool_search_call", query: "zzzqqq", call_id: "s-none" }] },
      { text: "done" },
    ]);
    const r = await runCli(["exec", "--json", "--skip-git-repo-check", "go"], {
      home: home(name, "responses"),
      env,
      timeoutMs: 60_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const last = (model.requests(name).at(-1)?.body as Body).input ?? [];
    const answers = last.filter((i) => i.type === "tool_search_output");
    const agents = answers[0]?.tools as Array<{ name: string; tools: Array<{ name: string }> }>;
    expect(agents.map((ns) => ns.name)).toEqual(["multi_agent_v1"]);
    expect(agents[0]?.tools.map((t) => t.name)).toContain("spawn_agent");
    expect(agents[0]?.tools.length).toBeLessThanOrEqual(2);
    expect(answers[1]).toMatchObject({ call_id: "s-none", tools: [] });
  });

  it.each([
    ["Chat wire (no tool_search there)", "chat", true, "spawn_agent", "mcp__docs__echo"],
    ["without supports_search_tool", "responses", false, "multi_agent_v1", "mcp__docs"],
  ] as const)("%s: every tool is offered directly", async (_what, wire, searchTool, agents, mcp) => {
    const name = `tool-search-direct-${wire}`;
    model.setScript(name, [{ text: "ok" }]);
    const r = await runCli(["exec", "--skip-git-repo-check", "go"], {
      home: home(name, wire, searchTool),
      env,
      timeoutMs: 60_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const offered = toolNames(model.requests(name)[0]?.body as Body);
    expect(offered).not.toContain("tool_search");
    expect(offered).toContain(mcp);
    expect(offered).toContain(agents);
  });
});

/** The one rollout file under `dir`. */
function sessionFile(dir: string): string {
  const file = readdirSync(path.join(dir, "sessions"), { recursive: true })
    .map(String)
    .find((f) => f.endsWith(".jsonl"));
  return path.join(dir, "sessions", file ?? "");
}
