// Subagents in the interactive UI: the spawn and the wait are shown by the agent's nickname and
// role, and /agents lists the session's agents with their status and how to open one.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";

const KEY = "sk-tui-subagents-123456";
const tui = useTuiHarness({ apiKey: KEY });

const call = (name: string, args: Record<string, unknown>): FakeStep => ({
  function_call: { name, namespace: "multi_agent_v1", arguments: args },
});

describe.skipIf(!hasTmux)("subagents in the UI", () => {
  it("shows the spawned agent and its answer, and /agents lists it with how to open it", async () => {
    tui.server.setScript("tui-agents-parent", [
      call("spawn_agent", { message: "Count the files", agent_type: "counter" }),
      call("wait_agent", { targets: ["{{output.agent_id}}"], timeout_ms: 30_000 }),
      { text: "The agent counted them." },
    ]);
    tui.server.setScript("tui-agents-child", [{ text: "There are 3 files." }]);
    const { term } = tui.open("tui-agents-parent", {
      toml: '[agents.counter]\ndescription = "Counts things"\nmodel = "tui-agents-child"\nnickname_candidates = ["Ada"]',
    });
    await term.waitFor("Ask anything");
    const screen = await term.send("delegate the count", "The agent counted them.");
    expect(screen).toContain("Spawned Ada [counter]: Count the files");
    expect(screen).toContain("Waited: Ada [counter] completed: There are 3 files.");
    const card = await term.send("/agents", "open: codex-litellm resume");
    expect(card).toContain("Ada [counter] — completed: There are 3 files.");
  });

  it("a subagent's approval question names the agent asking; approved, its command runs", async () => {
    tui.server.setScript("tui-agents-asker", [
      call("spawn_agent", { message: "Make the file", agent_type: "maker" }),
      call("wait_agent", { targets: ["{{output.agent_id}}"], timeout_ms: 60_000 }),
      { text: "The agent made it." },
    ]);
    tui.server.setScript("tui-agents-maker", [{ shell: ["touch", "agent-made.txt"] }, { text: "Made." }]);
    const { term, repo } = tui.open("tui-agents-asker", {
      toml: [
        'approval_policy = "untrusted"',
        "[agents.maker]",
        'description = "Makes files"',
        'model = "tui-agents-maker"',
        'nickname_candidates = ["Grace"]',
      ].join("\n"),
    });
    await term.waitFor("Ask anything");
    const prompt = await term.send("delegate the file", "Run this command?");
    expect(prompt).toContain("asked by agent Grace [maker]");
    expect(prompt).toContain("$ touch agent-made.txt");
    await term.key("y", "The agent made it.");
    expect(existsSync(path.join(repo, "agent-made.txt"))).toBe(true);
  });
});
