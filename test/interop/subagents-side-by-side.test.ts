// Subagents side by side with the real upstream Codex 0.171: the same config (a `reviewer` role
// on its own model), the same script (spawn, wait, close, answer) at the fake server. Both offer
// the same multi_agent_v1 namespace, print the same collab items, tell the parent the same way,
// and write the agent's session_meta the same way; each resumes the other's parent session.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeRepo } from "../e2e/exec-scenario.js";
import { startFakeModelServer, type FakeModelServer, type FakeStep } from "../fixtures/fake-model-server.js";
import { runCli } from "../support/cli.js";
import { scratchDir } from "../support/scratch.js";
import {
  describeRun,
  jsonLines,
  requireOrSkip,
  rolloutFiles,
  upstreamMustSucceed,
  sharedConfigToml,
  upstreamExecResume,
} from "./upstream-peer.js";

const peer = await requireOrSkip("subagents-side-by-side.test.ts");

const KEY = "sk-subagents-interop";
const env = { LITELLM_API_KEY: KEY };
let server: FakeModelServer;
const cleanup: string[] = [];
beforeAll(async () => {
  server = await startFakeModelServer({ apiKey: KEY });
});
afterAll(async () => {
  await server?.close();
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

const call = (name: string, args: Record<string, unknown>): FakeStep => ({
  function_call: { name, namespace: "multi_agent_v1", arguments: args },
  usage: { input_tokens: 100, output_tokens: 10 },
});

function setUp(side: string): { home: string; repo: string; parent: string; child: string } {
  const parent = `parent-${side}`;
  const child = `child-${side}`;
  server.setScript(parent, [
    call("spawn_agent", { message: "Say hi", agent_type: "reviewer" }),
    call("wait_agent", { targets: ["{{output.agent_id}}"], timeout_ms: 30_000 }),
    call("close_agent", { target: "{{output.agent_id}}" }),
    { text: "parent done" },
    { text: "resumed" },
  ]);
  server.setScript(child, [{ text: "child says hi" }]);
  const home = scratchDir(`agents-${side}-`);
  const repo = makeRepo();
  cleanup.push(home, path.dirname(repo));
  mkdirSync(home, { recursive: true });
  writeFileSync(
    path.join(home, "config.toml"),
    `${sharedConfigToml({ model: parent, baseUrl: server.url })}\n[agents.reviewer]\ndescription = "Reviews code"\nconfig_file = "reviewer.toml"\n`,
  );
  writeFileSync(path.join(home, "reviewer.toml"), `model = "${child}"\ndeveloper_instructions = "You review."\n`);
  return { home, repo, parent, child };
}

type Spec = { name: string; description: string; parameters: unknown };
type Body = { input: Record<string, unknown>[]; tools: { type: string; name: string; tools?: Spec[] }[] };
const bodies = (model: string) => server.requests(model).map((r) => r.body as Body);

/** The namespace as offered, spawn_agent's list of model overrides left out (each lists its own catalog). */
function namespaceOf(model: string, childModel: string) {
  const offered = bodies(model)[0]?.tools.find((t) => t.type === "namespace");
  const ns = offered && (JSON.parse(JSON.stringify(offered).split(childModel).join("CHILD")) as typeof offered);
  return {
    ...ns,
    tools: ns?.tools?.map((t) =>
      t.name === "spawn_agent"
        ? { ...t, description: t.description.slice(t.description.indexOf("Spawn a sub-agent")) }
        : t,
    ),
  };
}

/** Collab items with the ids each side made up replaced by their role in the run. */
function collabItems(stdout: string, ids: Record<string, string>) {
  const text = Object.entries(ids).reduce((s, [id, name]) => s.split(id).join(name), stdout);
  return jsonLines(text)
    .filter((e) => e.type === "item.completed")
    .map((e) => e.item as Record<string, unknown>)
    .filter((item) => item.type === "collab_tool_call")
    .map(({ id: _id, ...rest }) => rest);
}

function metaOf(file: string): Record<string, unknown> {
  return (JSON.parse(readFileSync(file, "utf8").split("\n")[0] ?? "{}") as { payload: Record<string, unknown> })
    .payload;
}

describe.skipIf(!peer.available)("subagents side by side with upstream 0.171", () => {
  it("offers the same namespace, prints the same collab items, notifies and records the agent alike; each resumes the other's session", async () => {
    const up = setUp("up");
    const ours = setUp("ours");
    const upRun = await upstreamMustSucceed("upstream", ["exec", "--json", "--skip-git-repo-check", "delegate"], {
      codexHome: up.home,
      cwd: up.repo,
      env,
    });
    const ourRun = await runCli(["exec", "--json", "-C", ours.repo, "delegate"], {
      home: ours.home,
      env,
      timeoutMs: 90_000,
    });
    expect(ourRun.code, ourRun.stderr).toBe(0);

    expect(namespaceOf(ours.parent, ours.child)).toEqual(namespaceOf(up.parent, up.child));

    const idsOf = (home: string) => {
      const metas = rolloutFiles(home).map(metaOf);
      const parent = metas.find((m) => !m.parent_thread_id);
      const child = metas.find((m) => m.parent_thread_id);
      return { parent, child };
    };
    const upIds = idsOf(up.home);
    const ourIds = idsOf(ours.home);
    const names = (ids: ReturnType<typeof idsOf>) => ({
      [String(ids.parent?.id)]: "PARENT",
      [String(ids.child?.id)]: "AGENT",
    });
    expect(collabItems(ourRun.stdout, names(ourIds))).toEqual(collabItems(upRun.stdout, names(upIds)));

    // The agent's session_meta: upstream's source, parent and role (its nickname is its own pick).
    const shape = (meta: Record<string, unknown> | undefined, ids: ReturnType<typeof idsOf>) => {
      const text = JSON.stringify({
        parent_thread_id: meta?.parent_thread_id,
        source: meta?.source,
        agent_role: meta?.agent_role,
      });
      return JSON.parse(
        text.split(String(ids.parent?.id)).join("PARENT").split(String(meta?.agent_nickname)).join("NICK"),
      ) as unknown;
    };
    expect(shape(ourIds.child, ourIds)).toEqual(shape(upIds.child, upIds));

    // The parent's request after the wait carries the same notification.
    const notification = (model: string, ids: ReturnType<typeof idsOf>) => {
      const item = bodies(model)[2]?.input.at(-1);
      return JSON.stringify([item?.role, item?.content]).split(String(ids.child?.id)).join("AGENT");
    };
    expect(notification(ours.parent, ourIds)).toEqual(notification(up.parent, upIds));

    // Each resumes the other's parent session: the namespaced calls go back to the model as recorded.
    const sentCalls = (model: string) =>
      (bodies(model).at(-1)?.input ?? [])
        .filter((i) => i.type === "function_call")
        .map((i) => `${String(i.namespace)}/${String(i.name)}`);
    const upResumesOurs = await upstreamExecResume(String(ourIds.parent?.id), "and now?", {
      codexHome: ours.home,
      cwd: ours.repo,
      env,
      timeoutMs: 90_000,
    });
    expect(upResumesOurs.code, describeRun("upstream resume", upResumesOurs)).toBe(0);
    expect(sentCalls(ours.parent)).toEqual([
      "multi_agent_v1/spawn_agent",
      "multi_agent_v1/wait_agent",
      "multi_agent_v1/close_agent",
    ]);
    const oursResumesUp = await runCli(["exec", "resume", String(upIds.parent?.id), "-C", up.repo, "and now?"], {
      home: up.home,
      env,
      timeoutMs: 90_000,
    });
    expect(oursResumesUp.code, oursResumesUp.stderr).toBe(0);
    expect(sentCalls(up.parent)).toEqual([
      "multi_agent_v1/spawn_agent",
      "multi_agent_v1/wait_agent",
      "multi_agent_v1/close_agent",
    ]);
  });
});
