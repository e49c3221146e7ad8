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

/** Every text is on the screen, each below the one before. */
function expectInOrder(screen: string, texts: string[]): void {
  const at = texts.map((t) => screen.indexOf(t));
  expect(
    at.every((i) => i >= 0),
    screen,
  ).toBe(true);
  expect(at, screen).toEqual([...at].sort((a, b) => a - b));
}

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
    expectInOrder(screen, [
      "Create out.txt containing hi",
      "Created out.txt with hi.",
      "Now append again",
      "Appended again.",
      "ours next",
      "ours answer",
    ]);
    // Our turn's count (12,345 in context) and the session's total (upstream's 41,610 + ours).
    expect(screen).toContain("12.3k/100k tokens · 54.0k used this session");
  });

  it("replays declined commands, an interrupted turn and a compaction as upstream shows them, and warns of the model change", async () => {
    const model = `tui-markers-${process.pid}`;
    const id = "019ad000-0000-7000-8000-00000000a7a7";
    const { repo, home } = tui.setup(model);
    installRollout(home, "markers.jsonl", id, "2025/12/02");

    const term = tui.launch({ repo, home }, { args: ["resume", id] });
    await term.waitFor("Ask anything");
    const screen = await term.waitFor("was recorded with model `recorded-model`");
    expectInOrder(screen, [
      "Delete the build folder",
      "✗ You did not approve codex to run rm -rf build",
      "Understood, I left build/ alone.",
      "Then list it",
      "✗ You did not approve codex to run ls -la build",
      "Not listed either.",
      "Write a long report",
      "■ Conversation interrupted - tell the model what to do differently.",
      "Summarise so far",
      "• Context compacted",
      "All caught up after compaction.",
      `⚠ This session was recorded with model \`recorded-model\` but is resuming with \`${model}\`.`,
    ]);
  });
});
