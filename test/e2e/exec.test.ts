import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { assertValidExecEvents } from "../schemas/validate.js";
import { runCli, tempHome } from "../support/cli.js";
import { fixScript, makeRepo, SCENARIO_TOML } from "./exec-scenario.js";
import { cleanup, useFakeServer } from "../faults/support.js";

const fake = useFakeServer({ apiKey: "sk-e2e-key-123456" });

function homeFor(model: string, wire: "responses" | "chat" = "responses"): string {
  return tempHome(
    `model = "${model}"\nmodel_provider = "litellm"\n[model_providers.litellm]\nbase_url = "${fake.server.url}"\nenv_key = "LITELLM_API_KEY"\nwire_api = "${wire}"\n${SCENARIO_TOML}`,
  );
}

const env = { LITELLM_API_KEY: "sk-e2e-key-123456" };
let n = 0;

describe.each(["responses", "chat"] as const)("exec end to end (%s wire, fake server)", (wire) => {
  it("plans, patches, tests and answers; --json is upstream's event format", async () => {
    const model = `exec-${wire}-${++n}`;
    fake.server.setScript(model, fixScript());
    const repo = makeRepo();
    cleanup.push(path.dirname(repo));
    const home = homeFor(model, wire);
    const r = await runCli(["exec", "--json", "--full-auto", "-C", repo, "fix the failing test"], { home, env });
    // stderr carries only the telemetry start-up line; stdout is pure JSONL.
    expect(r.stderr).toMatch(/^telemetry: recording debug events to \/.*\/logs\/\d{8}-\d{6}\.log\n$/);
    expect(r.code).toBe(0);
    // The repository ends in the expected state.
    expect(readFileSync(path.join(repo, "math.js"), "utf8")).toBe("export function add(a, b) {\n  return a + b;\n}\n");
    const lines = r.stdout.trim().split("\n");
    assertValidExecEvents(lines);
    const events = lines.map((l) => JSON.parse(l));
    expect(events[0].type).toBe("thread.started");
    expect(events.map((e) => e.type)).toContain("turn.completed");
    const completed = events.filter((e) => e.type === "item.completed").map((e) => e.item);
    const commands = completed.filter((i) => i.type === "command_execution");
    expect(commands.map((c) => [c.command, c.exit_code, c.status])).toEqual([
      [expect.stringMatching(/^\S*bash -lc ls$/), 0, "completed"],
      [expect.stringMatching(/^\S*bash -lc 'node test.js'$/), 0, "completed"],
    ]);
    expect(commands[1].aggregated_output).toContain("ok");
    expect(completed.find((i) => i.type === "file_change")).toMatchObject({
      changes: [{ path: path.join(repo, "math.js"), kind: "update" }],
      status: "completed",
    });
    expect(completed.find((i) => i.type === "todo_list").items).toEqual([
      { text: "Fix add()", completed: true },
      { text: "Run tests", completed: true },
    ]);
    expect(completed.filter((i) => i.type === "agent_message").map((i) => i.text)).toEqual([
      "Fixed add() in math.js; node test.js passes.",
    ]);
    expect(completed.at(-1).type).toBe("todo_list"); // upstream completes the plan at turn end
    expect(events.at(-1)).toMatchObject({
      type: "turn.completed",
      usage: { input_tokens: 7500, cached_input_tokens: 600, output_tokens: 240, reasoning_output_tokens: 60 },
    });
    // Tool outputs went back to the model: the test run's output is in the last request.
    const last = fake.server.requests(model).at(-1)?.body as Record<string, unknown>;
    expect(JSON.stringify(last)).toContain("Exit code: 0");
    // A rollout was written, and the key is nowhere in it.
    const sessions = path.join(home, "sessions");
    const day = readdirSync(sessions, { recursive: true })
      .map(String)
      .find((f) => f.endsWith(".jsonl"));
    expect(day).toBeDefined();
    expect(readFileSync(path.join(sessions, day as string), "utf8")).not.toContain("sk-e2e-key-123456");
  });
});

/** A model of this file's own scripted with `steps`, and a repository to run it in. */
function scripted(prefix: string, steps: FakeStep[]) {
  const model = `${prefix}-${++n}`;
  fake.server.setScript(model, steps);
  const repo = makeRepo();
  cleanup.push(path.dirname(repo));
  return { model, repo };
}

describe("exec details", () => {
  it("human output: progress on stderr, the final message alone on stdout, -o writes it", async () => {
    const { model, repo } = scripted("exec-human", [{ text: "All good." }]);
    const out = path.join(path.dirname(repo), "last.txt");
    const r = await runCli(["exec", "-C", repo, "-o", out, "say hi"], { home: homeFor(model), env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("All good.\n");
    expect(r.stderr).toContain(`model: ${model}`);
    expect(r.stderr).toContain("codex-litellm exec resume");
    expect(readFileSync(out, "utf8")).toBe("All good.");
  });

  it("reads the prompt from stdin, and refuses outside a git repository unless told", async () => {
    const model = `exec-stdin-${++n}`;
    fake.server.setScript(model, [{ text: "from stdin" }, { text: "again" }]);
    const home = homeFor(model);
    // Outside any repository whatever holds the temp dir: runCli's GIT_CEILING_DIRECTORIES stops the search there.
    const outside = tempHome();
    const refused = await runCli(["exec", "-C", outside, "hi"], { home, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("is not inside a git repository; run it in one, or pass --skip-git-repo-check");
    const r = await runCli(["exec", "--skip-git-repo-check", "-C", outside, "-"], {
      home,
      env,
      input: "prompt on stdin",
    });
    expect(r.code).toBe(0);
    const body = fake.server.requests(model)[0]?.body as { input: { content: { text: string }[] }[] };
    expect(body.input.at(-1)?.content[0]?.text).toBe("prompt on stdin");
  });

  it("a web search the model ran: --json shows upstream's web_search item, and a resume sends the search back", async () => {
    const model = `exec-websearch-${++n}`;
    fake.server.setScript(model, [
      { output: [{ type: "web_search", query: "weather in Paris" }], text: "sunny" },
      { text: "still sunny" },
    ]);
    const repo = makeRepo();
    cleanup.push(path.dirname(repo));
    const home = homeFor(model);
    const r = await runCli(["exec", "--json", "-C", repo, "weather?"], { home, env });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    assertValidExecEvents(lines);
    const search = lines
      .map((l) => JSON.parse(l) as { type: string; item?: Record<string, unknown> })
      .find((e) => e.item?.type === "web_search");
    expect(search).toMatchObject({
      type: "item.completed",
      item: { type: "web_search", query: "weather in Paris", action: { type: "search", query: "weather in Paris" } },
    });
    const resumed = await runCli(["exec", "resume", "--last", "-C", repo, "and now?"], { home, env });
    expect(resumed.code, resumed.stderr).toBe(0);
    const input = (fake.server.requests(model)[1]?.body as { input: Record<string, unknown>[] }).input;
    expect(input).toContainEqual({
      type: "web_search_call",
      id: expect.stringMatching(/^ws_/),
      status: "completed",
      action: { type: "search", query: "weather in Paris" },
    });
  });

  it("resuming a session on another model warns as upstream does; on the same model it does not", async () => {
    const model = `exec-recorded-${++n}`;
    const other = `exec-other-${n}`;
    fake.server.setScript(model, [{ text: "first" }, { text: "same model" }]);
    fake.server.setScript(other, [{ text: "other model" }]);
    const repo = makeRepo();
    cleanup.push(path.dirname(repo));
    const home = homeFor(model);
    expect((await runCli(["exec", "-C", repo, "hi"], { home, env })).code).toBe(0);
    const warning = `This session was recorded with model \`${model}\` but is resuming with \`${other}\`. Consider switching back to \`${model}\` as it may affect Codex performance.`;
    const same = await runCli(["exec", "resume", "--last", "-C", repo, "again"], { home, env });
    expect(same.code, same.stderr).toBe(0);
    expect(same.stderr).not.toContain("This session was recorded with model");
    const switched = await runCli(["exec", "resume", "--last", "--json", "-m", other, "-C", repo, "again"], {
      home,
      env,
    });
    expect(switched.code, switched.stderr).toBe(0);
    expect(switched.stdout).toContain(JSON.stringify({ type: "error", message: warning }).slice(1, -1));
  });

  it("an empty .git directory is not a repository (as upstream judges it); a .git file or a .git/HEAD is", async () => {
    const model = `exec-dotgit-${++n}`;
    fake.server.setScript(model, [{ text: "in a worktree" }, { text: "with a HEAD" }]);
    const home = homeFor(model);
    const dir = tempHome();
    mkdirSync(path.join(dir, ".git"));
    mkdirSync(path.join(dir, "sub"));
    const refused = await runCli(["exec", "-C", path.join(dir, "sub"), "hi"], { home, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("is not inside a git repository");
    expect(fake.server.requests(model)).toHaveLength(0);
    writeFileSync(path.join(dir, ".git", "HEAD"), "ref: refs/heads/main\n");
    expect((await runCli(["exec", "-C", path.join(dir, "sub"), "hi"], { home, env })).code).toBe(0);
    rmSync(path.join(dir, ".git"), { recursive: true });
    writeFileSync(path.join(dir, ".git"), "gitdir: /elsewhere/.git/worktrees/w\n");
    expect((await runCli(["exec", "-C", path.join(dir, "sub"), "hi"], { home, env })).code).toBe(0);
  });

  it("a command needing approval is declined in exec and the model is told", async () => {
    const { model, repo } = scripted("exec-approval", [
      { shell: ["rm", "-rf", "math.js"] },
      { text: "could not delete" },
    ]);
    const r = await runCli(["exec", "--json", "-a", "untrusted", "-C", repo, "delete math.js"], {
      home: homeFor(model),
      env,
    });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(repo, "math.js"), "utf8")).toContain("return a - b");
    const declined = r.stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .find((e) => e.type === "item.completed" && e.item.type === "command_execution");
    expect(declined.item.status).toBe("declined");
    const second = JSON.stringify(fake.server.requests(model)[1]?.body);
    expect(second).toContain("command not run: approval policy is untrusted");
  });

  it("a failed turn exits 1 with the reason; a missing model exits 2", async () => {
    const { model, repo } = scripted("exec-fail", [{ fault: { status: 400, error: { message: "bad things" } } }]);
    const r = await runCli(["exec", "-C", repo, "hi"], { home: homeFor(model), env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("bad things");
    const home = tempHome();
    writeFileSync(path.join(home, "config.toml"), "");
    const noModel = await runCli(["exec", "-C", repo, "hi"], { home, env });
    expect(noModel.code).toBe(2);
    expect(noModel.stderr).toContain("no model configured");
  });

  it("--json: a failed turn is a top-level error, then turn.failed with the same message (as upstream)", async () => {
    const model = `exec-fail-json-${++n}`;
    fake.server.setScript(model, [{ fault: { status: 400, error: { message: "bad things" } } }]);
    const repo = makeRepo();
    cleanup.push(path.dirname(repo));
    const r = await runCli(["exec", "--json", "-C", repo, "hi"], { home: homeFor(model), env });
    expect(r.code).toBe(1);
    const events = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string; message?: string; error?: { message: string } });
    assertValidExecEvents(r.stdout.trim().split("\n"));
    const [error, failed] = events.slice(-2);
    expect(error?.type).toBe("error");
    expect(failed?.type).toBe("turn.failed");
    expect(error?.message).toContain("bad things");
    expect(failed?.error?.message).toBe(error?.message);
    expect(events.filter((e) => e.type === "error")).toHaveLength(1);
  });
});

describe("exec: interrupts, unknown tools, output schema, AGENTS.md", () => {
  it("Ctrl-C stops the turn: the command's process tree is killed and the rollout records the abort", async () => {
    const { model, repo } = scripted("exec-sigint", [
      { shell: ["bash", "-lc", "sleep 30 & echo $! > bg.pid; wait"] },
      { text: "never reached" },
    ]);
    const home = homeFor(model);
    const { spawn } = await import("node:child_process");
    const { CLI, baseEnv } = await import("../support/cli.js");
    const child = spawn(
      process.execPath,
      [CLI, "exec", "--json", "--dangerously-bypass-approvals-and-sandbox", "-C", repo, "sleep"],
      { env: { ...baseEnv(home), ...env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    const pidFile = path.join(repo, "bg.pid");
    const { existsSync } = await import("node:fs");
    for (let i = 0; i < 100 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 50));
    const bgPid = Number(readFileSync(pidFile, "utf8"));
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(1);
    // The background sleep is gone (an orphan may linger a moment as a zombie until reaped).
    const state = () => {
      try {
        return readFileSync(`/proc/${bgPid}/stat`, "utf8").split(") ")[1]?.[0] ?? "gone";
      } catch {
        return "gone";
      }
    };
    for (let i = 0; i < 200 && !["gone", "Z", "X"].includes(state()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(["gone", "Z", "X"]).toContain(state());
    expect(fake.server.requests(model)).toHaveLength(1); // the turn did not go on
    const sessions = path.join(home, "sessions");
    const file = readdirSync(sessions, { recursive: true })
      .map(String)
      .find((f) => f.endsWith(".jsonl")) as string;
    const records = readFileSync(path.join(sessions, file), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    // As upstream records it: the cut-short call answers "aborted by user", then the <turn_aborted>
    // marker, then the turn_aborted event.
    const tail = records.slice(-3).map((r) => r.payload);
    expect(tail[0]).toMatchObject({ type: "function_call_output" });
    expect(tail[0].output).toMatch(/^Wall time: \d+\.\d seconds\naborted by user$/);
    expect(tail[1]).toMatchObject({ type: "message", role: "user" });
    expect(tail[1].content[0].text).toMatch(
      /^<turn_aborted>\nThe user interrupted the previous turn on purpose\. [^\n]+\n<\/turn_aborted>$/,
    );
    expect(tail[2]).toMatchObject({ type: "turn_aborted", reason: "interrupted" });
    expect(stdout).toContain('"type":"thread.started"');

    // After a resume the model reads both.
    const resumed = await runCli(["exec", "resume", "--last", "-C", repo, "go on"], { home, env });
    expect(resumed.code, resumed.stderr).toBe(0);
    const input = JSON.stringify((fake.server.requests(model)[1]?.body as { input: unknown[] }).input);
    expect(input).toContain("aborted by user");
    expect(input).toContain("<turn_aborted>");
  });

  it("an unknown tool, or a known one not offered (an older session's shell), gets upstream's answer and the turn goes on", async () => {
    const { model, repo } = scripted("exec-unknown", [
      { function_call: { name: "teleport", arguments: { to: "mars" }, call_id: "c-tele" } },
      { function_call: { name: "shell", arguments: { command: ["touch", "made-by-shell"] }, call_id: "c-shell" } },
      { text: "ok, no teleport" },
    ]);
    const r = await runCli(["exec", "--full-auto", "-C", repo, "go"], { home: homeFor(model), env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("ok, no teleport\n");
    const outputs = (
      fake.server.requests(model)[2]?.body as { input: { type: string; call_id?: string; output?: unknown }[] }
    ).input;
    const outputOf = (id: string) => outputs.find((i) => i.type === "function_call_output" && i.call_id === id)?.output;
    expect(outputOf("c-tele")).toBe("unsupported call: teleport");
    expect(outputOf("c-shell")).toBe("unsupported call: shell");
    expect(existsSync(path.join(repo, "made-by-shell"))).toBe(false);
  });

  it("--output-schema is sent as the Responses text format; a bad schema file is one clear line", async () => {
    const { model, repo } = scripted("exec-schema", [{ text: '{"answer": 42}' }]);
    const schemaFile = path.join(path.dirname(repo), "schema.json");
    const schema = {
      type: "object",
      properties: { answer: { type: "number" } },
      required: ["answer"],
      additionalProperties: false,
    };
    writeFileSync(schemaFile, JSON.stringify(schema));
    const r = await runCli(["exec", "--output-schema", schemaFile, "-C", repo, "answer"], {
      home: homeFor(model),
      env,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('{"answer": 42}\n');
    const body = fake.server.requests(model)[0]?.body as { text: unknown };
    expect(body.text).toEqual({ format: { type: "json_schema", name: "codex_output_schema", strict: true, schema } });
    writeFileSync(schemaFile, "not json");
    const bad = await runCli(["exec", "--output-schema", schemaFile, "-C", repo, "answer"], {
      home: homeFor(model),
      env,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^codex-litellm: --output-schema .*schema\.json: not a JSON Schema object/);
  });

  it("sends AGENTS.md instructions (global, then repo root down to cwd) and the environment context", async () => {
    const { model, repo } = scripted("exec-agents", [{ text: "done" }]);
    const home = homeFor(model);
    const { mkdirSync } = await import("node:fs");
    writeFileSync(path.join(home, "AGENTS.md"), "Global rule.");
    writeFileSync(path.join(repo, "AGENTS.md"), "Root rule.");
    mkdirSync(path.join(repo, "pkg"));
    writeFileSync(path.join(repo, "pkg", "AGENTS.override.md"), "Package override.");
    writeFileSync(path.join(repo, "pkg", "AGENTS.md"), "Ignored: the override wins.");
    const r = await runCli(["exec", "-C", path.join(repo, "pkg"), "-s", "workspace-write", "hi"], { home, env });
    expect(r.code).toBe(0);
    const input = (fake.server.requests(model)[0]?.body as { input: { content: { text: string }[] }[] }).input.map(
      (i) => i.content[0]?.text,
    );
    expect(input[0]).toBe(
      `# AGENTS.md instructions for ${path.join(repo, "pkg")}\n\n<INSTRUCTIONS>\nGlobal rule.\n\n--- project-doc ---\n\nRoot rule.\n\nPackage override.\n</INSTRUCTIONS>`,
    );
    expect(input[1]).toContain(
      `<environment_context>\n  <cwd>${path.join(repo, "pkg")}</cwd>\n  <approval_policy>never</approval_policy>\n  <sandbox_mode>workspace-write</sandbox_mode>\n  <network_access>restricted</network_access>`,
    );
    expect(input[2]).toBe("hi");
  });

  it("a turn of many requests prints no listener-leak warning (one abort listener per attempt)", async () => {
    const { model, repo } = scripted("exec-many", [{ shell: ["true"], repeat: 14 }, { text: "all done" }]);
    const r = await runCli(["exec", "--full-auto", "-C", repo, "many calls"], { home: homeFor(model), env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("all done\n");
    expect(r.stderr).not.toContain("MaxListenersExceededWarning");
    expect(fake.server.requests(model).filter((q) => q.wire === "responses")).toHaveLength(15);
  });
});
