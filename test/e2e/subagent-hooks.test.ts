// Upstream's SubagentStart and SubagentStop hooks through the built CLI: a subagent's session runs
// SubagentStart (its `additionalContext` reaches the subagent's model) instead of SessionStart, and
// SubagentStop (which can make it go on, as Stop does) instead of Stop; their matcher selects the
// role (`agent_type`), and their stdin names the parent's session with the subagent as agent_*.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { runCli, tempHome } from "../support/cli.js";
import { trustAllHooks } from "../support/hook-trust.js";
import { scratchDir } from "../support/scratch.js";
import { makeRepo } from "./exec-scenario.js";
import { cleanup, useFakeServer } from "../faults/support.js";

const KEY = "sk-subagent-hooks-key-1234";
const fake = useFakeServer({ apiKey: KEY });
const env = { LITELLM_API_KEY: KEY };

/** A hook script that appends its stdin (one line) to a file and then runs `answer`. */
function hookScript(answer = "exit 0"): { command: string; stdinFile: string } {
  const dir = scratchDir("subagent-hook-");
  const stdinFile = path.join(dir, "stdin.jsonl");
  const script = path.join(dir, "hook.sh");
  writeFileSync(script, `input=$(cat)\nprintf '%s\\n' "$input" >> '${stdinFile}'\n${answer}\n`);
  return { command: `sh '${script}'`, stdinFile };
}
const inputs = (file: string) =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    : [];

const hooksToml = (event: string, command: string, matcher?: string) =>
  `[[hooks.${event}]]\n${matcher === undefined ? "" : `matcher = ${JSON.stringify(matcher)}\n`}hooks = [{ type = "command", command = ${JSON.stringify(command)} }]\n`;

const call = (name: string, args: Record<string, unknown>): FakeStep => ({
  function_call: { name, namespace: "multi_agent_v1", arguments: args },
});

type Body = { input: { type?: string; role?: string; content?: { text?: string }[] }[] };
const messages = (body: Body | undefined, role: string) =>
  (body?.input ?? []).filter((i) => i.role === role).flatMap((i) => (i.content ?? []).map((c) => c.text ?? ""));

describe("SubagentStart and SubagentStop hooks", () => {
  it("run for a subagent (matched on its role) instead of SessionStart and Stop", async () => {
    const parent = "sub-hooks-parent";
    const child = "sub-hooks-child";
    const context = JSON.stringify({
      hookSpecificOutput: { hookEventName: "SubagentStart", additionalContext: "REVIEW RULES: be brief" },
    });
    const start = hookScript(`printf '%s' '${context}'`);
    const otherRole = hookScript();
    // Blocks the subagent's first stop once (stop_hook_active is then true).
    const block = JSON.stringify({ decision: "block", reason: "check the tests too" });
    const stop = hookScript(`case "$input" in *'"stop_hook_active":true'*) exit 0;; esac\nprintf '%s' '${block}'`);
    const sessionStart = hookScript();
    const parentStop = hookScript();
    const repo = makeRepo();
    cleanup.push(path.dirname(repo));
    const home = tempHome(
      [
        `model = "${parent}"`,
        `[model_providers.litellm]`,
        `base_url = "${fake.server.url}"`,
        `[agents.reviewer]`,
        `description = "Reviews code"`,
        `config_file = "reviewer.toml"`,
        hooksToml("SubagentStart", start.command, "reviewer"),
        hooksToml("SubagentStart", otherRole.command, "explorer"),
        hooksToml("SubagentStop", stop.command, "reviewer"),
        hooksToml("SessionStart", sessionStart.command),
        hooksToml("Stop", parentStop.command),
      ].join("\n"),
    );
    cleanup.push(home);
    writeFileSync(path.join(home, "reviewer.toml"), `model = "${child}"\n`);
    await trustAllHooks(home);
    fake.server.setScript(parent, [
      call("spawn_agent", { message: "Say hi", agent_type: "reviewer" }),
      call("wait_agent", { targets: ["{{output.agent_id}}"], timeout_ms: 30_000 }),
      { text: "parent done" },
    ]);
    fake.server.setScript(child, [{ text: "first look" }, { text: "tests checked too" }]);
    const r = await runCli(["exec", "--json", "-C", repo, "delegate"], { home, env, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const threadId = (JSON.parse(r.stdout.split("\n")[0] as string) as { thread_id: string }).thread_id;

    const [started] = inputs(start.stdinFile);
    expect(inputs(start.stdinFile)).toHaveLength(1);
    expect(started).toMatchObject({ hook_event_name: "SubagentStart", agent_type: "reviewer", session_id: threadId });
    expect(typeof started?.agent_id).toBe("string");
    expect(started?.agent_id).not.toBe(threadId);
    expect(typeof started?.turn_id).toBe("string");
    expect(inputs(otherRole.stdinFile)).toHaveLength(0);

    const childBodies = fake.server.requests(child).map((q) => q.body as Body);
    expect(childBodies).toHaveLength(2);
    expect(messages(childBodies[0], "developer").some((t) => t.includes("REVIEW RULES: be brief"))).toBe(true);
    expect(messages(childBodies[1], "user")).toContain("check the tests too");

    const stops = inputs(stop.stdinFile);
    expect(stops.map((s) => [s.stop_hook_active, s.last_assistant_message])).toEqual([
      [false, "first look"],
      [true, "tests checked too"],
    ]);
    expect(stops[0]).toMatchObject({
      hook_event_name: "SubagentStop",
      agent_id: started?.agent_id,
      session_id: threadId,
    });
    expect(typeof stops[0]?.agent_transcript_path).toBe("string");
    expect(stops[0]?.agent_transcript_path).not.toBe(stops[0]?.transcript_path);

    // The parent's own SessionStart and Stop ran once each: the subagent did not run them.
    expect(inputs(sessionStart.stdinFile).map((i) => i.session_id)).toEqual([threadId]);
    expect(inputs(parentStop.stdinFile).map((i) => i.session_id)).toEqual([threadId]);
  });
});
