// The interactive UI's first frame, drawn by the launcher before Node has loaded the UI's code
// (Ink, React, Yoga), then taken over in place by Ink: in a real terminal (tmux).
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLI } from "../support/cli.js";
import { hasTmux } from "../support/tmux.js";
import { waitFor } from "../faults/support.js";
import { useTuiHarness } from "../support/tui-harness.js";

const MODEL = "first-frame-model";
const tui = useTuiHarness({ apiKey: "sk-first-frame-123456", models: [MODEL] });

/**
 * A copy of the built CLI whose interactive start (the CommonJS form of the chunk the launcher
 * loads for it, src/cli/launcher.ts) first runs `prelude`, a function body given `require`.
 */
function buildWithPrelude(prelude: (dir: string) => string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cl-first-frame-"));
  tui.removeLater(dir);
  cpSync(path.dirname(CLI), dir, { recursive: true });
  const chunk = readdirSync(path.join(dir, "cjs")).find((n) => /^interactive-\w+\.cjs$/.test(n));
  if (!chunk) throw new Error("the build has no CommonJS interactive chunk");
  const file = path.join(dir, "cjs", chunk);
  writeFileSync(file, `{${prelude(dir)}}\n${readFileSync(file, "latin1")}`);
  return path.join(dir, "cli.cjs");
}

/** A copy of the built CLI that loads the UI's code only once `gate` exists (loading is synchronous: it blocks meanwhile). */
function gatedBuild(): { cli: string; gate: string } {
  let gate = "";
  const cli = buildWithPrelude((dir) => {
    gate = path.join(dir, "gate");
    return [
      'const { existsSync } = require("node:fs");',
      "const pause = new Int32Array(new SharedArrayBuffer(4));",
      `while (!existsSync(${JSON.stringify(gate)})) Atomics.wait(pause, 0, 0, 20);`,
    ].join("\n");
  });
  return { cli, gate };
}

const open = (options: { width?: number; height?: number; cli?: string } = {}) => tui.open(MODEL, options).term;

const count = (text: string, part: string) => text.split(part).length - 1;

describe.skipIf(!hasTmux)("the interactive UI's first frame", () => {
  it("is on screen before the UI's code has loaded; keys typed meanwhile reach the session", async () => {
    // Markdown: what was typed is sent once the renderer has loaded, so the answer is drawn rendered.
    tui.server.setScript(MODEL, [{ text: "Answered **what was typed** early." }]);
    // The UI's code loads only once the test opens the gate.
    const { cli, gate } = gatedBuild();
    const term = open({ cli });
    // The footer is the frame's last line (a loaded machine can show the frame half written).
    const first = await term.waitFor("⏎ send · ⇧⏎ newline · / commands");
    expect(first).toContain("codex-litellm 0.1.0 compatible with codex-cli 0.171.0");
    expect(first).toContain("starting…");
    expect(first).toContain("Ask anything, or / for commands");
    term.submit("typed before the UI loaded");
    expect(term.terminalState()).toMatchObject({ canonical: false, echo: false, cursorVisible: false });
    writeFileSync(gate, "");
    // The answer, then the prompt back (the turn has ended).
    const screen = await term.waitFor(/Answered what was typed early\.[\s\S]*Ask anything/);
    expect(JSON.stringify(tui.server.requests(MODEL)[0]?.body)).toContain("typed before the UI loaded");
    expect(screen).toContain(`model: ${MODEL}`);
    expect(screen).not.toContain("starting…");
    expect(count(screen, "Ask anything")).toBe(1);
    expect(count(screen, "codex-litellm 0.1.0 compatible")).toBe(1);
    expect(screen).not.toContain("**");
  });

  it("stays until the session is ready, which the UI then draws over it as its first frame", async () => {
    const { cli, gate } = gatedBuild();
    const term = open({ cli });
    await term.waitFor("⏎ send · ⇧⏎ newline · / commands");
    // Everything the UI's code writes, from loading it on.
    const raw = path.join(mkdtempSync(path.join(os.tmpdir(), "cl-first-frame-raw-")), "out");
    tui.removeLater(path.dirname(raw));
    term.pipeOutput(raw);
    writeFileSync(gate, "");
    const screen = await term.waitFor(/context left/);
    expect(screen).toContain(`model: ${MODEL}`);
    expect(count(screen, "codex-litellm 0.1.0 compatible")).toBe(1);
    expect(count(screen, "Ask anything")).toBe(1);
    const written = () => (existsSync(raw) ? readFileSync(raw, "utf8") : "");
    await waitFor("the ready frame in the UI's output", () => written().includes("context left"));
    // One frame of Ink's own: no "starting…" header drawn again before the session's (a render
    // costs tens of ms at start), and the header written once.
    expect(written()).not.toContain("starting…");
    expect(count(written(), "codex-litellm 0.1.0 compatible")).toBe(1);
  });

  it.each([80, 140])("is drawn over by the UI in place at %i columns: one header, one prompt", async (width) => {
    const term = open({ width, height: 30 });
    // The ready frame's last line (Ink writes the header and the rest of the frame one after the other).
    const screen = await term.waitFor(/context left/);
    expect(screen).toContain(`model: ${MODEL}`);
    expect(count(screen, "codex-litellm 0.1.0 compatible")).toBe(1);
    expect(count(screen, "Ask anything")).toBe(1);
    expect(count(screen, "╭")).toBe(2); // the header's box and the prompt's
    expect(count(screen, "⏎ send")).toBe(1);
    expect(screen).not.toContain("starting…");
  });

  it("is taken away when the UI cannot be loaded, and the terminal is given back", async () => {
    const cli = buildWithPrelude(() => 'throw new Error("a broken install");');
    const term = open({ cli });
    const screen = await term.waitFor("[exit 1]");
    expect(screen).toMatch(/codex-litellm: cannot load interactive-\w+: a broken install/);
    expect(screen).not.toContain("Ask anything");
    expect(term.terminalState()).toMatchObject({ canonical: true, echo: true, cursorVisible: true });
  });
});
