// Interactive parity with upstream Codex (issue 20), in a real terminal (tmux): Esc at an
// approval stops the turn, "approve for this session" covers a patch's files, messages typed
// during a turn are queued, what a prompt approves is shown, and an 80×24 terminal stays readable.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeModelServer, type FakeModelServer, type FakeStep } from "../fixtures/fake-model-server.js";
import { baseEnv, tempHome } from "../support/cli.js";
import { hasTmux, TmuxTerminal } from "../support/tmux.js";
import { makeRepo } from "./exec-scenario.js";

const KEY = "sk-tui-parity-123456";
let server: FakeModelServer;
const cleanup: string[] = [];
const terminals: TmuxTerminal[] = [];
let n = 0;
beforeAll(async () => {
  server = await startFakeModelServer({ apiKey: KEY });
});
afterEach(() => {
  for (const t of terminals.splice(0)) t.kill();
});
afterAll(async () => {
  await server.close();
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

function open(script: FakeStep[], toml: string, size: { width?: number; height?: number } = {}) {
  const model = `parity-${++n}`;
  server.setScript(model, script);
  const repo = makeRepo();
  cleanup.push(path.dirname(repo));
  const home = tempHome(
    `model = "${model}"\ncontext_length = 100000\n${toml}\n[model_providers.litellm]\nbase_url = "${server.url}"\n`,
  );
  cleanup.push(home);
  const term = new TmuxTerminal([], { ...baseEnv(home), LITELLM_API_KEY: KEY }, { cwd: repo, ...size });
  terminals.push(term);
  return { term, repo, model };
}

const patchCall = (body: string): FakeStep => ({
  custom_tool_call: { name: "apply_patch", input: `*** Begin Patch\n${body}*** End Patch` },
});
const lastUserText = (model: string) => {
  const input = (server.requests(model).at(-1)?.body as { input: { role?: string; content?: { text?: string }[] }[] })
    .input;
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
    term.type("make a file");
    term.press("Enter");
    await term.waitFor("Run this command?");
    term.press("Escape");
    await term.waitFor("Interrupted");
    expect(server.requests(model)).toHaveLength(1);
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
    term.type("write notes");
    term.press("Enter");
    const prompt = await term.waitFor("Apply this patch?");
    expect(prompt).toContain("+first line");
    term.type("a");
    await term.waitFor("Both edits done.");
    expect(readFileSync(path.join(repo, "notes.txt"), "utf8")).toBe("first line\nsecond line\n");
    term.type("another file");
    term.press("Enter");
    await term.waitFor("Apply this patch?");
    term.type("n");
    await term.waitFor("Understood.");
    expect(term.screen()).toMatch(/Patch not applied \(denied\): .*other\.txt/);
  });

  it("a message typed while a turn runs is queued, shown, and sent when the turn ends", async () => {
    const slow = { fault: { delayMs: 250 } };
    const { term, model } = open([{ text: "first answer", ...slow }, { text: "second answer" }], "");
    await term.waitFor("Ask anything");
    term.type("one");
    term.press("Enter");
    await term.waitFor("working… Esc to interrupt");
    term.type("two");
    term.press("Enter");
    await term.waitFor("↳ two");
    await term.waitFor("second answer");
    expect(server.requests(model)).toHaveLength(2);
    expect(lastUserText(model)).toBe("two");
  });

  it("Esc during a turn puts the queued messages back in the composer, unsent", async () => {
    const { term, model } = open([{ text: "a slow answer that is interrupted", fault: { delayMs: 400 } }], "");
    await term.waitFor("Ask anything");
    term.type("one");
    term.press("Enter");
    await term.waitFor("working… Esc to interrupt");
    term.type("keep this for later");
    term.press("Enter");
    await term.waitFor("↳ keep this for later");
    term.press("Escape");
    await term.waitFor("Interrupted");
    await term.waitFor("› keep this for later");
    expect(server.requests(model)).toHaveLength(1);
  });

  it("at 80×24, /status's usage and the footer stay readable", async () => {
    const { term, model } = open(
      [{ text: "ok", usage: { input_tokens: 5_000, output_tokens: 300, cost: 0.0012 } }],
      'model_reasoning_effort = "low"',
      { width: 80, height: 24 },
    );
    await term.waitFor("Ask anything");
    term.type("hi");
    term.press("Enter");
    await term.waitFor(/\bok\b/);
    term.type("/status");
    term.press("Enter");
    const screen = await term.waitFor(/total 5,300 · cost \$0\.0012/);
    const lines = screen.split("\n");
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
    expect(screen).toContain(`1 · ${model} · effort low · 1 requests`);
    expect(screen).toContain("prompt 5,000, of which cached 0 · completion 300, reasoning 0");
    // The footer: the gauge and counts on one line, the model and hints on the next.
    const gauge = lines.findLast((l) => l.includes("context left")) ?? "";
    expect(gauge).toContain("5.3k used this session");
    expect(gauge).not.toContain(model);
    expect(lines.findLast((l) => l.includes(`${model} low · `))).toBeDefined();
  });
});
