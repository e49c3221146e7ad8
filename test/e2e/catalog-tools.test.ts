// The model catalog's tool decisions through the built CLI and the fake model server (the catalog
// comes from `model_catalog_json`):
// - an entry without an apply_patch type gets no apply_patch tool; a patch sent through
//   exec_command or shell_command (`apply_patch <<'EOF'`) is applied as a patch, and exec --json
//   shows a file_change item as upstream does;
// - the entry's truncation_policy cuts what the model reads back from a command; without a
//   catalog today's limits stay;
// - exec interrupted while an exec_command process runs: exit 1, the process ended with exec, its item left open.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { runCli } from "../support/cli.js";
import {
  ENV,
  expectNoProcess,
  home,
  modelName,
  processesRunning,
  repo,
  SHELL_TOOL_TOML,
  startCli,
  useFakeServer,
  waitFor,
} from "../faults/support.js";

const fake = useFakeServer();

/** A CODEX_HOME whose catalog has one entry for `model` (`toml`: more config, a table last). */
function catalogHome(model: string, entry: Record<string, unknown>, toml = ""): string {
  const codexHome = home(fake.server.url, model, `model_catalog_json = "catalog.json"\n${toml}`);
  writeFileSync(
    path.join(codexHome, "catalog.json"),
    JSON.stringify({ models: [{ slug: model, base_instructions: "Catalog prompt.", ...entry }] }),
  );
  return codexHome;
}

type Json = Record<string, unknown>;
const jsonEvents = (stdout: string): Json[] =>
  stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Json);
const itemEvents = (stdout: string, type: string) =>
  jsonEvents(stdout)
    .filter((e) => (e.item as Json | undefined)?.type === type)
    .map((e): Json => ({ event: e.type, ...(e.item as Json) }));

interface Body {
  tools?: { name?: string }[];
  input: { type?: string; output?: unknown }[];
}
const bodies = (model: string) => fake.server.requests(model).map((q) => q.body as Body);
/** The tool outputs the model was sent in its last request. */
const outputsSent = (model: string) =>
  (bodies(model).at(-1)?.input ?? []).filter((i) => i.type === "function_call_output").map((i) => String(i.output));

const FULL_ACCESS = ["--dangerously-bypass-approvals-and-sandbox"];
const HEREDOC =
  "apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: README.md\n@@\n-seed\n+patched\n*** End Patch\nEOF\n";

describe("an entry without an apply_patch type", () => {
  it.each([
    ["exec_command", "unified_exec", { function_call: { name: "exec_command", arguments: { cmd: HEREDOC } } }],
    ["shell_command", "shell_command", { shell: ["bash", "-lc", HEREDOC] }],
  ] as [string, string, FakeStep][])(
    "no apply_patch tool; a heredoc patch through %s is applied, shown as a file_change",
    async (_tool, shellType, step) => {
      const model = modelName("ap-shell");
      const dir = repo();
      writeFileSync(path.join(dir, "README.md"), "seed\n");
      fake.server.setScript(model, [step, { text: "done" }]);
      const codexHome = catalogHome(model, { shell_type: shellType, apply_patch_tool_type: null });
      const r = await runCli(["exec", "--json", ...FULL_ACCESS, "-C", dir, "go"], {
        home: codexHome,
        env: ENV,
        timeoutMs: 60_000,
      });
      expect(r.code, r.stderr).toBe(0);
      expect(bodies(model)[0]?.tools?.map((t) => t.name)).not.toContain("apply_patch");
      expect(readFileSync(path.join(dir, "README.md"), "utf8")).toBe("patched\n");
      const changes = [{ path: path.join(dir, "README.md"), kind: "update" }];
      expect(itemEvents(r.stdout, "file_change").map(({ id: _id, type: _type, ...rest }) => rest)).toEqual([
        { event: "item.started", changes, status: "in_progress" },
        { event: "item.completed", changes, status: "completed" },
      ]);
      expect(itemEvents(r.stdout, "command_execution")).toEqual([]);
      expect(outputsSent(model)[0]).toMatch(/^Exit code: 0\nWall time: [\d.]+ seconds\nOutput:\nSuccess/);
    },
  );

  it("an entry naming freeform keeps the apply_patch tool", async () => {
    const model = modelName("ap-freeform");
    fake.server.setScript(model, [{ text: "done" }]);
    const codexHome = catalogHome(model, { shell_type: "unified_exec", apply_patch_tool_type: "freeform" });
    const r = await runCli(["exec", "-C", repo(), "go"], { home: codexHome, env: ENV });
    expect(r.code, r.stderr).toBe(0);
    expect(bodies(model)[0]?.tools?.find((t) => t.name === "apply_patch")).toMatchObject({ type: "custom" });
  });
});

describe("truncation_policy", () => {
  const SEQ: FakeStep = { shell: ["bash", "-lc", "seq 1 3000"] };

  // Through shell_command and shell (unified_exec off), whose output format is upstream's `Exit code` one.
  it("cuts a command's output to the catalog's limit, as upstream does", async () => {
    const model = modelName("trunc");
    fake.server.setScript(model, [SEQ, { text: "done" }]);
    const codexHome = catalogHome(
      model,
      { shell_type: "shell_command", truncation_policy: { mode: "bytes", limit: 2_000 } },
      SHELL_TOOL_TOML,
    );
    const r = await runCli(["exec", ...FULL_ACCESS, "-C", repo(), "go"], { home: codexHome, env: ENV });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("tool output limit: 2,000 bytes (catalog)");
    const [output = ""] = outputsSent(model);
    expect(output).toMatch(/^Exit code: 0\nWall time: [\d.]+ seconds\nTotal output lines: 3000\nOutput:\n1\n2\n3\n/);
    expect(output).toMatch(/…\d+ chars truncated…[\d\n]*\n2999\n3000\n$/);
    // One cut (the body and its header fit the policy plus upstream's 20% for the history).
    expect(output.match(/chars truncated/g)).toHaveLength(1);
    const body = output.slice(output.indexOf("Output:\n") + "Output:\n".length);
    expect(Buffer.byteLength(body.replace(/…\d+ chars truncated…/, ""))).toBe(2_000);
  });

  it("without a catalog the same command keeps today's limits", async () => {
    const model = modelName("trunc-none");
    fake.server.setScript(model, [SEQ, { text: "done" }]);
    const r = await runCli(["exec", ...FULL_ACCESS, "-C", repo(), "go"], {
      home: home(fake.server.url, model, SHELL_TOOL_TOML),
      env: ENV,
    });
    expect(r.code, r.stderr).toBe(0);
    const [output = ""] = outputsSent(model);
    expect(output).toContain("[... omitted 2744 of 3000 lines ...]");
    expect(output).not.toContain("chars truncated");
  });
});

describe("an interrupt during a turn", () => {
  it("exec: the process outlives the interrupt but not exec (exit 1); its command item stays open, as upstream 0.171's", async () => {
    const model = modelName("uexec-int");
    const tag = `${Date.now() % 1000}${process.pid}`;
    fake.server.setScript(model, [
      { function_call: { name: "exec_command", arguments: { cmd: `echo up; sleep 30${tag}`, yield_time_ms: 2000 } } },
      // The turn goes on while the process runs in the background: a slow answer to interrupt.
      { text: "a slow answer ".repeat(40), fault: { delayMs: 100 } },
    ]);
    const codexHome = catalogHome(model, { shell_type: "unified_exec" });
    const run = startCli(["exec", "--json", ...FULL_ACCESS, "-C", repo(), "go"], { home: codexHome, env: ENV });
    await waitFor(
      "the process to run in the background while the model answers",
      () => processesRunning(`sleep 30${tag}`).length > 0 && outputsSent(model).some((o) => o.includes("up\n")),
      20_000,
    );
    run.child.kill("SIGINT");
    const { code } = await run.done;
    expect(code).toBe(1);
    await expectNoProcess(`sleep 30${tag}`);
    const items = itemEvents(run.stdout(), "command_execution");
    // Upstream 0.171 prints only the start: the process was still running when the turn stopped.
    expect(items.map((i) => [i.event, i.status, i.exit_code])).toEqual([["item.started", "in_progress", null]]);
  });
});
