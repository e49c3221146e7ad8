// The editor's main scenario, shared by the fake-server and the LiteLLM tests: a prompt whose
// patch and command need permission, granted; the diff, the command's output, the answer, the
// window and LiteLLM's cost; every protocol line valid against ACP's JSON Schema.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import type * as acp from "@agentclientprotocol/sdk";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { schemaProblems, startAcp } from "../support/acp-client.js";
import { tempHome } from "../support/cli.js";
import { scratchDir } from "../support/scratch.js";

export const kinds = (updates: acp.SessionNotification[]) => updates.map((u) => u.update.sessionUpdate);
export const ofKind = <K extends acp.SessionUpdate["sessionUpdate"]>(updates: acp.SessionNotification[], kind: K) =>
  updates
    .map((u) => u.update)
    .filter((u): u is Extract<acp.SessionUpdate, { sessionUpdate: K }> => u.sessionUpdate === kind);

/**
 * A CODEX_HOME for `model` at `baseUrl` (`extra`: top-level keys) offered the apply_patch tool and the
 * `shell` tool the scenarios drive: a catalog entry naming both, with unified_exec off (by default a
 * model gets exec_command and patches through it, as upstream 0.171).
 */
export function acpHome(baseUrl: string, model: string, extra = "", provider = ""): string {
  const home = tempHome(
    `model = "${model}"\nmodel_provider = "litellm"\nmodel_catalog_json = "catalog.json"\n${extra}` +
      `[model_providers.litellm]\nbase_url = "${baseUrl}"\nenv_key = "LITELLM_API_KEY"\n${provider}` +
      `[features]\nunified_exec = false\n`,
  );
  const entry = { slug: model, shell_type: "default", apply_patch_tool_type: "freeform" };
  writeFileSync(path.join(home, "catalog.json"), JSON.stringify({ models: [entry] }));
  return home;
}

const PATCH = `*** Begin Patch
*** Add File: hello.txt
+hello from acp
*** End Patch`;

/** Writes hello.txt (apply_patch), runs a command that is not known to be safe, answers. */
export function permissionScript(): FakeStep[] {
  return [
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
  ];
}

/** Config for a session that asks before every patch and unknown command (untrusted), with no sandbox to need. */
export const ASKING = 'approval_policy = "untrusted"\nsandbox_mode = "danger-full-access"\n';

export interface ScenarioOptions {
  home: string;
  env: Record<string, string>;
  model: string;
  /** The key that must appear on no protocol line and in no rollout. */
  secret: string;
  window: number;
  cost: (amount: number | undefined) => void;
}

export async function runPermissionScenario(options: ScenarioOptions): Promise<void> {
  const { home, env, model } = options;
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
        sessionCapabilities: { list: {}, resume: {}, close: {}, delete: {} },
      },
      agentInfo: { name: "codex-litellm" },
    });
    expect(run.initialized.authMethods?.map((m) => m.id)).toContain("litellm-key");
    const created = await run.agent.request("session/new", { cwd: repo, mcpServers: [] });
    // untrusted with full access is no preset: the configured mode, beside the three presets.
    expect(created.modes?.currentModeId).toBe("configured");
    expect(created.modes?.availableModes.map((m) => m.id)).toEqual(["read-only", "auto", "full-access", "configured"]);
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
    const usage = ofKind(updates, "usage_update").at(-1);
    expect(usage).toMatchObject({ size: options.window, cost: { currency: "USD" } });
    options.cost(usage?.cost?.amount);
    expect(ofKind(updates, "available_commands_update")[0]?.availableCommands.map((c) => c.name)).toContain("compact");
    // The rollout was written in upstream's format, without the key.
    const rollout = readdirSync(path.join(home, "sessions"), { recursive: true })
      .map(String)
      .find((f) => f.endsWith(".jsonl"));
    const text = readFileSync(path.join(home, "sessions", rollout!), "utf8");
    expect(text).toContain(created.sessionId);
    expect(text).not.toContain(options.secret);
  } finally {
    expect(await run.close()).toBe(0);
  }
  expect(schemaProblems(run.lines)).toEqual([]);
  expect(run.lines.map((l) => JSON.stringify(l.message)).join("\n")).not.toContain(options.secret);
}
