// Interactive parity with upstream Codex (issue 20), in a real terminal (tmux): Esc at an
// approval stops the turn, "approve for this session" covers a patch's files, messages typed
// during a turn are queued, what a prompt approves is shown, and an 80×24 terminal stays readable.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";

const tui = useTuiHarness({ apiKey: "sk-tui-parity-123456" });
let n = 0;

function open(script: FakeStep[], toml: string, size: { width?: number; height?: number } = {}) {
  const model = `parity-${++n}`;
  tui.server.setScript(model, script);
  return { ...tui.open(model, { toml, ...size }), model };
}

/** A patch as a model without an apply_patch tool sends it (upstream 0.171's default): through exec_command. */
const patchCall = (body: string): FakeStep => ({
  shell: ["bash", "-lc", `apply_patch <<'EOF'\n*** Begin Patch\n${body}*** End Patch\nEOF\n`],
});
const lastUserText = (model: string) => {
  const input = (
    tui.server.requests(model).at(-1)?.body as { input: { role?: string; content?: { text?: string }[] }[] }
  ).input;
  return input.filter((i) => i.role === "user").at(-1)?.content?.[0]?.text;
};

describe.skipIf(!hasTmux)("interactive parity with upstream", () => {
  it("leads with the product; the telemetry line comes after the header", async () => {
    const { term } = open([], "");
    const screen = await term.waitFor("Ask anything");
    const lines = screen.split("\n").filter((l) => l.trim());
    expect(lines[0]).toMatch(/^╭/);
    expect(lines[1]).toContain("codex-litellm 0.1.0");
    await term.waitFor("telemetry: recording debug events to");
    const now = term.screen();
    expect(now.indexOf("telemetry: recording debug events")).toBeGreaterThan(now.indexOf("codex-litellm 0.1.0"));
  });

  it("Esc at an approval prompt stops the turn: no further request is sent", async () => {
    const { term, model } = open(
      [{ shell: ["touch", "never.txt"] }, { text: "this answer must not be requested" }],
      'approval_policy = "untrusted"',
    );
    await term.waitFor("Ask anything");
    await term.send("make a file", "Run this command?");
    await term.key("Escape", "Conversation interrupted");
    expect(tui.server.requests(model)).toHaveLength(1);
    expect(term.screen()).not.toContain("this answer must not be requested");
  });

  it("a patch prompt shows the diff; 'a' approves later patches to the same file without asking; a denied patch leaves a line", async () => {
    const { term, repo } = open(
      [
        patchCall("*** Add File: notes.txt\n+first line\n"),
        patchCall("*** Update File: notes.txt\n@@\n first line\n+second line\n"),
        { text: "Both edits done." },
        patchCall("*** Add File: other.txt\n+nope\n"),
        { text: "Understood." },
      ],
      'approval_policy = "untrusted"',
    );
    await term.waitFor("Ask anything");
    const prompt = await term.send("write notes", "Apply this patch?");
    expect(prompt).toContain("+first line");
    await term.key("a", "Both edits done.");
    expect(readFileSync(path.join(repo, "notes.txt"), "utf8")).toBe("first line\nsecond line\n");
    await term.send("another file", "Apply this patch?");
    await term.key("n", "Understood.");
    expect(term.screen()).toMatch(/Patch not applied \(denied\): .*other\.txt/);
  });

  it("a message typed while a turn runs is queued, shown, and sent when the turn ends", async () => {
    const slow = { fault: { delayMs: 250 } };
    const { term, model } = open([{ text: "first answer", ...slow }, { text: "second answer" }], "");
    await term.waitFor("Ask anything");
    await term.send("one", "working… Esc to interrupt");
    await term.send("two", "↳ two");
    await term.waitFor("second answer");
    expect(tui.server.requests(model)).toHaveLength(2);
    expect(lastUserText(model)).toBe("two");
  });

  it("Esc during a turn puts the queued messages back in the composer, unsent", async () => {
    const { term, model } = open([{ text: "a slow answer that is interrupted", fault: { delayMs: 400 } }], "");
    await term.waitFor("Ask anything");
    await term.send("one", "working… Esc to interrupt");
    await term.send("keep this for later", "↳ keep this for later");
    await term.key("Escape", "Conversation interrupted");
    await term.waitFor("› keep this for later");
    expect(tui.server.requests(model)).toHaveLength(1);
  });

  it("at 80×24, /status's usage and the footer stay readable", async () => {
    const { term, model } = open(
      [{ text: "ok", usage: { input_tokens: 5_000, output_tokens: 300, cost: 0.0012 } }],
      'model_reasoning_effort = "low"',
      { width: 80, height: 24 },
    );
    await term.waitFor("Ask anything");
    await term.send("hi", /\bok\b/);
    const screen = await term.send("/status", /total 5,300 · cost \$0\.0012/);
    const lines = screen.split("\n");
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
    expect(screen).toContain(`1 · ${model} · effort low · 1 request`);
    expect(screen).toContain("prompt 5,000, of which cached 0 · completion 300, reasoning 0");
    // The footer: the gauge and counts on one line, the model and hints on the next.
    const gauge = lines.findLast((l) => l.includes("context left")) ?? "";
    expect(gauge).toContain("5.3k used this session");
    expect(gauge).not.toContain(model);
    expect(lines.findLast((l) => l.includes(`${model} low · `))).toBeDefined();
  });
});
