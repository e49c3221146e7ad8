// Resuming in the interactive UI (a real terminal, tmux): turns upstream wrote (Codex 0.169
// records them as item_completed events) are replayed next to ours, and the footer shows the
// session's restored token counts at once, not 0.
import { describe, expect, it } from "vitest";
import { installRollout } from "../fixtures/rollout-fixtures.js";
import { runCli } from "../support/cli.js";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";

const KEY = "sk-tui-resume-123456";
const tui = useTuiHarness({ apiKey: KEY });

describe.skipIf(!hasTmux)("resuming in the interactive UI", () => {
  it("replays upstream's turns and ours, and the footer shows the restored counts before any new turn", async () => {
    const model = `tui-resume-${process.pid}`;
    const id = "01a2125d-3ef2-7213-a5dd-0a482ce2bc6c";
    const { repo, home } = tui.setup(model);
    installRollout(home, "upstream-0.169.jsonl", id, "2026/11/25");
    // One turn of ours on upstream's file: the file now holds both kinds of records.
    tui.server.setScript(model, [{ text: "ours answer", usage: { input_tokens: 12_000, output_tokens: 345 } }]);
    expect(
      (await runCli(["exec", "resume", id, "-C", repo, "ours next"], { home, env: { LITELLM_API_KEY: KEY } })).code,
    ).toBe(0);

    const term = tui.launch({ repo, home }, { args: ["resume", id] });
    const screen = await term.waitFor("Ask anything");
    const order = [
      "Create out.txt containing hi",
      "Created out.txt with hi.",
      "Now append again",
      "Appended again.",
      "ours next",
      "ours answer",
    ].map((t) => screen.indexOf(t));
    expect(
      order.every((at) => at >= 0),
      screen,
    ).toBe(true);
    expect(order, screen).toEqual([...order].sort((a, b) => a - b));
    // Our turn's count (12,345 in context) and the session's total (upstream's 41,610 + ours).
    expect(screen).toContain("12.3k/100k tokens · 54.0k used this session");
  });
});
