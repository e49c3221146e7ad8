// exec_command processes across an interrupt, in the interactive UI (tmux), as upstream 0.171
// keeps them (codex-rs core/tests/suite/unified_exec.rs, unified_exec_interrupt_preserves_long_
// running_session): interrupting the turn leaves the process running; the next turn's write_stdin
// reaches it and gets what it printed meanwhile; /ps lists it; /stop ends it and the session goes
// on; quitting the UI ends whatever still runs. A process that exits after its turn has ended
// reports its end then (upstream's exit watcher): its cell shows the exit and the output. What
// write_stdin types into a background terminal is shown as upstream shows it ("↳ Interacted with
// background terminal", the input under it; "• Waited for background terminal" for a poll).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";
import { expectNoProcess, processesRunning, waitFor } from "../faults/support.js";
import { exec, write } from "./unified-exec-scenario.js";

const KEY = "sk-tui-background-terminals";
const tui = useTuiHarness({ apiKey: KEY });

/** A UI on a catalog model whose shell is exec_command, full access, given `prompt`. */
async function startUi(model: string, prompt: string) {
  const { repo, home } = tui.setup(model, `model_catalog_json = "catalog.json"\n`);
  writeFileSync(
    path.join(home, "catalog.json"),
    JSON.stringify({ models: [{ slug: model, context_window: 100_000, shell_type: "unified_exec" }] }),
  );
  const term = tui.launch({ repo, home }, { args: ["--dangerously-bypass-approvals-and-sandbox"], width: 120 });
  await term.waitFor("Ask anything");
  term.submit(prompt);
  return term;
}

/** A UI on a catalog model whose shell is exec_command, full access, whose first turn waits on a long process. */
async function interruptedWhileWaiting(model: string) {
  const tag = `${Date.now() % 1000}${process.pid}`;
  const command = `sleep 1; echo printed-after-interrupt; exec sleep 31${tag}`;
  tui.server.setScript(model, [
    exec({ cmd: command, yield_time_ms: 250 }),
    // The model waits for it (an empty poll of up to five minutes): the user interrupts the wait.
    write({ session_id: 1000, chars: "", yield_time_ms: 300_000 }),
    { text: "never sent" },
  ]);
  const term = await startUi(model, "start the server and wait for it");
  await waitFor("the model to wait on the process", () => tui.server.requests(model).length >= 2, 30_000);
  await waitFor("the process to run", () => processesRunning(`sleep 31${tag}`).length > 0, 20_000);
  await term.key("Escape", "■ Conversation interrupted - tell the model what to do differently.");
  return { tag, term, command };
}

describe.skipIf(!hasTmux)("exec_command processes across an interrupt", () => {
  it("keep running: the next turn's write_stdin reaches the process, /ps lists it, /stop ends it", async () => {
    const model = "tui-bg-stop";
    const { tag, term } = await interruptedWhileWaiting(model);
    expect(processesRunning(`sleep 31${tag}`)).not.toEqual([]);

    tui.server.setScript(model, [
      write({ session_id: 1000, chars: "", yield_time_ms: 5000 }),
      { text: "It is still running." },
    ]);
    await term.send("is it still running?", "It is still running.");
    const body = tui.server.requests(model).at(-1)?.body as { input: { type: string; output?: unknown }[] };
    const outputs = body.input.filter((i) => i.type === "function_call_output").map((i) => String(i.output));
    // The interrupted poll (when the interrupt came after the call was sent) is answered as upstream
    // records it; the new one reaches the process.
    expect(outputs.at(-2)).toMatch(/^aborted by user after \d+\.\ds$|Process running with session ID 1000/);
    expect(outputs.at(-1)).toContain("Process running with session ID 1000");
    expect(outputs.at(-1)).toContain("printed-after-interrupt");

    const listed = await term.send("/ps", "Background terminals");
    expect(listed).toMatch(/• sleep 1; echo printed-after-interrupt; exec sleep 31\d+ \(session 1000\)/);
    await term.send("/stop", "Stopped 1 background terminal.");
    await expectNoProcess(`sleep 31${tag}`);
    await term.send("/ps", "• No background terminals running.");
    // The session goes on.
    tui.server.setScript(model, [{ text: "still here" }]);
    await term.send("hello again", "still here");
  });

  it("end with the session: quitting the UI kills what the interrupt left running", async () => {
    const { tag, term } = await interruptedWhileWaiting("tui-bg-quit");
    expect(processesRunning(`sleep 31${tag}`)).not.toEqual([]);
    await term.send("/quit", /\[exit 0\]/);
    await expectNoProcess(`sleep 31${tag}`);
  });

  it("a process that exits after its turn ends shows its end then", async () => {
    const model = "tui-bg-exits-later";
    tui.server.setScript(model, [
      exec({ cmd: "sleep 3; echo finished-after-the-turn", yield_time_ms: 250 }),
      { text: "Started it in the background." },
    ]);
    const term = await startUi(model, "start it");
    await term.waitFor("Started it in the background.");
    // The turn is over; the process's end comes later, with its exit status and what it printed.
    const screen = await term.waitFor(
      /✓ sleep 3; echo finished-after-the-turn \(\d+\.\ds\)\s+finished-after-the-turn/,
      30_000,
    );
    expect(screen).toContain("Started it in the background.");
  });

  it("write_stdin to a background terminal: the input typed, and a wait, as upstream shows them", async () => {
    const model = "tui-bg-interaction";
    tui.server.setScript(model, [
      exec({ cmd: "cat", yield_time_ms: 250, tty: true }),
      write({ session_id: 1000, chars: "first typed line\nsecond typed line\n", yield_time_ms: 500 }),
      write({ session_id: 1000, chars: "", yield_time_ms: 5000 }),
      { text: "Typed into it." },
    ]);
    const term = await startUi(model, "type into cat");
    const screen = await term.waitFor("Typed into it.", 60_000);
    expect(screen).toMatch(
      /↳ Interacted with background terminal · cat\s+└ first typed line\s+second typed line\s+• Waited for background terminal · cat/,
    );
    await term.send("/quit", /\[exit 0\]/);
  });
});
