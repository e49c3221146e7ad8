// MCP tools through the built CLI: `codex-litellm exec --json` against the scripted fake model
// server, with a real stdio MCP server (a node script using the SDK) and a streamable HTTP one
// on 127.0.0.1. The fake model calls the MCP tool (on the Responses wire as upstream 0.171 offers it,
// by its own name in the server's `mcp__<server>` namespace; on the Chat wire by its qualified
// name); the next request must carry the tool's output back.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer, type FakeStep } from "../fixtures/fake-model-server.js";
import { assertValidExecEvents } from "../schemas/validate.js";
import { runCli, tempHome } from "../support/cli.js";
import { rollout } from "../faults/support.js";
import { trustAllHooks } from "../support/hook-trust.js";
import { startHttpMcpServer, type TestHttpMcpServer } from "./fixtures/http-server.js";

const SERVER = path.resolve(import.meta.dirname, "fixtures/stdio-server.mjs");
const KEY = "sk-mcp-e2e-key-123456";
const env = { LITELLM_API_KEY: KEY };

let model: FakeModelServer;
let http: TestHttpMcpServer;
const cleanup: string[] = [];
beforeAll(async () => {
  model = await startFakeModelServer({ apiKey: KEY });
  http = await startHttpMcpServer();
});
afterAll(async () => {
  await model.close();
  await http.close();
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

let n = 0;
const toml = (v: unknown) => JSON.stringify(v);

function home(modelName: string, mcp: string, wire: "responses" | "chat" = "responses"): string {
  const dir = tempHome(
    `model = "${modelName}"\nmodel_provider = "litellm"\n[model_providers.litellm]\nbase_url = "${model.url}"\nenv_key = "LITELLM_API_KEY"\nwire_api = "${wire}"\n[telemetry]\nenabled = false\n${mcp}`,
  );
  cleanup.push(dir);
  return dir;
}

const stdioServer = (name: string, extra = "", args: string[] = []) =>
  `[mcp_servers.${name}]\ncommand = ${toml(process.execPath)}\nargs = ${toml([SERVER, ...args])}\n${extra}\n`;

async function exec(homeDir: string, extraArgs: string[] = []) {
  const r = await runCli(["exec", "--json", "--skip-git-repo-check", ...extraArgs, "use the tool"], {
    home: homeDir,
    env,
    timeoutMs: 30_000,
  });
  const lines = r.stdout.trim().split("\n").filter(Boolean);
  const events = lines.map((l) => JSON.parse(l) as { type: string; item?: Record<string, unknown> });
  return {
    ...r,
    lines,
    events,
    items: events.filter((e) => e.type === "item.completed").map((e) => e.item as Record<string, unknown>),
  };
}

/** The tool output the model got for `callId`, on either wire. */
function outputFor(modelName: string, callId: string): unknown {
  for (const req of model.requests(modelName)) {
    const body = req.body as { input?: Array<Record<string, unknown>>; messages?: Array<Record<string, unknown>> };
    const item = body.input?.find((i) => i.type === "function_call_output" && i.call_id === callId);
    if (item) return item.output;
    const msg = body.messages?.find((m) => m.role === "tool" && m.tool_call_id === callId);
    if (msg) return msg.content;
  }
  return undefined;
}

interface OfferedTool {
  type?: string;
  name?: string;
  function?: { name: string };
  tools?: OfferedTool[];
}

function offered(modelName: string): OfferedTool[] {
  return (model.requests(modelName)[0]?.body as { tools?: OfferedTool[] }).tools ?? [];
}

function offeredTools(modelName: string): string[] {
  return offered(modelName).map((t) => t.name ?? t.function?.name ?? "?");
}

const callStep = (name: string, args: Record<string, unknown>, callId: string, namespace?: string): FakeStep => ({
  function_call: { name, arguments: args, call_id: callId, ...(namespace && { namespace }) },
});

describe.each(["responses", "chat"] as const)("exec with a stdio MCP server (%s wire)", (wire) => {
  it("offers the tool, runs it, returns its output to the model, and reports an mcp_tool_call item", async () => {
    const m = `mcp-stdio-${wire}-${++n}`;
    const call =
      wire === "responses"
        ? callStep("echo", { text: "hello" }, "call_echo", "mcp__docs")
        : callStep("mcp__docs__echo", { text: "hello" }, "call_echo");
    model.setScript(m, [call, { text: "The tool said hello." }]);
    const pidDir = mkdtempSync(path.join(os.tmpdir(), "mcp-pid-"));
    cleanup.push(pidDir);
    const pidfile = path.join(pidDir, "pid");
    const codexHome = home(m, stdioServer("docs", "", ["--pidfile", pidfile]), wire);
    const r = await exec(codexHome);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    assertValidExecEvents(r.lines);
    const servers = ["add", "delete_item", "echo", "env", "fail", "lookup", "pixel", "sleep"];
    if (wire === "responses") {
      // One namespace for the server, its tools by their own names, sorted (as upstream 0.171).
      expect(offeredTools(m)).toEqual(expect.arrayContaining(["exec_command", "mcp__docs"]));
      const namespace = offered(m).find((t) => t.name === "mcp__docs");
      expect(namespace).toMatchObject({ type: "namespace", description: "Tools in the mcp__docs namespace." });
      expect(namespace?.tools?.map((t) => t.name)).toEqual(servers);
      expect(offeredTools(m).some((name) => name.startsWith("mcp__docs__"))).toBe(false);
    } else {
      // Chat has no namespaces: each tool is a function under its qualified name.
      expect(offeredTools(m)).toEqual(
        expect.arrayContaining(["exec_command", ...servers.map((t) => `mcp__docs__${t}`)]),
      );
    }
    expect(outputFor(m, "call_echo")).toBe('[{"type":"text","text":"echo: hello"}]');
    const started = r.events.find((e) => e.type === "item.started" && e.item?.type === "mcp_tool_call");
    expect(started?.item).toMatchObject({
      type: "mcp_tool_call",
      server: "docs",
      tool: "echo",
      arguments: { text: "hello" },
      result: null,
      error: null,
      status: "in_progress",
    });
    expect(r.items.find((i) => i.type === "mcp_tool_call")).toEqual({
      id: started?.item?.id,
      type: "mcp_tool_call",
      server: "docs",
      tool: "echo",
      arguments: { text: "hello" },
      result: { content: [{ type: "text", text: "echo: hello" }], structured_content: null },
      error: null,
      status: "completed",
    });
    expect(r.events.at(-1)?.type).toBe("turn.completed");
    // The rollout keeps the call as the model sent it (upstream resumes it so), and its output.
    const payloads = rollout(codexHome).map((record) => record.payload as Record<string, unknown>);
    const recorded = payloads.find((p) => p.type === "function_call" && p.call_id === "call_echo");
    expect(recorded).toMatchObject(
      wire === "responses" ? { name: "echo", namespace: "mcp__docs" } : { name: "mcp__docs__echo" },
    );
    expect(payloads.some((p) => p.type === "function_call_output" && p.call_id === "call_echo")).toBe(true);
    // The server process is gone once exec has exited (no orphan).
    const pid = Number(readFileSync(pidfile, "utf8"));
    expect(() => process.kill(pid, 0)).toThrow();
  });
});

describe("exec with MCP servers", () => {
  it("a session whose model called an MCP tool in its namespace resumes on the Chat wire under the tool's Chat name", async () => {
    const m = `mcp-rewire-${++n}`;
    model.setScript(m, [
      callStep("echo", { text: "first" }, "call_first", "mcp__docs"),
      { text: "done" },
      { text: "resumed" },
    ]);
    const codexHome = home(m, stdioServer("docs"));
    expect((await exec(codexHome)).code).toBe(0);
    const configFile = path.join(codexHome, "config.toml");
    writeFileSync(configFile, readFileSync(configFile, "utf8").replace('wire_api = "responses"', 'wire_api = "chat"'));
    const r = await exec(codexHome, ["resume", "--last", "--skip-git-repo-check", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const chat = model.requests(m).find((q) => q.wire === "chat")?.body as {
      messages: Array<{ tool_calls?: Array<{ id: string; function: { name: string } }> }>;
      tools: OfferedTool[];
    };
    const call = chat.messages.flatMap((msg) => msg.tool_calls ?? []).find((c) => c.id === "call_first");
    expect(call?.function.name).toBe("mcp__docs__echo");
    expect(offeredTools(m)).toContain("mcp__docs");
    expect(chat.tools.map((t) => t.function?.name)).toContain("mcp__docs__echo");
  });

  it("a namespaced call is named mcp__<server>__<tool> to a PreToolUse hook, which can block it", async () => {
    const m = `mcp-hook-${++n}`;
    model.setScript(m, [callStep("echo", { text: "hi" }, "call_hooked", "mcp__docs"), { text: "blocked" }]);
    const dir = mkdtempSync(path.join(os.tmpdir(), "mcp-hook-"));
    cleanup.push(dir);
    const stdinFile = path.join(dir, "stdin.json");
    const script = path.join(dir, "hook.sh");
    writeFileSync(script, `cat > '${stdinFile}'\necho 'no echoing' >&2\nexit 2\n`);
    const hook = `[[hooks.PreToolUse]]\nmatcher = "^mcp__docs__.*"\nhooks = [{ type = "command", command = ${toml(`sh '${script}'`)} }]\n`;
    const codexHome = home(m, hook + stdioServer("docs"));
    await trustAllHooks(codexHome);
    const r = await exec(codexHome);
    expect(r.code, r.stderr).toBe(0);
    const input = JSON.parse(readFileSync(stdinFile, "utf8")) as Record<string, unknown>;
    expect(input).toMatchObject({
      hook_event_name: "PreToolUse",
      tool_name: "mcp__docs__echo",
      tool_input: { text: "hi" },
    });
    expect(outputFor(m, "call_hooked")).toBe("Tool call blocked by PreToolUse hook: no echoing. Tool: mcp__docs__echo");
    expect(r.items.some((i) => i.type === "mcp_tool_call")).toBe(false);
  });

  it("a streamable HTTP server: structured content goes back as JSON", async () => {
    const m = `mcp-http-${++n}`;
    model.setScript(m, [callStep("mcp__remote__add", { a: 2, b: 3 }, "call_add"), { text: "5" }]);
    const r = await exec(home(m, `[mcp_servers.remote]\nurl = "${http.url}"\n`));
    expect(r.code).toBe(0);
    expect(outputFor(m, "call_add")).toBe('{"sum":5}');
    expect(r.items.find((i) => i.type === "mcp_tool_call")).toMatchObject({
      server: "remote",
      tool: "add",
      status: "completed",
      result: { structured_content: { sum: 5 } },
    });
  });

  it("a call past tool_timeout_sec: an error output for the model, a failed item, and the turn goes on", async () => {
    const m = `mcp-timeout-${++n}`;
    model.setScript(m, [callStep("mcp__docs__sleep", { ms: 60_000 }, "call_sleep"), { text: "It timed out." }]);
    const t0 = Date.now();
    const r = await exec(home(m, stdioServer("docs", "tool_timeout_sec = 1")));
    expect(Date.now() - t0).toBeLessThan(20_000); // the call would take 60 s; headroom for a loaded machine
    expect(r.code).toBe(0);
    const expected = "tool call error: tool call failed for `docs/sleep`: timed out after 1 seconds (tool_timeout_sec)";
    expect(outputFor(m, "call_sleep")).toBe(JSON.stringify([{ type: "text", text: expected }]));
    expect(r.items.find((i) => i.type === "mcp_tool_call")).toMatchObject({
      tool: "sleep",
      status: "failed",
      result: null,
      error: { message: expected },
    });
    expect(r.items.find((i) => i.type === "agent_message")).toMatchObject({ text: "It timed out." });
  });

  it("a server that fails to start is one warning; the session goes on with the others", async () => {
    const m = `mcp-fail-${++n}`;
    model.setScript(m, [callStep("mcp__docs__echo", { text: "x" }, "call_x"), { text: "ok" }]);
    const h = home(m, stdioServer("docs") + stdioServer("broken", "", ["--crash"]));
    const r = await exec(h);
    expect(r.code).toBe(0);
    const warnings = r.items.filter((i) => i.type === "error");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(
      /^MCP client for `broken` failed to start: .*boom: the test server refuses to start/,
    );
    expect(offeredTools(m)).not.toContain("mcp__broken__echo");
    expect(outputFor(m, "call_x")).toBe('[{"type":"text","text":"echo: x"}]');
    // Human output: the same warning as one line on stderr.
    model.setScript(m, [{ text: "fine" }]);
    const human = await runCli(["exec", "--skip-git-repo-check", "hi"], { home: h, env });
    expect(human.code).toBe(0);
    expect(human.stderr.split("\n").filter((l) => l.includes("broken"))).toEqual([
      expect.stringMatching(/^warning: MCP client for `broken` failed to start: /),
    ]);
    expect(human.stdout).toBe("fine\n");
  });

  it("approvals in exec: a destructive tool is declined under `never`, allowed with approval_mode = approve", async () => {
    const m = `mcp-approval-${++n}`;
    model.setScript(m, [callStep("mcp__docs__delete_item", { id: "7" }, "call_del"), { text: "declined" }]);
    const h = home(m, stdioServer("docs"));
    const r = await exec(h);
    expect(r.code).toBe(0);
    expect(String(outputFor(m, "call_del"))).toContain("needs approval");
    expect(r.items.find((i) => i.type === "mcp_tool_call")).toMatchObject({ tool: "delete_item", status: "failed" });

    model.reset(m);
    model.setScript(m, [callStep("mcp__docs__delete_item", { id: "8" }, "call_del2"), { text: "deleted" }]);
    const allowed = await exec(
      home(m, stdioServer("docs", '[mcp_servers.docs.tools.delete_item]\napproval_mode = "approve"')),
    );
    expect(allowed.code).toBe(0);
    expect(outputFor(m, "call_del2")).toBe('[{"type":"text","text":"deleted 8"}]');
  });

  it("no [mcp_servers]: no MCP tools, nothing started", async () => {
    const m = `mcp-none-${++n}`;
    model.setScript(m, [{ text: "plain" }]);
    const r = await exec(home(m, `[mcp_servers.off]\ncommand = "/nonexistent"\nenabled = false\n`));
    expect(r.code).toBe(0);
    expect(r.items.filter((i) => i.type === "error")).toEqual([]);
    expect(offeredTools(m).filter((t) => t.startsWith("mcp__"))).toEqual([]);
  });
});
