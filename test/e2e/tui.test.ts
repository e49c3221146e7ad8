// The interactive UI in a real terminal (tmux): keys typed, screen read.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { rolloutFiles, waitFor } from "../faults/support.js";
import { runCli } from "../support/cli.js";
import { hasTmux } from "../support/tmux.js";
import { useTuiHarness } from "../support/tui-harness.js";

const KEY = "sk-tui-key-123456";
const ENV = { LITELLM_API_KEY: KEY };
const tui = useTuiHarness({ apiKey: KEY, models: ["tui-model-a", "tui-model-b"] });
const open = (model: string, toml = "", args: string[] = [], env: Record<string, string> = {}) =>
  tui.open(model, { toml, args, env });

describe.skipIf(!hasTmux)("interactive UI in a real terminal", () => {
  it("shows the header, runs a turn that needs approval, and /quit prints the resume command", async () => {
    tui.server.setScript("tui-model-a", [{ shell: ["touch", "created.txt"] }, { text: "Created the file." }]);
    const { term, repo } = open("tui-model-a", 'approval_policy = "untrusted"\nsandbox_mode = "workspace-write"');
    await term.waitFor("Ask anything");
    // The prompt is drawn before config is read; the header follows it.
    const header = await term.waitFor("model: tui-model-a");
    expect(header).toContain("codex-litellm 0.1.0 compatible with codex-cli 0.171.0");
    expect(header).toContain("model: tui-model-a");
    expect(header).toContain(`provider: LiteLLM ${tui.server.url}`);
    expect(header).toContain("approval: untrusted");
    await term.send("make a file", "Run this command?");
    expect(term.screen()).toContain("$ touch created.txt");
    await term.key("y", /✓ touch created\.txt/);
    await term.waitFor("Created the file.");
    expect(existsSync(path.join(repo, "created.txt"))).toBe(true);
    const screen = await term.send("/quit", /\[exit 0\]/);
    expect(screen).toMatch(/To continue this session, run codex-litellm resume [0-9a-f-]{36}/);
  });

  it("a message typed as soon as the prompt is drawn waits for the session to start, then is answered", async () => {
    const model = "tui-early";
    tui.server.setScript(model, [{ text: "Answered the early message." }]);
    // The session starts once the proxy has answered its model catalog: held until the message is queued.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    tui.server.setCatalog(async () => {
      await held;
      return { models: [] };
    });
    try {
      const { term } = open(model);
      await term.waitFor("Ask anything");
      const queued = await term.send("hello early", "queued: sent when the session is ready");
      expect(queued).toContain("↳ hello early");
      expect(tui.server.requests(model)).toHaveLength(0);
      release();
      await term.waitFor("Answered the early message.");
      const input = JSON.stringify(tui.server.requests(model)[0]?.body);
      expect(input).toContain("hello early");
      expect(term.screen()).toContain("model: tui-early"); // the header came in above the prompt
    } finally {
      release();
      tui.server.setCatalog(null);
    }
  });

  it("draws its prompt when CI is set (Ink alone would print only the header), and commands still see CI", async () => {
    const model = "tui-ci";
    tui.server.setScript(model, [{ shell: ["sh", "-c", "echo ci=$CI"] }, { text: "Checked." }]);
    const { term } = open(model, 'approval_policy = "never"\nsandbox_mode = "danger-full-access"', [], {
      CI: "true",
      CONTINUOUS_INTEGRATION: "1",
    });
    await term.waitFor("Ask anything");
    await term.send("check", "Checked.");
    expect(JSON.stringify(tui.server.requests(model).at(-1)?.body)).toContain("ci=true");
  });

  it("a denied command is not run and the model is told", async () => {
    tui.server.setScript("tui-model-b", [{ shell: ["touch", "denied.txt"] }, { text: "Understood, not creating it." }]);
    const { term, repo } = open("tui-model-b", 'approval_policy = "untrusted"');
    await term.waitFor("Ask anything");
    await term.send("make a file", "Run this command?");
    await term.key("n", "Understood, not creating it.");
    expect(existsSync(path.join(repo, "denied.txt"))).toBe(false);
    // Upstream 0.171's words for a person's no to exec_command.
    const refusal = 'exec_command failed: CreateProcess { message: "Rejected(\\"rejected by user\\")" }';
    expect(JSON.stringify(tui.server.requests("tui-model-b").at(-1)?.body)).toContain(JSON.stringify(refusal));
  });

  it("/status shows every request of a turn and of /compact, the same numbers as the usage log, and the context gauge falls as usage grows", async () => {
    const model = "tui-status";
    tui.server.setScript(model, [
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
    await term.send("one", "first");
    // 31,000 tokens in a 100,000 window, less upstream's 12,000 baseline: 78% left.
    await term.waitFor("78% context left");
    await term.send("two", "second");
    // 72,000 in context: (88,000 − 60,000) / 88,000 → 32% left.
    await term.waitFor("32% context left");
    await term.send("/compact", "Conversation compacted");
    const screen = await term.send("/status", /│ total\s+│/);
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
    tui.server.reset("tui-model-b"); // an earlier test used this name
    tui.server.setScript("tui-model-a", [{ text: "answer from a" }]);
    tui.server.setScript("tui-model-b", [{ text: "answer from b" }]);
    const { term, home } = open("tui-model-a");
    await term.waitFor("Ask anything");
    await term.send("/model", "tui-model-b");
    term.press("Down");
    await term.key("Enter", "Reasoning effort for tui-model-b");
    await term.key("Enter", "for this session only");
    await term.key("Enter", "Model: tui-model-b — for this session");
    await term.send("hello", "answer from b");
    expect(tui.server.requests("tui-model-b").filter((r) => r.wire === "responses")).toHaveLength(1);
    // Not saved: config.toml still names model a.
    expect(readFileSync(path.join(home, "config.toml"), "utf8")).toContain('model = "tui-model-a"');
  });

  it("/mcp lists the MCP servers and the tools the model gets; a server that fails is one notice; a namespaced call runs", async () => {
    const server = path.resolve(import.meta.dirname, "../mcp/fixtures/stdio-server.mjs");
    tui.server.setScript("tui-mcp", [
      { function_call: { name: "echo", namespace: "mcp__docs", arguments: { text: "hi" }, call_id: "tui-echo" } },
      { text: "The server echoed." },
    ]);
    const toml = (v: unknown) => JSON.stringify(v);
    const { term } = open(
      "tui-mcp",
      `[mcp_servers.docs]\ncommand = ${toml(process.execPath)}\nargs = ${toml([server])}\n[mcp_servers.broken]\ncommand = "/nonexistent/mcp-server"\n`,
    );
    await term.waitFor("Ask anything");
    await term.waitFor(/MCP client for `broken` failed to start/);
    const screen = await term.send("/mcp", /✓ docs: \d+ tools/);
    expect(screen).toContain("mcp__docs__echo — Echoes the text back.");
    expect(screen).toMatch(/✗ broken: MCP client for `broken` failed to start/);
    // The model calls `echo` in the server's namespace (as upstream 0.171 offers it): the MCP call runs and shows.
    const after = await term.send("echo hi through the server", "The server echoed.");
    expect(after).toContain("✓ docs.echo");
  });

  it("resume opens a picker of this directory's sessions and replays the chosen one; the TUI log is written", async () => {
    const model = "tui-resume";
    tui.server.setScript(model, [{ text: "recorded answer" }, { text: "continued answer" }]);
    const { repo, home } = tui.setup(model); // a session recorded with exec first
    expect((await runCli(["exec", "-C", repo, "the recorded question"], { home, env: ENV })).code).toBe(0);
    const term = tui.launch({ repo, home }, { args: ["resume"] });
    await term.waitFor("Resume a session (newest first)");
    expect(term.screen()).toContain("the recorded question");
    await term.key("Enter", "recorded answer");
    await term.send("and then?", "continued answer");
    const body = JSON.stringify(tui.server.requests(model).at(-1)?.body);
    expect(body).toContain("the recorded question");
    expect(body).toContain("recorded answer");
    const tuiLog = readFileSync(path.join(home, "logs", "codex-tui.log"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(tuiLog[0]).toMatchObject({ level: 30, msg: "codex-litellm interactive start" });
  });

  it("a stored session larger than the window asks to compact or abort", async () => {
    const model = "tui-safeguard";
    tui.server.setScript(model, [{ text: "huge", usage: { input_tokens: 60_000, output_tokens: 10 } }]);
    const { repo, home } = tui.setup(model);
    expect((await runCli(["exec", "-C", repo, "big"], { home, env: ENV })).code).toBe(0);
    const term = tui.launch({ repo, home }, { args: ["resume", "--last", "-c", "context_length=20000"] });
    await term.waitFor("This session holds about 60,010 tokens, more than the context window (20,000).");
    term.press("Down");
    await term.key("Enter", /\[exit 2\]/);
  });

  it('"Compact it now" at the resume safeguard summarises the session, records the compacted history, and the next turn continues from the summary', async () => {
    const model = "tui-safeguard-compact";
    tui.server.setScript(model, [
      { text: "huge answer", usage: { input_tokens: 60_000, output_tokens: 10 } },
      { text: "the summary of it all" },
      { text: "continued after compaction" },
    ]);
    const { repo, home } = tui.setup(model);
    expect((await runCli(["exec", "-C", repo, "big"], { home, env: ENV })).code).toBe(0);
    const term = tui.launch({ repo, home }, { args: ["resume", "--last", "-c", "context_length=20000"] });
    await term.waitFor("This session holds about 60,010 tokens, more than the context window (20,000).");
    await term.key("Enter", "Conversation compacted"); // Compact it now
    type Body = { tools: unknown[]; input: { type: string; content?: { text?: string }[] }[] };
    const texts = (body: unknown) =>
      (body as Body).input.filter((i) => i.type === "message").map((i) => i.content?.[0]?.text ?? "");
    const summary = tui.server.requests(model)[1]?.body as Body;
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
    await term.send("go on", "continued after compaction");
    const after = texts(tui.server.requests(model)[2]?.body);
    expect(after.some((t) => t.includes("the summary of it all"))).toBe(true);
    expect(after).not.toContain("huge answer");
    expect(after.at(-1)).toBe("go on");
  });

  it("/diff pages the working tree's changes including untracked files; /resume switches sessions", async () => {
    const model = "tui-diff";
    tui.server.setScript(model, [{ text: "earlier answer" }, { text: "answer after switching" }]);
    const { repo, home } = tui.setup(model);
    expect((await runCli(["exec", "-C", repo, "an earlier question"], { home, env: ENV })).code).toBe(0);
    execFileSync("git", ["add", "."], { cwd: repo });
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init"], { cwd: repo });
    writeFileSync(path.join(repo, "math.js"), "export function add(a, b) {\n  return a + b;\n}\n");
    writeFileSync(path.join(repo, "notes.txt"), "new file\n");
    const term = tui.launch({ repo, home });
    await term.waitFor("Ask anything");
    const diff = await term.send("/diff", "+new file");
    expect(diff).toContain("+  return a + b;");
    expect(diff).toContain("-  return a - b;");
    expect(diff).toContain("b/notes.txt"); // the untracked file as a new-file diff, its contents included
    await term.key("q", "Ask anything");
    await term.send("/resume", "an earlier question");
    await term.key("Enter", /Resumed session [0-9a-f-]{36}/);
    await term.send("go on", "answer after switching");
    expect(JSON.stringify(tui.server.requests(model).at(-1)?.body)).toContain("an earlier question");
  });
});
