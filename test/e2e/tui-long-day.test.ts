// The UI over a long day (issue 36): long command output says how much is hidden and the
// transcript view (Ctrl+T) shows all of it; big pastes keep the composer small and reach the
// model whole; the model's markdown reads well at 80 columns.
import { describe, expect, it } from "vitest";
import { waitFor } from "../faults/support.js";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";

const KEY = "sk-tui-long-day-123456";
const tui = useTuiHarness({ apiKey: KEY });
const NO_APPROVALS = 'approval_policy = "never"\nsandbox_mode = "danger-full-access"';

/** Presses `key` until the pager's screen matches `pattern`, waiting for each press to move its window. */
async function pressUntil(term: ReturnType<typeof tui.launch>, key: string, pattern: RegExp, times = 40) {
  const position = () => /lines \d+–\d+ of \d+/.exec(term.screen())?.[0];
  for (let i = 0; i < times && !pattern.test(term.screen()); i++) {
    const before = position();
    term.press(key);
    await waitFor("the pager to move", () => position() !== before);
  }
  return term.waitFor(pattern, 5_000);
}

describe.skipIf(!hasTmux)("long command output", () => {
  it("says how many lines are hidden, and Ctrl+T shows every line until q closes it", async () => {
    const model = "long-day-output";
    tui.server.setScript(model, [
      { shell: ["bash", "-lc", "seq 1 300 | sed 's/^/row /'"] },
      { text: "Counted the rows." },
    ]);
    const { term } = tui.open(model, { toml: NO_APPROVALS, width: 100, height: 40 });
    await term.waitFor("Ask anything");
    const done = await term.send("count", "Counted the rows.");
    // Upstream's shape: the first lines, "… +N lines", the last lines.
    expect(done).toContain("… +293 lines (ctrl + t to view transcript)");
    expect(done).toMatch(/row 1\n\s+row 2\n\s+… \+293 lines/);
    expect(done).toMatch(/row 296\n(\s+row 29[7-9]\n){3}\s+row 300\n/);
    expect(done).not.toContain("row 150");

    term.type("a draft"); // and Ctrl+T right behind it: one read or two, both keys count
    const transcript = await term.key("C-t", /Transcript lines \d+–\d+ of \d+/);
    expect(transcript).toContain("row 300");
    expect(transcript).toContain("Counted the rows.");
    // Every hidden line is there: page up to the middle of the output, then to the top.
    await pressUntil(term, "PPage", /^\s*│\s+row 150\s/m);
    const top = await term.key("g", /lines 1–/);
    expect(top).toContain("› count");
    expect(top).toMatch(/\$ seq 1 300 \| sed 's\/\^\/row \/'/);
    // q leaves it; the composer kept what was typed.
    term.press("q");
    const back = await term.waitFor(/│ › a draft/);
    expect(back).not.toMatch(/Transcript lines/);
  });
});

describe.skipIf(!hasTmux)("paste", () => {
  it("a 200-line paste shows upstream's placeholder, the composer stays small, the model gets every line", async () => {
    const model = "long-day-paste";
    tui.server.setScript(model, [{ text: "Read your paste." }]);
    const { term } = tui.open(model, { width: 100, height: 40 });
    await term.waitFor("Ask anything");
    const pasted = Array.from({ length: 200 }, (_, i) => `pasted line ${i + 1}`).join("\n");
    term.type("Summarize: ");
    term.paste(pasted);
    const chars = [...pasted].length;
    const screen = await term.waitFor(`[Pasted Content ${chars} chars]`);
    expect(screen).not.toContain("pasted line 100");
    // Its newlines did not send it.
    expect(tui.server.requests(model)).toHaveLength(0);
    await term.send(" please", "Read your paste.");
    const body = JSON.stringify(tui.server.requests(model)[0]?.body);
    expect(body).toContain(JSON.stringify(`Summarize: ${pasted} please`).slice(1, -1));
    expect(body).not.toContain("Pasted Content");
  });

  it("a paste under the threshold is shown as text, in at most 8 rows that follow the cursor", async () => {
    const model = "long-day-small-paste";
    tui.server.setScript(model, [{ text: "Got the list." }]);
    const { term } = tui.open(model, { width: 100, height: 40 });
    await term.waitFor("Ask anything");
    const pasted = Array.from({ length: 30 }, (_, i) => `item ${i + 1}`).join("\n");
    term.paste(pasted);
    const screen = await term.waitFor("item 30");
    expect(screen).toContain("↑ 22 more lines");
    expect(screen).toContain("item 23");
    expect(screen).not.toContain("item 22\n");
    expect(tui.server.requests(model)).toHaveLength(0);
    term.press("Enter");
    await term.waitFor("Got the list.");
    expect(JSON.stringify(tui.server.requests(model)[0]?.body)).toContain(JSON.stringify(pasted).slice(1, -1));
  });
});

describe.skipIf(!hasTmux)("markdown at 80 columns", () => {
  it("list items without backticks, quotes marked, tables fitted, no wrapped line starting with a space", async () => {
    const model = "long-day-markdown";
    const answer = [
      "Steps:",
      "",
      "- run `npm test` before you push, and read every failure it reports with care before you change anything",
      "  - nested `step`",
      "",
      `> ${"quoted advice that goes on ".repeat(5).trim()}`,
      "",
      "| file | what changed |",
      "|---|---|",
      `| \`src/a.ts\` | ${"a long explanation of the change ".repeat(4).trim()} |`,
    ].join("\n");
    tui.server.setScript(model, [{ text: answer }]);
    const { term } = tui.open(model, { width: 80, height: 50 });
    await term.waitFor("Ask anything");
    const screen = await term.send("explain", /└─+┴─+┘/);
    const body = screen.slice(screen.indexOf("Steps:"), screen.search(/└─+┴─+┘/) + 80).split("\n");
    expect(body).toContain("- run npm test before you push, and read every failure it reports with care");
    expect(body).toContain("  before you change anything");
    expect(body).toContain("  - nested step");
    const quote = body.filter((l) => l.includes("quoted advice") || l.includes("goes on"));
    expect(quote.length).toBeGreaterThan(1);
    for (const line of quote) expect(line).toMatch(/^> \S/);
    for (const line of body.filter((l) => /^[┌│├└]/.test(l))) expect(line.length).toBeLessThanOrEqual(80);
    expect(body.join("\n")).toContain("│ src/a.ts");
    expect(body.join("\n")).not.toContain("`");
  });
});
