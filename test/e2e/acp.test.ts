// `codex-litellm acp` driven over stdio by the ACP SDK's client, against the scripted fake server:
// a prompt whose patch and command need permission, their diff and output, LiteLLM's cost in
// `usage_update`, a cancelled turn, sessions recorded by exec and by upstream Codex opened in the
// editor; every line either side sent validates against ACP's JSON Schema.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../fixtures/fake-model-server.js";
import { installRollout } from "../fixtures/rollout-fixtures.js";
import { withAcp } from "../support/acp-client.js";
import { acpHome, ASKING, ofKind, permissionScript, runPermissionScenario } from "./acp-scenario.js";
import { runCli } from "../support/cli.js";
import { scratchDir } from "../support/scratch.js";

const KEY = "sk-acp-e2e-key-98765";
const env = { LITELLM_API_KEY: KEY };
let server: FakeModelServer;
beforeAll(async () => {
  server = await startFakeModelServer({ apiKey: KEY });
});
afterAll(async () => {
  await server.close();
});

const homeFor = (model: string, extra = ""): string => acpHome(server.url, model, extra);

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("codex-litellm acp (fake server)", () => {
  it("initialize → new → a prompt whose patch and command need permission → diff, output, cost → end_turn", async () => {
    const model = "acp-e2e-main";
    server.setScript(model, permissionScript());
    server.setModelInfo(model, { max_input_tokens: 64_000 });
    await runPermissionScenario({
      home: homeFor(model, ASKING),
      env,
      model,
      secret: KEY,
      window: 64_000,
      cost: (amount) => expect(amount).toBe(0.0025),
    });
  });

  it("an MCP server the client passes in session/new: the model calls its tool in the server's namespace, the editor sees the call", async () => {
    const model = "acp-e2e-mcp";
    server.setScript(model, [
      { function_call: { name: "echo", namespace: "mcp__docs", arguments: { text: "hi" }, call_id: "acp-echo" } },
      { text: "echoed" },
    ]);
    const home = homeFor(model, 'approval_policy = "never"\n');
    const repo = scratchDir("acp-");
    const fixture = path.resolve(import.meta.dirname, "../mcp/fixtures/stdio-server.mjs");
    await withAcp({ home, cwd: repo, env }, async (run) => {
      const { sessionId } = await run.agent.request("session/new", {
        cwd: repo,
        mcpServers: [{ name: "docs", command: process.execPath, args: [fixture], env: [] }],
      });
      const done = await run.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "echo" }] });
      expect(done.stopReason).toBe("end_turn");
      const call = ofKind(run.updates, "tool_call").find((c) => c.toolCallId === "acp-echo");
      expect(call).toMatchObject({ title: "docs: echo", rawInput: { text: "hi" } });
      const ends = ofKind(run.updates, "tool_call_update").filter((u) => u.toolCallId === "acp-echo");
      expect(ends.at(-1)?.status).toBe("completed");
      // The tool offered to the model was the server's namespace, as upstream 0.171 offers it.
      const tools = (server.requests(model)[0]?.body as { tools: Array<{ name?: string }> }).tools;
      expect(tools.map((t) => t.name)).toContain("mcp__docs");
    });
  });

  it("session/cancel stops the turn: stopReason cancelled, the running command ended", async () => {
    const model = "acp-e2e-cancel";
    server.setScript(model, [{ shell: ["bash", "-lc", "sleep 30"] }, { text: "never sent" }]);
    const home = homeFor(model, 'approval_policy = "never"\nsandbox_mode = "danger-full-access"\n');
    const repo = scratchDir("acp-");
    await withAcp({ home, cwd: repo, env }, async (run) => {
      const { sessionId } = await run.agent.request("session/new", { cwd: repo, mcpServers: [] });
      const prompt = run.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "wait" }] });
      await until("the command to start", () => ofKind(run.updates, "tool_call").some((c) => c.kind === "execute"));
      const started = Date.now();
      await run.agent.notify("session/cancel", { sessionId });
      expect((await prompt).stopReason).toBe("cancelled");
      expect(Date.now() - started).toBeLessThan(20_000);
      const call = ofKind(run.updates, "tool_call").find((c) => c.kind === "execute")!;
      const ends = ofKind(run.updates, "tool_call_update").filter((u) => u.toolCallId === call.toolCallId);
      expect(ends.at(-1)?.status).toBe("failed");
      // The session goes on after a cancel.
      server.setScript(model, [{ text: "still here" }]);
      expect(
        (await run.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "hi" }] })).stopReason,
      ).toBe("end_turn");
    });
  });

  it("session/load replays a session recorded by exec, and one recorded by upstream Codex; session/list lists them", async () => {
    const model = "acp-e2e-load";
    server.setScript(model, [{ text: "exec says hello" }, { text: "and the editor goes on" }]);
    const home = homeFor(model);
    const repo = scratchDir("acp-");
    const exec = await runCli(["exec", "--skip-git-repo-check", "-C", repo, "hello from exec"], { home, env });
    expect(exec.code).toBe(0);
    const upstreamId = "01a2125d-3ef2-7213-a5dd-0a482ce2bc6c";
    installRollout(home, "upstream-0.169.jsonl", upstreamId, "2026/11/25");
    await withAcp({ home, cwd: repo, env }, async (run) => {
      const listed = await run.agent.request("session/list", {});
      const execSession = listed.sessions.find((s) => s.cwd === repo);
      expect(execSession?.title).toBe("hello from exec");
      expect(listed.sessions.map((s) => s.sessionId)).toContain(upstreamId);
      await run.agent.request("session/load", { sessionId: execSession!.sessionId, cwd: repo, mcpServers: [] });
      const replayed = run.updates.filter((u) => u.sessionId === execSession!.sessionId);
      const texts = replayed.flatMap((u) =>
        (u.update.sessionUpdate === "user_message_chunk" || u.update.sessionUpdate === "agent_message_chunk") &&
        u.update.content.type === "text"
          ? [`${u.update.sessionUpdate}: ${u.update.content.text}`]
          : [],
      );
      expect(texts).toEqual(["user_message_chunk: hello from exec", "agent_message_chunk: exec says hello"]);
      const next = await run.agent.request("session/prompt", {
        sessionId: execSession!.sessionId,
        prompt: [{ type: "text", text: "go on" }],
      });
      expect(next.stopReason).toBe("end_turn");
      // The model got the recorded conversation with the new message.
      expect(JSON.stringify(server.requests(model).at(-1)?.body)).toContain("hello from exec");
      await run.agent.request("session/load", { sessionId: upstreamId, cwd: repo, mcpServers: [] });
      const upstream = run.updates.filter((u) => u.sessionId === upstreamId).map((u) => u.update);
      expect(
        upstream
          .filter((u) => u.sessionUpdate === "user_message_chunk")
          .map((u) => ("content" in u && u.content.type === "text" ? u.content.text : "")),
      ).toEqual(expect.arrayContaining(["Create out.txt containing hi", "Now append again"]));
      await run.agent.request("session/close", { sessionId: upstreamId });
    });
  });
});
