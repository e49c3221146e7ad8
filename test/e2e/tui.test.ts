// The interactive UI in a real terminal (tmux): keys typed, screen read.
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { rolloutFiles, waitFor } from "../faults/support.js";
import { startFakeModelServer, type FakeModelServer } from "../fixtures/fake-model-server.js";
import { baseEnv, tempHome } from "../support/cli.js";
import { hasTmux, TmuxTerminal } from "../support/tmux.js";
import { makeRepo } from "./exec-scenario.js";

const KEY = "sk-tui-key-123456";
let server: FakeModelServer;
const cleanup: string[] = [];
const terminals: TmuxTerminal[] = [];
beforeAll(async () => {
  server = await startFakeModelServer({ apiKey: KEY, models: ["tui-model-a", "tui-model-b"] });
});
afterEach(() => {
  for (const t of terminals.splice(0)) t.kill();
});
afterAll(async () => {
  await server.close();
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

function open(model: string, extraToml = "", args: string[] = [], env: Record<string, string> = {}) {
  const repo = makeRepo();
  cleanup.push(path.dirname(repo));
  const home = tempHome(
    `model = "${model}"\ncontext_length = 100000\n${extraToml}\n[model_providers.litellm]\nbase_url = "${server.url}"\n`,
  );
  const term = new TmuxTerminal(args, { ...baseEnv(home), LITELLM_API_KEY: KEY, ...env }, { cwd: repo });
  terminals.push(term);
  return { term, repo, home };
}

describe.skipIf(!hasTmux)("interactive UI in a real terminal", () => {
  it("shows the header, runs a turn that needs approval, and /quit prints the resume command", async () => {
    server.setScript("tui-model-a", [{ shell: ["touch", "created.txt"] }, { text: "Created the file." }]);
    const { term, repo } = open("tui-model-a", 'approval_policy = "untrusted"\nsandbox_mode = "workspace-write"');
    await term.waitFor("Ask anything");
    // The prompt is drawn before config is read; the header follows it.
    const header = await term.waitFor("model: tui-model-a");
    expect(header).toContain("codex-litellm 0.1.0 compatible with codex-cli 0.171.0");
    expect(header).toContain("model: tui-model-a");
    expect(header).toContain(`provider: LiteLLM ${server.url}`);
    expect(header).toContain("approval: untrusted");
    term.type("make a file");
    term.press("Enter");
    await term.waitFor("Run this command?");
    expect(term.screen()).toContain("$ touch created.txt");
    term.type("y");
    await term.waitFor(/✓ touch created\.txt/);
    await term.waitFor("Created the file.");
    expect(existsSync(path.join(repo, "created.txt"))).toBe(true);
    term.type("/quit");
    term.press("Enter");
    const screen = await term.waitFor(/\[exit 0\]/);
    expect(screen).toMatch(/To continue this session, run codex-litellm resume [0-9a-f-]{36}/);
  });

  it("a message typed as soon as the prompt is drawn waits for the session to start, then is answered", async () => {
    const model = "tui-early";
    server.setScript(model, [{ text: "Answered the early message." }]);
    // The session starts once the proxy has answered its model catalog: held until the message is queued.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    server.setCatalog(async () => {
      await held;
      return { models: [] };
    });
    try {
      const { term } = open(model);
      await term.waitFor("Ask anything");
      term.type("hello early");
      term.press("Enter");
      const queued = await term.waitFor("queued: sent when the session is ready");
      expect(queued).toContain("↳ hello early");
      expect(server.requests(model)).toHaveLength(0);
      release();
      await term.waitFor("Answered the early message.");
      const input = JSON.stringify(server.requests(model)[0]?.body);
      expect(input).toContain("hello early");
      expect(term.screen()).toContain("model: tui-early"); // the header came in above the prompt
    } finally {
      release();
      server.setCatalog(null);
    }
  });

  it("draws its prompt when CI is set (Ink alone would print only the header), and commands still see CI", async () => {
    const model = "tui-ci";
    server.setScript(model, [{ shell: ["sh", "-c", "echo ci=$CI"] }, { text: "Checked." }]);
    const { term } = open(model, 'approval_policy = "never"\nsandbox_mode = "danger-full-access"', [], {
      CI: "true",
      CONTINUOUS_INTEGRATION: "1",
    });
    await term.waitFor("Ask anything");
    term.type("check");
    term.press("Enter");
    await term.waitFor("Checked.");
    expect(JSON.stringify(server.requests(model).at(-1)?.body)).toContain("ci=true");
  });

  it("a denied command is not run and the model is told", async () => {
    server.setScript("tui-model-b", [{ shell: ["touch", "denied.txt"] }, { text: "Understood, not creating it." }]);
    const { term, repo } = open("tui-model-b", 'approval_policy = "untrusted"');
    await term.waitFor("Ask anything");
    term.type("make a file");
    term.press("Enter");
    await term.waitFor("Run this command?");
    term.type("n");
    await term.waitFor("Understood, not creating it.");
    expect(existsSync(path.join(repo, "denied.txt"))).toBe(false);
    expect(JSON.stringify(server.requests("tui-model-b").at(-1)?.body)).toContain("approval was declined");
  });

  it("/status shows every request of a turn and of /compact, the same numbers as the usage log, and the context gauge falls as usage grows", async () => {
    const model = "tui-status";
    server.setScript(model, [
      {
        shell: ["true"],
        usage: {
          input_tokens: 20_000,
          cached_tokens: 5_000,
          output_tokens: 500,
          reasoning_tokens: 200,
          cost: 0.004739999999999999,
        },
      },
      { text: "first", usage: { input_tokens: 30_000, output_tokens: 1_000, cost: 0.0065 } },
      { text: "second", usage: { input_tokens: 70_000, output_tokens: 2_000, cost: 0.0011 } },
      { text: "The summary.", usage: { input_tokens: 72_000, output_tokens: 500, cost: 0.0022 } },
    ]);
    const { term, home } = open(
      model,
      'model_reasoning_effort = "low"\napproval_policy = "never"\nsandbox_mode = "danger-full-access"',
    );
    await term.waitFor("100% context left");
    term.type("one");
    term.press("Enter");
    await term.waitFor("first");
    // 31,000 tokens in a 100,000 window, less upstream's 12,000 baseline: 78% left.
    await term.waitFor("78% context left");
    term.type("two");
    term.press("Enter");
    await term.waitFor("second");
    // 72,000 in context: (88,000 − 60,000) / 88,000 → 32% left.
    await term.waitFor("32% context left");
    term.type("/compact");
    term.press("Enter");
    await term.waitFor("Conversation compacted");
    term.type("/status");
    term.press("Enter");
    const screen = await term.waitFor(/│ total\s+│/);
    // A row of the table inside the card's border.
    const row = (first: string) =>
      screen
        .split("\n")
        .find((l) => l.startsWith(`│ │ ${first} `))
        ?.split("│")
        .slice(2, -2)
        .map((c) => c.trim());
    // Turn 1 made two requests (the tool call, then the answer); /compact is a record of its own.
    expect(row("turn")).toEqual([
      "turn",
      "model",
      "effort",
      "requests",
      "prompt",
      "of which cached",
      "completion",
      "reasoning",
      "total",
      "cost",
    ]);
    expect(row("1")).toEqual(["1", model, "low", "2", "50,000", "5,000", "1,500", "200", "51,500", "$0.01124"]);
    expect(row("2")).toEqual(["2", model, "low", "1", "70,000", "0", "2,000", "0", "72,000", "$0.0011"]);
    expect(row("compaction")).toEqual([
      "compaction",
      model,
      "low",
      "1",
      "72,000",
      "0",
      "500",
      "0",
      "72,500",
      "$0.0022",
    ]);
    expect(row("total")).toEqual(["total", "", "", "4", "192,000", "5,000", "4,000", "200", "196,000", "$0.01454"]);
    expect(screen).toContain(
      "Token usage:    total=196,000 input=192,000 (of which 5,000 cached) output=4,000 (reasoning 200)",
    );
    expect(screen).toContain("196k used this session"); // the footer
    // The usage log has the same records.
    const usageLog = () =>
      readFileSync(path.join(home, "logs", "codex-litellm-session.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
    for (let i = 0; i < 100 && usageLog().length < 3; i++) await new Promise((r) => setTimeout(r, 50)); // written within 100 ms
    expect(usageLog().map((l) => [l.turn, l.kind, l.status, l.requests, l.total_tokens, l.cost_usd])).toEqual([
      [1, "turn", "completed", 2, 51_500, 0.01124],
      [2, "turn", "completed", 1, 72_000, 0.0011],
      [2, "compaction", "completed", 1, 72_500, 0.0022],
    ]);
  });

  it("/model lists the proxy's models and the next request uses the chosen one", async () => {
    server.reset("tui-model-b"); // an earlier test used this name
    server.setScript("tui-model-a", [{ text: "answer from a" }]);
    server.setScript("tui-model-b", [{ text: "answer from b" }]);
    const { term, home } = open("tui-model-a");
    await term.waitFor("Ask anything");
    term.type("/model");
    term.press("Enter");
    await term.waitFor("tui-model-b");
    term.press("Down");
    term.press("Enter");
    await term.waitFor("Reasoning effort for tui-model-b");
    term.press("Enter");
    await term.waitFor("for this session only");
    term.press("Enter");
    await term.waitFor("Model: tui-model-b — for this session");
    term.type("hello");
    term.press("Enter");
    await term.waitFor("answer from b");
    expect(server.requests("tui-model-b").filter((r) => r.wire === "responses")).toHaveLength(1);
    // Not saved: config.toml still names model a.
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(path.join(home, "config.toml"), "utf8")).toContain('model = "tui-model-a"');
  });

  it("/mcp lists the MCP servers and the tools the model gets; a server that fails is one notice", async () => {
    const server = path.resolve(import.meta.dirname, "../mcp/fixtures/stdio-server.mjs");
    const toml = (v: unknown) => JSON.stringify(v);
    const { term } = open(
      "tui-mcp",
      `[mcp_servers.docs]\ncommand = ${toml(process.execPath)}\nargs = ${toml([server])}\n[mcp_servers.broken]\ncommand = "/nonexistent/mcp-server"\n`,
    );
    await term.waitFor("Ask anything");
    await term.waitFor(/MCP client for `broken` failed to start/);
    term.type("/mcp");
    term.press("Enter");
    const screen = await term.waitFor(/✓ docs: \d+ tools/);
    expect(screen).toContain("mcp__docs__echo — Echoes the text back.");
    expect(screen).toMatch(/✗ broken: MCP client for `broken` failed to start/);
  });

  it("resume opens a picker of this directory's sessions and replays the chosen one; the TUI log is written", async () => {
    const model = "tui-resume";
    server.setScript(model, [{ text: "recorded answer" }, { text: "continued answer" }]);
    const { repo, home } = open(model);
    terminals.pop()?.kill(); // only the home and repo are needed; record a session with exec
    const { runCli } = await import("../support/cli.js");
    expect(
      (await runCli(["exec", "-C", repo, "the recorded question"], { home, env: { LITELLM_API_KEY: KEY } })).code,
    ).toBe(0);
    const term = new TmuxTerminal(["resume"], { ...baseEnv(home), LITELLM_API_KEY: KEY }, { cwd: repo });
    terminals.push(term);
    await term.waitFor("Resume a session (newest first)");
    expect(term.screen()).toContain("the recorded question");
    term.press("Enter");
    await term.waitFor("recorded answer");
    term.type("and then?");
    term.press("Enter");
    await term.waitFor("continued answer");
    const body = JSON.stringify(server.requests(model).at(-1)?.body);
    expect(body).toContain("the recorded question");
    expect(body).toContain("recorded answer");
    const { readFileSync } = await import("node:fs");
    const tuiLog = readFileSync(path.join(home, "logs", "codex-tui.log"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(tuiLog[0]).toMatchObject({ level: 30, msg: "codex-litellm interactive start" });
  });

  it("a stored session larger than the window asks to compact or abort", async () => {
    const model = "tui-safeguard";
    server.setScript(model, [{ text: "huge", usage: { input_tokens: 60_000, output_tokens: 10 } }]);
    const { repo, home } = open(model);
    terminals.pop()?.kill();
    const { runCli } = await import("../support/cli.js");
    expect((await runCli(["exec", "-C", repo, "big"], { home, env: { LITELLM_API_KEY: KEY } })).code).toBe(0);
    const term = new TmuxTerminal(
      ["resume", "--last", "-c", "context_length=20000"],
      { ...baseEnv(home), LITELLM_API_KEY: KEY },
      { cwd: repo },
    );
    terminals.push(term);
    await term.waitFor("This session holds about 60,010 tokens, more than the context window (20,000).");
    term.press("Down");
    term.press("Enter");
    await term.waitFor(/\[exit 2\]/);
  });

  it('"Compact it now" at the resume safeguard summarises the session, records the compacted history, and the next turn continues from the summary', async () => {
    const model = "tui-safeguard-compact";
    server.setScript(model, [
      { text: "huge answer", usage: { input_tokens: 60_000, output_tokens: 10 } },
      { text: "the summary of it all" },
      { text: "continued after compaction" },
    ]);
    const { repo, home } = open(model);
    terminals.pop()?.kill();
    const { runCli } = await import("../support/cli.js");
    expect((await runCli(["exec", "-C", repo, "big"], { home, env: { LITELLM_API_KEY: KEY } })).code).toBe(0);
    const term = new TmuxTerminal(
      ["resume", "--last", "-c", "context_length=20000"],
      { ...baseEnv(home), LITELLM_API_KEY: KEY },
      { cwd: repo },
    );
    terminals.push(term);
    await term.waitFor("This session holds about 60,010 tokens, more than the context window (20,000).");
    term.press("Enter"); // Compact it now
    await term.waitFor("Conversation compacted");
    type Body = { tools: unknown[]; input: { type: string; content?: { text?: string }[] }[] };
    const texts = (body: unknown) =>
      (body as Body).input.filter((i) => i.type === "message").map((i) => i.content?.[0]?.text ?? "");
    const summary = server.requests(model)[1]?.body as Body;
    expect(summary.tools).toEqual([]);
    expect(texts(summary).at(-1)).toContain("hand-off summary");
    const [rollout, ...more] = rolloutFiles(home);
    expect(more).toEqual([]);
    const compacted = await waitFor("the compacted record in the rollout", () =>
      readFileSync(rollout as string, "utf8")
        .split("\n")
        .find((l) => l.includes('"type":"compacted"')),
    );
    expect(JSON.stringify(JSON.parse(compacted).payload.replacement_history)).toContain("the summary of it all");
    term.type("go on");
    term.press("Enter");
    await term.waitFor("continued after compaction");
    const after = texts(server.requests(model)[2]?.body);
    expect(after.some((t) => t.includes("the summary of it all"))).toBe(true);
    expect(after).not.toContain("huge answer");
    expect(after.at(-1)).toBe("go on");
  });

  it("/diff pages the working tree's changes including untracked files; /resume switches sessions", async () => {
    const model = "tui-diff";
    server.setScript(model, [{ text: "earlier answer" }, { text: "answer after switching" }]);
    const { repo, home } = open(model);
    terminals.pop()?.kill();
    const { runCli } = await import("../support/cli.js");
    expect(
      (await runCli(["exec", "-C", repo, "an earlier question"], { home, env: { LITELLM_API_KEY: KEY } })).code,
    ).toBe(0);
    const { writeFileSync } = await import("node:fs");
    const { execFileSync } = await import("node:child_process");
    execFileSync("git", ["add", "."], { cwd: repo });
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init"], { cwd: repo });
    writeFileSync(path.join(repo, "math.js"), "export function add(a, b) {\n  return a + b;\n}\n");
    writeFileSync(path.join(repo, "notes.txt"), "new file\n");
    const term = new TmuxTerminal([], { ...baseEnv(home), LITELLM_API_KEY: KEY }, { cwd: repo });
    terminals.push(term);
    await term.waitFor("Ask anything");
    term.type("/diff");
    term.press("Enter");
    const diff = await term.waitFor("+new file");
    expect(diff).toContain("+  return a + b;");
    expect(diff).toContain("-  return a - b;");
    expect(diff).toContain("b/notes.txt"); // the untracked file as a new-file diff, its contents included
    term.type("q");
    await term.waitFor("Ask anything");
    term.type("/resume");
    term.press("Enter");
    await term.waitFor("an earlier question");
    term.press("Enter");
    await term.waitFor(/Resumed session [0-9a-f-]{36}/);
    term.type("go on");
    term.press("Enter");
    await term.waitFor("answer after switching");
    expect(JSON.stringify(server.requests(model).at(-1)?.body)).toContain("an earlier question");
  });
});
