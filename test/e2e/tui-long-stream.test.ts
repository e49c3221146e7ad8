// A long streaming markdown answer (issue 36 item 11): its finished lines go to the scrollback,
// rendered, as they arrive (upstream's newline-gated streaming), so the live frame Ink redraws
// stays small and a key typed meanwhile is echoed at once; a block that is not finished yet (a
// code block taller than the screen) shows its last rows under a line saying how many are
// above. The program never clears the screen (Ink would otherwise erase it and write the whole
// transcript again on every frame), and when the answer ends all of it is in the scrollback,
// rendered, in order, each line once.
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { waitFor } from "../faults/support.js";
import { scratchDir } from "../support/scratch.js";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";

const KEY = "sk-tui-long-stream-123456";
const tui = useTuiHarness({ apiKey: KEY });
const pad = (k: number) => String(k + 1).padStart(3, "0");
const ITEMS = Array.from({ length: 60 }, (_, k) => `- answer line ${pad(k)} keeps \`add\` working`);
const CODE = Array.from({ length: 40 }, (_, k) => `const value${pad(k)} = ${k};`);
const ANSWER = [
  "Here is the **plan** for the change.",
  "",
  ...ITEMS,
  "",
  "| file | lines |",
  "| --- | --- |",
  "| src/add.ts | 12 |",
  "| test/add.test.ts | 140 |",
  "",
  "```ts",
  ...CODE,
  "```",
  "",
  "The end of the answer.",
].join("\n");
const LINES = Array.from({ length: 90 }, (_, k) => `- answer line ${pad(k)}`);

const count = (text: string, part: string) => text.split(part).length - 1;

describe.skipIf(!hasTmux)("a long streaming answer", () => {
  it("puts finished lines in the scrollback rendered as they stream, echoes keys meanwhile, never clears the screen", async () => {
    const model = "long-stream";
    tui.server.setScript(model, [{ text: ANSWER, fault: { delayMs: 15 } }]);
    const { term } = tui.open(model, { width: 80, height: 24 });
    await term.waitFor("Ask anything");
    const dir = scratchDir("tui-long-stream-");
    const raw = path.join(dir, "out");
    term.pipeOutput(raw);
    term.submit("write a long answer");
    // The code block, not finished and taller than the room above the prompt, shows its last rows.
    const streaming = await term.waitFor(/… \+\d+ lines above \(ctrl \+ t to view transcript\)/);
    expect(streaming).toContain("working…");
    expect(streaming).not.toContain("The end of the answer.");
    // Already in the scrollback above it, rendered: the list without its backticks, the table drawn.
    expect(streaming).toContain("Here is the plan for the change.");
    for (const item of ITEMS) expect(count(streaming, item.slice(2).replace(/`/g, ""))).toBe(1);
    expect(streaming).not.toContain("`add`");
    expect(streaming).not.toContain("| --- |");
    expect(streaming).toMatch(/test\/add\.test\.ts\s.*140/);
    // A key typed while it streams is echoed before the answer ends.
    term.type("typed meanwhile");
    const echoed = await term.waitFor("typed meanwhile");
    expect(echoed).not.toContain("The end of the answer.");
    const done = await term.waitFor(
      /The end of the answer\.[\s\S]*Ask anything|The end of the answer\.[\s\S]*typed meanwhile/,
      60_000,
    );
    await waitFor("the turn's end", () => !term.screen().includes("working…"));
    const final = term.screen();
    expect(final).not.toContain("lines above");
    expect(final).toContain("typed meanwhile");
    let at = final.indexOf("write a long answer");
    for (const line of ["Here is the plan", ...ITEMS.map((l) => l.slice(2).replace(/`/g, "")), "src/add.ts", ...CODE]) {
      expect(count(final, line), line).toBe(1);
      expect(final.indexOf(line), line).toBeGreaterThan(at);
      at = final.indexOf(line);
    }
    expect(final.indexOf("The end of the answer.")).toBeGreaterThan(at);
    // The list's items, each moved to the scrollback on its own, stay on consecutive rows as one list.
    const rendered = ITEMS.map((l) => l.replace(/`/g, ""));
    expect(final).toContain(rendered.join("\n"));
    expect(done).toContain("The end of the answer.");
    const bytes = existsSync(raw) ? readFileSync(raw, "latin1") : "";
    expect(bytes).toContain("value040");
    expect(bytes).not.toContain("\x1b[2J");
    rmSync(dir, { recursive: true, force: true });
  });

  it("follows a resize while it streams: the clipped answer and the prompt fit the new size, and the answer lands whole", async () => {
    const model = "long-stream-resize";
    const code = ["```", ...LINES, "```"].join("\n");
    tui.server.setScript(model, [{ text: `${code}\n\nThe end of the answer.`, fault: { delayMs: 40 } }]);
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
