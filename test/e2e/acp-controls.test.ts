// `codex-litellm acp`'s controls, driven by the SDK's client against the scripted fake server:
// a refused permission, a question withdrawn by a cancel, modes and config options, a missing
// key, Zed's terminal widget, telemetry and the rollout written as for exec, session/delete, and
// the cost of a session opened again.
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as acp from "@agentclientprotocol/sdk";
import { startFakeModelServer, type FakeModelServer } from "../fixtures/fake-model-server.js";
import { withAcp } from "../support/acp-client.js";
import { runCli } from "../support/cli.js";
import { scratchDir } from "../support/scratch.js";
import { acpHome, ASKING, ofKind, permissionScript } from "./acp-scenario.js";

const KEY = "sk-acp-controls-24680";
const env = { LITELLM_API_KEY: KEY };
let server: FakeModelServer;
beforeAll(async () => {
  server = await startFakeModelServer({ apiKey: KEY, models: ["acp-c-models-a", "acp-c-models-b"] });
});
afterAll(async () => {
  await server.close();
});

const homeFor = (model: string, extra = ""): string => acpHome(server.url, model, extra);

/** The rollout files under CODEX_HOME/sessions (absolute paths). */
const rolloutFiles = (home: string) => {
  const sessions = path.join(home, "sessions");
  if (!existsSync(sessions)) return [];
  return readdirSync(sessions, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".jsonl"))
    .map((f) => path.join(sessions, f));
};

const rolloutText = (home: string) => {
  const sessions = path.join(home, "sessions");
  const file = readdirSync(sessions, { recursive: true })
    .map(String)
    .find((f) => f.endsWith(".jsonl"));
  return readFileSync(path.join(sessions, file!), "utf8");
};

describe("codex-litellm acp controls (fake server)", () => {
  it("a refused patch is not written, its tool call fails and the model is told", async () => {
    const model = "acp-c-refuse";
    server.setScript(model, [permissionScript()[0]!, { text: "Understood, not writing it." }]);
    const repo = scratchDir("acp-");
    await withAcp(
      {
        home: homeFor(model, ASKING),
        cwd: repo,
        env,
        permission: () => ({ outcome: { outcome: "selected", optionId: "denied" } }),
      },
      async (run) => {
        const { sessionId } = await run.agent.request("session/new", { cwd: repo, mcpServers: [] });
        const answer = await run.agent.request("session/prompt", {
          sessionId,
          prompt: [{ type: "text", text: "write" }],
        });
        expect(answer.stopReason).toBe("end_turn");
        expect(existsSync(path.join(repo, "hello.txt"))).toBe(false);
        const patch = ofKind(run.updates, "tool_call_update").filter((u) => u.toolCallId === "call_patch");
        expect(patch.at(-1)?.status).toBe("failed");
        expect(JSON.stringify(server.requests(model).at(-1)?.body)).toContain("patch rejected");
      },
    );
  });

  it("a cancel while a permission question is open withdraws it: cancelled, nothing written", async () => {
    const model = "acp-c-withdraw";
    server.setScript(model, [permissionScript()[0]!, { text: "never asked for" }]);
    const repo = scratchDir("acp-");
    let asked: () => void = () => {};
    const questionOpen = new Promise<void>((resolve) => (asked = resolve));
    await withAcp(
      {
        home: homeFor(model, ASKING),
        cwd: repo,
        env,
        // An editor whose user has not answered: the question stays open until the agent withdraws it.
        permission: (_request, signal) => {
          asked();
          return new Promise<acp.RequestPermissionResponse>((resolve) =>
            signal.addEventListener("abort", () => resolve({ outcome: { outcome: "cancelled" } })),
          );
        },
      },
      async (run) => {
        const { sessionId } = await run.agent.request("session/new", { cwd: repo, mcpServers: [] });
        const prompt = run.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "write" }] });
        await questionOpen;
        await run.agent.notify("session/cancel", { sessionId });
        expect((await prompt).stopReason).toBe("cancelled");
        expect(existsSync(path.join(repo, "hello.txt"))).toBe(false);
        expect(
          ofKind(run.updates, "tool_call_update")
            .filter((u) => u.toolCallId === "call_patch")
            .at(-1)?.status,
        ).toBe("failed");
        expect(server.requests(model)).toHaveLength(1);
      },
    );
  });

  it("modes and config options change the next turn: approval preset, model, effort", async () => {
    const model = "acp-c-models-a";
    server.setScript("acp-c-models-b", [{ text: "from b" }]);
    const home = homeFor(model);
    const repo = scratchDir("acp-");
    await withAcp({ home, cwd: repo, env }, async (run) => {
      const created = await run.agent.request("session/new", { cwd: repo, mcpServers: [] });
      const { sessionId } = created;
      const models = created.configOptions?.find((o) => o.id === "model");
      expect(models?.type === "select" && models.options.map((o) => ("value" in o ? o.value : ""))).toEqual([
        "acp-c-models-a",
        "acp-c-models-b",
      ]);
      await run.agent.request("session/set_mode", { sessionId, modeId: "read-only" });
      expect(ofKind(run.updates, "current_mode_update").at(-1)?.currentModeId).toBe("read-only");
      const changed = await run.agent.request("session/set_config_option", {
        sessionId,
        configId: "model",
        value: "acp-c-models-b",
      });
      expect(changed.configOptions.find((o) => o.id === "model")?.currentValue).toBe("acp-c-models-b");
      await run.agent.request("session/set_config_option", { sessionId, configId: "reasoning_effort", value: "high" });
      await expect(
        run.agent.request("session/set_config_option", { sessionId, configId: "model", value: "no-such-model" }),
      ).rejects.toThrow(/no-such-model is not served by the proxy/);
      expect(
        (await run.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "hi" }] })).stopReason,
      ).toBe("end_turn");
      const sent = server.requests("acp-c-models-b").at(-1)?.body as { reasoning?: { effort?: string } };
      expect(sent.reasoning?.effort).toBe("high");
      // The turn ran with the preset's policy and sandbox, as its turn_context records.
      const context = rolloutText(home)
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { type: string; payload: Record<string, unknown> })
        .find((l) => l.type === "turn_context");
      expect(context?.payload).toMatchObject({ approval_policy: "untrusted", model: "acp-c-models-b" });
    });
  });

  it("without a key, session/new answers auth_required naming the variable; authenticate says the same", async () => {
    const repo = scratchDir("acp-");
    await withAcp({ home: homeFor("acp-c-nokey"), cwd: repo, env: {} }, async (run) => {
      await expect(run.agent.request("session/new", { cwd: repo, mcpServers: [] })).rejects.toMatchObject({
        code: -32000,
        message: expect.stringContaining("LITELLM_API_KEY is not set"),
      });
      await expect(run.agent.request("authenticate", { methodId: "litellm-key" })).rejects.toMatchObject({
        code: -32000,
      });
      await expect(run.agent.request("session/new", { cwd: "relative/dir", mcpServers: [] })).rejects.toThrow(
        /expected an absolute path/,
      );
    });
  });

  it("Zed's terminal widget gets the command's output as it streams; telemetry is written as for exec", async () => {
    const model = "acp-c-terminal";
    server.setScript(model, [
      { shell: ["bash", "-lc", "printf 'line one\\nline two\\n'"] },
      { text: "printed", usage: { input_tokens: 500, output_tokens: 10, cost: 0.0003 } },
    ]);
    const home = homeFor(model, 'approval_policy = "never"\nsandbox_mode = "danger-full-access"\n');
    const repo = scratchDir("acp-");
    let sessionId = "";
    const run = await withAcp(
      {
        home,
        cwd: repo,
        env,
        clientCapabilities: { terminal: true, _meta: { terminal_output: true } },
      },
      async (run) => {
        sessionId = (await run.agent.request("session/new", { cwd: repo, mcpServers: [] })).sessionId;
        await run.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "print" }] });
        const call = ofKind(run.updates, "tool_call").find((c) => c.kind === "execute")!;
        expect(call.content).toEqual([{ type: "terminal", terminalId: call.toolCallId }]);
        expect(call._meta).toEqual({ terminal_info: { terminal_id: call.toolCallId, cwd: repo } });
        const streamed = ofKind(run.updates, "tool_call_update")
          .filter((u) => u.toolCallId === call.toolCallId)
          .map((u) => u._meta?.terminal_output as { data: string } | undefined)
          .flatMap((m) => (m ? [m.data] : []))
          .join("");
        expect(streamed).toBe("line one\nline two\n");
      },
    );
    expect(run.stderr()).toMatch(/^telemetry: recording debug events to \S+\.log$/m);
    const logs = readdirSync(path.join(home, "logs"), { recursive: true })
      .map(String)
      .filter((f) => /\.(log|jsonl)$/.test(f));
    const text = logs.map((f) => readFileSync(path.join(home, "logs", f), "utf8")).join("\n");
    expect(text).toContain(sessionId);
    expect(text).not.toContain(KEY);
  });

  it("/compact summarises the conversation: compaction_update to a client that takes it, end_turn", async () => {
    const model = "acp-c-compact";
    server.setScript(model, [{ text: "first answer" }, { text: "the summary of it all" }]);
    const repo = scratchDir("acp-");
    await withAcp(
      {
        home: homeFor(model),
        cwd: repo,
        env,
        clientCapabilities: { session: { compaction: {} } },
      },
      async (run) => {
        const { sessionId } = await run.agent.request("session/new", { cwd: repo, mcpServers: [] });
        const commands = ofKind(run.updates, "available_commands_update").at(-1)?.availableCommands;
        expect(commands?.map((c) => c.name)).toEqual(["compact"]);
        await run.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "hi" }] });
        const answer = await run.agent.request("session/prompt", {
          sessionId,
          prompt: [{ type: "text", text: "/compact" }],
        });
        expect(answer.stopReason).toBe("end_turn");
        expect(ofKind(run.updates, "compaction_update")).toEqual([
          expect.objectContaining({ status: "completed", summary: [{ type: "text", text: "the summary of it all" }] }),
        ]);
        expect(server.requests(model)).toHaveLength(2);
      },
    );
  });

  it("with the editor's fs: a patch is planned on its unsaved buffer and the editor is given what was written", async () => {
    const model = "acp-c-buffers";
    const patch = "*** Begin Patch\n*** Update File: notes.txt\n@@\n-draft\n+final\n*** End Patch";
    server.setScript(model, [{ custom_tool_call: { name: "apply_patch", input: patch } }, { text: "edited" }]);
    const repo = scratchDir("acp-");
    const notes = path.join(repo, "notes.txt");
    writeFileSync(notes, "saved line\n");
    const written: [string, string][] = [];
    await withAcp(
      {
        home: homeFor(model, 'approval_policy = "never"\nsandbox_mode = "danger-full-access"\n'),
        cwd: repo,
        env,
        clientCapabilities: { fs: { readTextFile: true, writeTextFile: true } },
        // The editor holds notes.txt with an unsaved change; other files it does not have open.
        files: {
          read: (file) => (file === notes ? "unsaved line\ndraft\n" : null),
          write: (file, text) => written.push([file, text]),
        },
      },
      async (run) => {
        const { sessionId } = await run.agent.request("session/new", { cwd: repo, mcpServers: [] });
        await run.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "finish it" }] });
        expect(readFileSync(notes, "utf8")).toBe("unsaved line\nfinal\n");
        expect(written).toEqual([[notes, "unsaved line\nfinal\n"]]);
      },
    );
  });

  it("session/delete removes a listed session's rollout file, closing it first if open; an unknown id is refused", async () => {
    const model = "acp-c-delete";
    server.setScript(model, [{ text: "kept answer" }, { text: "doomed answer" }]);
    const home = homeFor(model);
    const repo = scratchDir("acp-");
    await withAcp({ home, cwd: repo, env }, async (run) => {
      const listedIds = async () =>
        (await run.agent.request("session/list", { cwd: repo })).sessions.map((s) => s.sessionId).sort();
      expect(run.initialized.agentCapabilities?.sessionCapabilities?.delete).toEqual({});
      const ids: string[] = [];
      for (const text of ["keep me", "delete me"]) {
        const { sessionId } = await run.agent.request("session/new", { cwd: repo, mcpServers: [] });
        await run.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text }] });
        ids.push(sessionId);
      }
      const [kept, doomed] = ids as [string, string];
      expect(await listedIds()).toEqual([kept, doomed].sort());
      const doomedFile = rolloutFiles(home).find((f) => f.endsWith(`-${doomed}.jsonl`));
      expect(doomedFile).toBeDefined();

      // Open in this connection: closed, then its file deleted.
      await run.agent.request("session/delete", { sessionId: doomed });
      expect(existsSync(doomedFile!)).toBe(false);
      expect(await listedIds()).toEqual([kept]);
      await expect(
        run.agent.request("session/prompt", { sessionId: doomed, prompt: [{ type: "text", text: "still there?" }] }),
      ).rejects.toMatchObject({ code: -32002 });
      expect(server.requests(model)).toHaveLength(2);

      // Recorded but not open here.
      await run.agent.request("session/close", { sessionId: kept });
      await run.agent.request("session/delete", { sessionId: kept });
      expect(rolloutFiles(home)).toEqual([]);
      expect(await listedIds()).toEqual([]);

      // Unknown: -32002 naming the session (which the SDK's client takes as "already deleted").
      const unknown = "0190f1a2-b3c4-7d5e-8f60-718293a4b5c6";
      await run.agent.request("session/delete", { sessionId: unknown });
      const refused = run.lines.find(
        (l) =>
          l.from === "agent" &&
          (l.message.error as { data?: { sessionId?: string } } | undefined)?.data?.sessionId === unknown,
      );
      expect(refused?.message.error).toMatchObject({
        code: -32002,
        message: expect.stringContaining(`session ${unknown} not found: no rollout file for it in CODEX_HOME/sessions`),
      });
    });
  });

  it("a session opened again shows its whole cost: the usage log's records of it, then its new turns", async () => {
    const model = "acp-c-reopen-cost";
    server.setScript(model, [
      { text: "from exec", usage: { input_tokens: 400, output_tokens: 10, cost: 0.0021 } },
      { text: "from the editor", usage: { input_tokens: 500, output_tokens: 10, cost: 0.0004 } },
    ]);
    const home = homeFor(model);
    const repo = scratchDir("acp-");
    const exec = await runCli(["exec", "--skip-git-repo-check", "-C", repo, "hello"], { home, env });
    expect(exec.code).toBe(0);
    await withAcp({ home, cwd: repo, env }, async (run) => {
      const costs = (sessionId: string) =>
        run.updates.flatMap((u) =>
          u.sessionId === sessionId && u.update.sessionUpdate === "usage_update" ? [u.update.cost?.amount] : [],
        );
      const { sessions } = await run.agent.request("session/list", { cwd: repo });
      const sessionId = sessions[0]!.sessionId;
      await run.agent.request("session/load", { sessionId, cwd: repo, mcpServers: [] });
      expect(costs(sessionId).at(-1)).toBe(0.0021);
      await run.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "more" }] });
      expect(costs(sessionId).at(-1)).toBe(0.0025);
      // Closed and resumed: both turns count.
      await run.agent.request("session/close", { sessionId });
      await run.agent.request("session/resume", { sessionId, cwd: repo, mcpServers: [] });
      expect(costs(sessionId).at(-1)).toBe(0.0025);
    });
  });
});
