// Subagents in the interactive UI: the spawn and the wait are shown by the agent's nickname and
// role, and /agents lists the session's agents with their status and how to open one.
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
});
