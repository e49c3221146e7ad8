// Class 13 in the interactive UI, in a real terminal (tmux): Ctrl-C during a command stops the
// turn (the command tree is killed, the rollout records the abort) and the session goes on;
// SIGTERM or a hang-up does the same and exits. Either way the terminal is given back as it was:
// cursor shown, main screen, canonical mode and echo on.
import { describe, expect, it } from "vitest";
import { baseEnv } from "../support/cli.js";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";
import {
  callsPaired,
  ENV,
  events,
  expectNoProcess,
  modelName,
  processesRunning,
  repo,
  rollout,
  useFakeServer,
  shellToolsHome,
  waitFor,
} from "./support.js";

const fake = useFakeServer();
const tui = useTuiHarness(null);

/**
 * A TUI whose first turn starts two long sleeps (tagged so the test can find them), through the
 * one-shot shell tool (`features.unified_exec = false`): an interrupt ends its command (an exec_command process would
 * outlive it, as upstream's does: tui-background-terminals.test.ts).
 */
async function tuiRunningCommand(prefix: string) {
  const tag = `${Date.now() % 1000}${process.pid}`;
  const model = modelName(prefix);
  fake.server.setScript(model, [{ shell: ["bash", "-lc", `sleep 51${tag} & sleep 52${tag}`] }, { text: "never" }]);
  const codexHome = shellToolsHome(fake.server.url, model);
  const dir = repo();
  const term = tui.terminal(
    ["--dangerously-bypass-approvals-and-sandbox"],
    { ...baseEnv(codexHome), ...ENV },
    { cwd: dir },
  );
  await term.waitFor("Ask anything");
  term.submit("start the long job");
  await waitFor(
    "the command to run",
    () => processesRunning(`sleep 52${tag}`).length > 0 && processesRunning(`sleep 51${tag}`).length > 0,
  );
  return { tag, model, codexHome, term };
}

async function commandTreeGone(tag: string) {
  await expectNoProcess(`sleep 51${tag}`);
  await expectNoProcess(`sleep 52${tag}`);
}

function abortRecorded(codexHome: string) {
  const records = rollout(codexHome);
  expect(events(records, "turn_aborted").map((e) => e.reason)).toEqual(["interrupted"]);
  expect(events(records, "agent_message")).toEqual([]);
  callsPaired(records, 1);
}

const restored = { cursorVisible: true, alternateScreen: false, canonical: true, echo: true };

describe.skipIf(!hasTmux)("13. interrupting the interactive UI", () => {
  it("Ctrl-C during a command kills its tree and records the abort; the session goes on; Ctrl-C twice quits and restores the terminal", async () => {
    const { tag, model, codexHome, term } = await tuiRunningCommand("tui-int");
    term.press("C-c");
    await commandTreeGone(tag);
    await term.waitFor("■ Conversation interrupted - tell the model what to do differently.");
    abortRecorded(codexHome);
    // The same session takes the next message.
    fake.server.setScript(model, [{ text: "still here after the interrupt" }]);
    await term.send("are you there?", "still here after the interrupt");
    await term.key("C-c", "Press Ctrl+C again to quit");
    const screen = await term.key("C-c", /\[exit 0\]/);
    expect(screen).toMatch(/To continue this session, run codex-litellm resume [0-9a-f-]{36}/);
    expect(screen).not.toMatch(/at .*\.js:\d+/);
    expect(term.terminalState()).toEqual(restored);
  });

  it.each([
    ["SIGTERM", 143],
    ["SIGHUP", 129],
    ["SIGINT", 130], // sent by another program: Ctrl-C itself is a key in raw mode
  ] as const)(
    "%s during a command kills its tree, records the abort, exits %i and restores the terminal",
    async (signal, code) => {
      const { tag, codexHome, term } = await tuiRunningCommand("tui-term");
      const pid = term.programPid();
      expect(pid).not.toBeNull();
      process.kill(pid as number, signal);
      const screen = await term.waitFor(new RegExp(`\\[exit ${code}\\]`));
      await commandTreeGone(tag);
      abortRecorded(codexHome);
      expect(screen).toMatch(/To continue this session, run codex-litellm resume [0-9a-f-]{36}/);
      expect(term.terminalState()).toEqual(restored);
    },
  );
});
