// Subagents through the built CLI (upstream's multi_agent_v1 tools), against the scripted fake
// server: the parent model spawns an agent with a role, waits for it and closes it; the agent is a
// session of its own (its own model, instructions and rollout), the parent hears when it finishes,
// and its usage is part of the parent's totals, usage log included.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { assertValidExecEvents } from "../schemas/validate.js";
import { baseEnv, CLI, runCli, tempHome } from "../support/cli.js";
import { makeRepo } from "./exec-scenario.js";
import { cleanup, useFakeServer } from "../faults/support.js";

const KEY = "sk-subagents-key-123456";
const fake = useFakeServer({ apiKey: KEY });

const env = { LITELLM_API_KEY: KEY };
let n = 0;

/** A home whose config names a `reviewer` role running on `childModel` with its own instructions. */
function homeFor(parent: string, childModel: string, agents = ""): string {
  const home = tempHome(
    [
      `model = "${parent}"`,
      `model_provider = "litellm"`,
      `[model_providers.litellm]`,
      `base_url = "${fake.server.url}"`,
      `env_key = "LITELLM_API_KEY"`,
      `wire_api = "responses"`,
      `[agents]`,
      agents,
      `[agents.reviewer]`,
      `description = "Reviews code"`,
      `config_file = "reviewer.toml"`,
      ``,
    ].join("\n"),
  );
  writeFileSync(path.join(home, "reviewer.toml"), `model = "${childModel}"\ndeveloper_instructions = "You review."\n`);
  cleanup.push(home);
  return home;
}

/** Fresh parent and child model names, a home whose `reviewer` role runs the child, and a repo. */
function delegation(agents = ""): { parent: string; child: string; home: string; repo: string } {
  const parent = `parent-${++n}`;
  const child = `child-${n}`;
  const repo = makeRepo();
  cleanup.push(path.dirname(repo));
  return { parent, child, home: homeFor(parent, child, agents), repo };
}

const call = (name: string, args: Record<string, unknown>, cost: number): FakeStep => ({
  function_call: { name, namespace: "multi_agent_v1", arguments: args },
  usage: { input_tokens: 100, output_tokens: 10, cost },
});

/** spawn (reviewer) → wait → close → answer; the child answers once. */
function scripts(parent: string, child: string): void {
  fake.server.setScript(parent, [
    call("spawn_agent", { message: "Say hi", agent_type: "reviewer" }, 0.0011),
    call("wait_agent", { targets: ["{{output.agent_id}}"], timeout_ms: 30_000 }, 0.0012),
    call("close_agent", { target: "{{output.agent_id}}" }, 0.0013),
    { text: "parent done", usage: { input_tokens: 100, output_tokens: 10, cost: 0.0014 } },
  ]);
  fake.server.setScript(child, [
    { text: "child says hi", usage: { input_tokens: 50, output_tokens: 5, cost: 0.0021 } },
  ]);
}

type Item = { type?: string; role?: string; name?: string; content?: { text?: string }[]; output?: unknown };
type Body = {
  model: string;
  input: Item[];
  tools: {
    type: string;
    name: string;
    tools?: { name: string; parameters: { properties: Record<string, { description?: string }> } }[];
  }[];
};
const bodies = (model: string) => fake.server.requests(model).map((r) => r.body as Body);

function rollouts(home: string): Record<string, unknown>[][] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".jsonl")) files.push(full);
    }
  };
  walk(path.join(home, "sessions"));
  return files.map((f) =>
    readFileSync(f, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>),
  );
}

describe("subagents (multi_agent_v1) in exec", () => {
  it("spawns an agent with its role's model and instructions, waits for it, closes it; --json has upstream's collab items", async () => {
    const { parent, child, home, repo } = delegation();
    scripts(parent, child);
    const r = await runCli(["exec", "--json", "-C", repo, "delegate"], { home, env, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const events = r.stdout
      .trim()
      .split("\n")
      .map(
        (l) =>
          JSON.parse(l) as {
            type: string;
            item?: Record<string, unknown> & { agents_states?: Record<string, unknown> };
          },
      );
    assertValidExecEvents(r.stdout.trim().split("\n"));
    const threadId = (events[0] as unknown as { thread_id: string }).thread_id;
    const collab = events.filter((e) => e.type === "item.completed" && e.item?.type === "collab_tool_call");
    expect(collab.map((e) => [e.item?.tool, e.item?.status])).toEqual([
      ["spawn_agent", "completed"],
      ["wait", "completed"],
      ["close_agent", "completed"],
    ]);
    const agentId = (collab[0]?.item?.receiver_thread_ids as string[])[0] as string;
    expect(collab[0]?.item).toMatchObject({ sender_thread_id: threadId, prompt: "Say hi" });
    expect(collab[1]?.item?.agents_states).toEqual({ [agentId]: { status: "completed", message: "child says hi" } });
    expect(collab[2]?.item?.agents_states).toEqual({ [agentId]: { status: "completed", message: "child says hi" } });

    // The parent is offered upstream's namespace, with the configured role listed first.
    const [first] = bodies(parent);
    const namespace = first?.tools.find((t) => t.type === "namespace");
    expect(namespace?.name).toBe("multi_agent_v1");
    expect(namespace?.tools?.map((t) => t.name)).toEqual([
      "close_agent",
      "resume_agent",
      "send_input",
      "spawn_agent",
      "wait_agent",
    ]);
    const agentType = namespace?.tools?.find((t) => t.name === "spawn_agent")?.parameters.properties.agent_type;
    expect(agentType?.description).toContain(
      `Available roles:\nreviewer: {\nReviews code\n- This role's model is set to \`${child}\` and cannot be changed.\n}\ndefault: {`,
    );

    // The agent ran on its role's model with its instructions, and may not spawn agents itself.
    const [childBody] = bodies(child);
    expect(childBody?.input[0]?.role).toBe("developer");
    expect(childBody?.input[0]?.content?.[0]?.text).toBe("You review.");
    expect(childBody?.input.at(-1)?.content?.[0]?.text).toBe("Say hi");
    expect(childBody?.tools.some((t) => t.type === "namespace")).toBe(false);

    // The parent's request after the wait carries upstream's notification.
    const afterWait = bodies(parent)[2];
    const notice = afterWait?.input.at(-1);
    expect(notice?.role).toBe("user");
    expect(notice?.content?.[0]?.text).toBe(
      `<subagent_notification>\n${JSON.stringify({ agent_path: agentId, status: { completed: "child says hi" } })}\n</subagent_notification>`,
    );

    // Two rollouts: the agent's says who spawned it, as upstream writes it.
    const files = rollouts(home);
    expect(files).toHaveLength(2);
    const childMeta = files
      .map((lines) => lines[0]?.payload as Record<string, unknown>)
      .find((meta) => meta.id === agentId);
    expect(childMeta).toMatchObject({
      parent_thread_id: threadId,
      agent_role: "reviewer",
      source: { subagent: { thread_spawn: { parent_thread_id: threadId, depth: 1, agent_role: "reviewer" } } },
    });
    expect(typeof childMeta?.agent_nickname).toBe("string");
  });

  it("adds the agent's usage and cost to the parent's totals and usage log, to the digit", async () => {
    const { parent, child, home, repo } = delegation();
    scripts(parent, child);
    const r = await runCli(["exec", "-C", repo, "delegate"], { home, env, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const summary = r.stderr.slice(r.stderr.indexOf("LiteLLM usage"));
    expect(summary).toMatch(/subagent \S+ turn 1: model child-\d+ .*\$0\.0021/);
    // 0.0011 + 0.0012 + 0.0013 + 0.0014 (parent) + 0.0021 (agent)
    expect(summary).toMatch(/total: .*\$0\.0071/);
    const log = readFileSync(path.join(home, "logs", "codex-litellm-session.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { session_id: string; cost_usd: number; agent?: { role: string } });
    expect(new Set(log.map((l) => l.session_id)).size).toBe(1); // the parent's id on every line
    expect(log.find((l) => l.agent)?.agent?.role).toBe("reviewer");
    expect(log.reduce((sum, l) => sum + l.cost_usd, 0)).toBeCloseTo(0.0071, 10);
  });

  it("refuses a spawn beyond [agents].max_threads in upstream's manner, and a closed agent takes no input", async () => {
    const { parent, child, home, repo } = delegation("max_threads = 1");
    fake.server.setScript(parent, [
      call("spawn_agent", { message: "one", agent_type: "reviewer" }, 0),
      call("spawn_agent", { message: "two" }, 0),
      call("close_agent", { target: "{{output.agent_id}}" }, 0),
      call("send_input", { target: "{{output.agent_id}}", message: "more" }, 0),
      { text: "done" },
    ]);
    fake.server.setScript(child, [{ text: "ok" }]);
    const r = await runCli(["exec", "-C", repo, "delegate"], { home, env, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const outputs = bodies(parent)
      .at(-1)
      ?.input.filter((i) => i.type === "function_call_output")
      .map((i) => String(i.output));
    expect(outputs?.[1]).toMatch(/agent thread limit reached \(1\)/);
    expect(outputs?.[2]).toMatch(/^\{"previous_status":/);
    expect(outputs?.[3]).toMatch(/^agent with id \S+ is closed$/);
  });

  it("an interrupt stops the running agents: exec ends at once and the agent's rollout records the aborted turn", async () => {
    const { parent, child, home, repo } = delegation();
    fake.server.setScript(parent, [
      call("spawn_agent", { message: "work forever", agent_type: "reviewer" }, 0),
      call("wait_agent", { targets: ["{{output.agent_id}}"], timeout_ms: 3_600_000 }, 0),
      { text: "never" },
    ]);
    fake.server.setScript(child, [{ text: "never", fault: { stallAfterEvents: 1 } }]);
    const proc = spawn(process.execPath, [CLI, "exec", "-C", repo, "delegate"], {
      env: { ...baseEnv(home), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => proc.on("close", (code) => resolve(code)));
    for (
      let i = 0;
      i < 600 && !(fake.server.requests(child).length > 0 && fake.server.requests(parent).length > 1);
      i++
    )
      await new Promise((r) => setTimeout(r, 50));
    expect(fake.server.requests(child)).toHaveLength(1);
    proc.kill("SIGINT");
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r("still running"), 20_000))]);
    expect(code).not.toBe("still running");
    const childLines = rollouts(home).find(
      (lines) => (lines[0]?.payload as { parent_thread_id?: string }).parent_thread_id,
    );
    expect(JSON.stringify(childLines)).toContain("<turn_aborted>");
  });
});
