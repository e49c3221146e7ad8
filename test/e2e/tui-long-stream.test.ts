// A streaming answer taller than the terminal (issue 36 item 11): while it streams, the screen
// shows its last rows under a line saying how many are above, and the program never clears the
// screen (Ink would otherwise erase it and write the whole transcript again on every frame:
// flicker that grows with the session). When it ends, the whole answer is in the scrollback, in order.
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { waitFor } from "../faults/support.js";
import { scratchDir } from "../support/scratch.js";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";

const KEY = "sk-tui-long-stream-123456";
const tui = useTuiHarness({ apiKey: KEY });
const LINES = Array.from({ length: 90 }, (_, k) => `- answer line ${String(k + 1).padStart(3, "0")}`);

describe.skipIf(!hasTmux)("a long streaming answer", () => {
  it("shows its last rows under a count of those above, never clears the screen, and lands whole in the scrollback", async () => {
    const model = "long-stream";
    tui.server.setScript(model, [{ text: `${LINES.join("\n")}\n\nThe end of the answer.`, fault: { delayMs: 15 } }]);
    const { term } = tui.open(model, { width: 80, height: 24 });
    await term.waitFor("Ask anything");
    const dir = scratchDir("tui-long-stream-");
    const raw = path.join(dir, "out");
    term.pipeOutput(raw);
    term.submit("write a long answer");
    const streaming = await term.waitFor(/… \+\d+ lines above \(ctrl \+ t to view transcript\)/);
    // The prompt stays on screen under the clipped answer.
    expect(streaming).toContain("working…");
    const done = await term.waitFor(/The end of the answer\.[\s\S]*Ask anything/, 60_000);
    expect(done).not.toContain("lines above");
    const first = done.indexOf("answer line 001");
    const last = done.indexOf("answer line 090");
    expect(first).toBeGreaterThan(done.indexOf("write a long answer"));
    expect(last).toBeGreaterThan(first);
    for (const line of LINES) expect(done).toContain(line.slice(2));
    const bytes = existsSync(raw) ? readFileSync(raw, "latin1") : "";
    expect(bytes).toContain("answer line 090");
    expect(bytes).not.toContain("\x1b[2J");
    rmSync(dir, { recursive: true, force: true });
  });

  it("follows a resize while it streams: the clipped answer and the prompt fit the new size, and the answer lands whole", async () => {
    const model = "long-stream-resize";
    tui.server.setScript(model, [{ text: `${LINES.join("\n")}\n\nThe end of the answer.`, fault: { delayMs: 40 } }]);
    const { term } = tui.open(model, { width: 100, height: 30 });
    await term.waitFor("Ask anything");
    term.submit("write a long answer");
    await term.waitFor(/lines above/);
    term.resize(60, 16);
    // Still streaming, at the new size: the hint, the prompt's box 60 columns wide and the footer, on one screen.
    const visible = () => term.screen().split("\n").slice(-16).join("\n");
    await waitFor("the clipped answer and the prompt at 60×16", () =>
      /lines above[\s\S]*╭─{58}╮[\s\S]*working…/.test(visible()),
    );
    const done = await term.waitFor(/The end of the answer\.[\s\S]*Ask anything/, 60_000);
    expect(done.indexOf("answer line 090")).toBeGreaterThan(done.indexOf("answer line 001"));
    expect(visible().match(/Ask anything/g)).toHaveLength(1);
    expect(visible()).not.toContain("lines above");
  });
});
