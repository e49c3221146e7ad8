// `codex-litellm acp` driven over stdio by the ACP SDK's client, against the scripted fake server:
// a prompt whose patch and command need permission, their diff and output, LiteLLM's cost in
// `usage_update`, a cancelled turn, sessions recorded by exec and by upstream Codex opened in the
// editor; every line either side sent validates against ACP's JSON Schema.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as acp from "@agentclientprotocol/sdk";
import { startFakeModelServer, type FakeModelServer } from "../fixtures/fake-model-server.js";
import { installRollout } from "../fixtures/rollout-fixtures.js";
import { schemaProblems, startAcp } from "../support/acp-client.js";
import { runCli, tempHome } from "../support/cli.js";
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

function homeFor(model: string, extra = ""): string {
  return tempHome(
    `model = "${model}"\nmodel_provider = "litellm"\n${extra}[model_providers.litellm]\nbase_url = "${server.url}"\nenv_key = "LITELLM_API_KEY"\n`,
  );
}

const kinds = (updates: acp.SessionNotification[]) => updates.map((u) => u.update.sessionUpdate);
const ofKind = <K extends acp.SessionUpdate["sessionUpdate"]>(updates: acp.SessionNotification[], kind: K) =>
  updates
    .map((u) => u.update)
    .filter((u): u is Extract<acp.SessionUpdate, { sessionUpdate: K }> => u.sessionUpdate === kind);

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const PATCH = `*** Begin Patch
*** Add File: hello.txt
+hello from acp
*** End Patch`;

describe("codex-litellm acp (fake server)", () => {
  it("initialize → new → a prompt whose patch and command need permission → diff, output, cost → end_turn", async () => {
    const model = "acp-e2e-main";
    server.setScript(model, [
      {
        reasoning: "Write the file first.",
        custom_tool_call: { name: "apply_patch", input: PATCH, call_id: "call_patch" },
        usage: { input_tokens: 1000, output_tokens: 50, cost: 0.0012 },
      },
      {
        shell: ["bash", "-lc", "touch ran.txt && cat hello.txt"],
        usage: { input_tokens: 1200, output_tokens: 40, cost: 0.0008 },
      },
      { text: "Wrote hello.txt and printed it.", usage: { input_tokens: 1400, output_tokens: 30, cost: 0.0005 } },
    ]);
    server.setModelInfo(model, { max_input_tokens: 64_000 });
    const home = homeFor(model, 'approval_policy = "untrusted"\nsandbox_mode = "danger-full-access"\n');
    const repo = scratchDir("acp-");
    const asked: acp.RequestPermissionRequest[] = [];
    const run = await startAcp({
      home,
      cwd: repo,
      env,
      permission: (request) => {
        asked.push(request);
        return { outcome: { outcome: "selected", optionId: "approved" } };
      },
    });
    try {
      expect(run.initialized).toMatchObject({
        protocolVersion: 1,
        agentCapabilities: {
          loadSession: true,
          promptCapabilities: { image: true, embeddedContext: true },
          mcpCapabilities: { http: true },
          sessionCapabilities: { list: {}, resume: {}, close: {} },
        },
        agentInfo: { name: "codex-litellm" },
      });
      expect(run.initialized.authMethods?.map((m) => m.id)).toContain("litellm-key");
      const created = await run.agent.request("session/new", { cwd: repo, mcpServers: [] });
      // untrusted with full access is no preset: the configured mode, beside the three presets.
      expect(created.modes?.currentModeId).toBe("configured");
      expect(created.modes?.availableModes.map((m) => m.id)).toEqual([
        "read-only",
        "auto",
        "full-access",
        "configured",
      ]);
      expect(created.configOptions?.find((o) => o.id === "model")).toMatchObject({ currentValue: model });
      const answer = await run.agent.request("session/prompt", {
        sessionId: created.sessionId,
        prompt: [{ type: "text", text: "write hello.txt and show it" }],
      });
      expect(answer.stopReason).toBe("end_turn");
      // The file was written and the command ran, each after the client allowed it.
      expect(readFileSync(path.join(repo, "hello.txt"), "utf8")).toBe("hello from acp\n");
      expect(readdirSync(repo)).toContain("ran.txt");
      expect(asked.map((a) => a.toolCall.kind)).toEqual(["edit", "execute"]);
      expect(asked[0]!.toolCall.content).toEqual([
        { type: "diff", path: path.join(repo, "hello.txt"), oldText: null, newText: "hello from acp\n" },
      ]);
      expect(asked[0]!.options.map((o) => o.kind)).toEqual(["allow_once", "allow_always", "reject_once"]);
      const updates = run.updates.filter((u) => u.sessionId === created.sessionId);
      expect(kinds(updates)).toContain("agent_thought_chunk");
      const calls = [...ofKind(updates, "tool_call"), ...ofKind(updates, "tool_call_update")];
      const patch = calls.filter((c) => c.toolCallId === "call_patch");
      expect(patch.map((c) => c.status)).toEqual(["pending", "in_progress", "completed"]);
      const command = calls.filter((c) => c.kind === "execute" || (c.toolCallId !== "call_patch" && c.status));
      expect(command.at(-1)).toMatchObject({ status: "completed" });
      expect(JSON.stringify(command.at(-1)?.content)).toContain("hello from acp");
      expect(
        ofKind(updates, "agent_message_chunk")
          .map((c) => (c.content.type === "text" ? c.content.text : ""))
          .join(""),
      ).toBe("Wrote hello.txt and printed it.");
      // The window from /model/info and LiteLLM's cost of the turn's three requests.
      expect(ofKind(updates, "usage_update").at(-1)).toMatchObject({
        size: 64_000,
        cost: { amount: 0.0025, currency: "USD" },
      });
      expect(ofKind(updates, "available_commands_update")[0]?.availableCommands.map((c) => c.name)).toContain(
        "compact",
      );
      // The rollout was written in upstream's format, without the key.
      const rollout = readdirSync(path.join(home, "sessions"), { recursive: true })
        .map(String)
        .find((f) => f.endsWith(".jsonl"));
      const text = readFileSync(path.join(home, "sessions", rollout!), "utf8");
      expect(text).toContain(created.sessionId);
      expect(text).not.toContain(KEY);
    } finally {
      expect(await run.close()).toBe(0);
    }
    expect(schemaProblems(run.lines)).toEqual([]);
    expect(run.lines.map((l) => JSON.stringify(l.message)).join("\n")).not.toContain(KEY);
  });

  it("session/cancel stops the turn: stopReason cancelled, the running command ended", async () => {
    const model = "acp-e2e-cancel";
    server.setScript(model, [{ shell: ["bash", "-lc", "sleep 30"] }, { text: "never sent" }]);
    const home = homeFor(model, 'approval_policy = "never"\nsandbox_mode = "danger-full-access"\n');
    const repo = scratchDir("acp-");
    const run = await startAcp({ home, cwd: repo, env });
    try {
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
    } finally {
      expect(await run.close()).toBe(0);
    }
    expect(schemaProblems(run.lines)).toEqual([]);
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
    const run = await startAcp({ home, cwd: repo, env });
    try {
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
    } finally {
      expect(await run.close()).toBe(0);
    }
    expect(schemaProblems(run.lines)).toEqual([]);
  });
});
