// The shell tool follows the model catalog's `shell_type`, through the built CLI and the fake
// model server (the catalog comes from `model_catalog_json`):
// - `unified_exec`: exec_command + write_stdin, a long-running interactive process driven across
//   tool calls, upstream's output format, `command_execution` items in exec --json, processes
//   killed when the session ends, inside the bwrap sandbox, declined under `untrusted`, no key
//   in the process environment;
// - `shell_command` (honoured with `features.unified_exec = false`, as upstream's source reads it;
//   upstream 0.171 offers exec_command whatever the entry says): one script string run by the
//   user's shell, the shell tool's output format;
// - no catalog entry: exec_command/write_stdin, as upstream 0.171; `shell` with unified_exec off.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { catalogHome as unifiedExecHome, exec, write } from "./unified-exec-scenario.js";
import { detectSandbox } from "../../src/tools/sandbox/index.js";
import {
  ENV,
  home,
  KEY,
  modelName,
  repo,
  responseItems,
  rollout,
  SHELL_TOOL_TOML,
  useFakeServer,
} from "../faults/support.js";

const fake = useFakeServer();

/** A CODEX_HOME whose catalog gives `model` the shell type `shellType`. */
const catalogHome = (model: string, shellType: string) =>
  unifiedExecHome(fake.server.url, model, { shell_type: shellType, base_instructions: "Catalog prompt." });

type Json = Record<string, unknown>;
const toolOutputs = (codexHome: string) =>
  responseItems(rollout(codexHome))
    .filter((i) => i.type === "function_call_output")
    .map((i) => String(i.output));
const toolNames = (model: string) =>
  ((fake.server.requests(model).at(-1)?.body as { tools: { name?: string }[] }).tools ?? []).map((t) => t.name);
const jsonEvents = (stdout: string): Json[] =>
  stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Json);

/** Live processes whose command line contains `needle`. */
function processesWith(needle: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(needle)) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

const FULL_ACCESS = ["--dangerously-bypass-approvals-and-sandbox"];
const LOOP = 'echo ready; while read -r line; do [ "$line" = quit ] && exit 5; echo "got:$line"; done';

describe("shell_type unified_exec: exec_command and write_stdin", () => {
  it("drives an interactive process across calls; exec --json shows one command_execution; nothing outlives the session", async () => {
    const model = modelName("uexec");
    const marker = `cl-uexec-bg-${process.pid}`;
    fake.server.setScript(model, [
      exec({ cmd: LOOP, tty: true, yield_time_ms: 1000 }),
      write({ session_id: 1000, chars: "hello\n", yield_time_ms: 1000 }),
      write({ session_id: 1000, chars: "quit\n", yield_time_ms: 5000 }),
      exec({ cmd: `sleep 300; echo ${marker}`, yield_time_ms: 250 }),
      write({ session_id: 4242 }),
      { text: "done" },
    ]);
    const codexHome = catalogHome(model, "unified_exec");
    const r = await runCli(["exec", "--json", ...FULL_ACCESS, "-C", repo(), "go"], {
      home: codexHome,
      env: ENV,
      timeoutMs: 60_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const tools = toolNames(model);
    expect(tools.slice(0, 2)).toEqual(["exec_command", "write_stdin"]);
    expect(tools).not.toContain("shell");
    expect(tools).not.toContain("shell_command");

    const [started, typed, quit, background, unknown] = toolOutputs(codexHome);
    expect(started).toMatch(
      /^Chunk ID: [0-9a-f]{6}\nWall time: \d+\.\d{4} seconds\nProcess running with session ID 1000\nOriginal token count: \d+\nOutput:\n[\s\S]*ready/,
    );
    expect(typed).toMatch(/Process running with session ID 1000\n[\s\S]*hello\r?\n[\s\S]*got:hello/);
    expect(quit).toMatch(/Process exited with code 5\n/);
    expect(background).toContain("Process running with session ID 1001");
    expect(unknown).toBe("write_stdin failed: Unknown process id 4242");

    const items = jsonEvents(r.stdout)
      .filter((e) => (e.item as Json | undefined)?.type === "command_execution")
      .map((e): Json => ({ event: e.type, ...(e.item as Json) }));
    const loop = items.filter((i) => String(i.command).includes("got:"));
    expect(loop.map((i) => [i.event, i.status, i.exit_code])).toEqual([
      ["item.started", "in_progress", null],
      ["item.completed", "failed", 5],
    ]);
    expect(String(loop[0]?.command)).toMatch(/^\/bin\/(ba)?sh -lc /);
    expect(String(loop[1]?.aggregated_output)).toContain("got:hello");
    // The background process was killed with the session.
    expect(processesWith(marker)).toEqual([]);
  });

  it("under untrusted a known read-only command runs and any other is declined (exec has nobody to ask)", async () => {
    const model = modelName("uexec-untrusted");
    const dir = repo();
    fake.server.setScript(model, [exec({ cmd: "ls" }), exec({ cmd: "touch made-by-model" }), { text: "done" }]);
    const codexHome = catalogHome(model, "unified_exec");
    const r = await runCli(["exec", "--json", "-a", "untrusted", "-C", dir, "go"], {
      home: codexHome,
      env: ENV,
      timeoutMs: 60_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const [listed, touched] = toolOutputs(codexHome);
    expect(listed).toContain("Process exited with code 0");
    expect(touched).toMatch(/^command not run: approval policy is untrusted/);
    expect(existsSync(path.join(dir, "made-by-model"))).toBe(false);
    const completed = jsonEvents(r.stdout).filter(
      (e) => e.type === "item.completed" && (e.item as Json).type === "command_execution",
    );
    expect(completed.map((e) => (e.item as Json).status)).toEqual(["completed", "declined"]);
  });

  it("a command's environment has no LITELLM_API_KEY", async () => {
    const model = modelName("uexec-key");
    fake.server.setScript(model, [exec({ cmd: "printenv LITELLM_API_KEY; echo rc=$?", tty: true }), { text: "done" }]);
    const codexHome = catalogHome(model, "unified_exec");
    const r = await runCli(["exec", ...FULL_ACCESS, "-C", repo(), "go"], { home: codexHome, env: ENV });
    expect(r.code, r.stderr).toBe(0);
    const [out] = toolOutputs(codexHome);
    expect(out).toMatch(/rc=1/);
    expect(out).not.toContain(KEY);
  });

  const bwrap = detectSandbox().kind === "bwrap";
  it.runIf(bwrap || process.env.REQUIRE_SANDBOX === "1")(
    "inside the bwrap sandbox (workspace-write): a PTY session writes in the workspace and nowhere else",
    async () => {
      const model = modelName("uexec-sbx");
      const dir = repo();
      const outside = path.join(path.dirname(dir), "outside.txt");
      fake.server.setScript(model, [
        exec({
          cmd: `[ -t 1 ] && echo is-a-tty; echo inside > inside.txt; echo pwned > ${outside}; echo status=$?`,
          tty: true,
        }),
        { text: "done" },
      ]);
      const codexHome = catalogHome(model, "unified_exec");
      const r = await runCli(["exec", "--sandbox", "workspace-write", "-C", dir, "go"], {
        home: codexHome,
        env: ENV,
        timeoutMs: 60_000,
      });
      expect(r.code, r.stderr).toBe(0);
      const [out] = toolOutputs(codexHome);
      expect(out).toContain("Process exited with code 0");
      expect(out).toMatch(/status=[1-9]/);
      expect(readFileSync(path.join(dir, "inside.txt"), "utf8")).toBe("inside\n");
      expect(existsSync(outside)).toBe(false);
    },
  );
});

describe("shell_type shell_command, and no catalog entry", () => {
  it("shell_type shell_command with unified exec on (the default): exec_command, as upstream 0.171", async () => {
    const model = modelName("shcmd-default");
    fake.server.setScript(model, [{ text: "done" }]);
    const r = await runCli(["exec", "-C", repo(), "go"], { home: catalogHome(model, "shell_command"), env: ENV });
    expect(r.code, r.stderr).toBe(0);
    const tools = toolNames(model);
    expect(tools.slice(0, 2)).toEqual(["exec_command", "write_stdin"]);
    expect(tools).not.toContain("shell_command");
  });

  it("shell_command: one script string through the user's shell, answered in the shell tool's format", async () => {
    const model = modelName("shcmd");
    const dir = repo();
    fake.server.setScript(model, [
      { shell: ["bash", "-lc", "echo hi > out.txt; echo wrote; exit 3"] },
      { text: "done" },
    ]);
    const codexHome = unifiedExecHome(
      fake.server.url,
      model,
      { shell_type: "shell_command", base_instructions: "Catalog prompt." },
      SHELL_TOOL_TOML,
    );
    const r = await runCli(["exec", ...FULL_ACCESS, "-C", dir, "go"], { home: codexHome, env: ENV });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("shell tool: shell_command (catalog)");
    const tools = toolNames(model);
    expect(tools).toContain("shell_command");
    expect(tools).not.toContain("shell");
    expect(tools).not.toContain("exec_command");
    const calls = responseItems(rollout(codexHome)).filter((i) => i.type === "function_call");
    expect(calls[0]).toMatchObject({ name: "shell_command" });
    expect(toolOutputs(codexHome)[0]).toMatch(/^Exit code: 3\nWall time: [\d.]+ seconds\nOutput:\nwrote\n$/);
    expect(readFileSync(path.join(dir, "out.txt"), "utf8")).toBe("hi\n");
  });

  it("a model without a catalog entry gets exec_command; with unified_exec off, the shell tool", async () => {
    const plain = modelName("plain");
    fake.server.setScript(plain, [{ text: "done" }]);
    const r = await runCli(["exec", "-C", repo(), "go"], { home: home(fake.server.url, plain), env: ENV });
    expect(r.code, r.stderr).toBe(0);
    expect(toolNames(plain).slice(0, 2)).toEqual(["exec_command", "write_stdin"]);
    expect(toolNames(plain)).not.toContain("shell");
    const old = modelName("plain-shell");
    fake.server.setScript(old, [{ text: "done" }]);
    const r2 = await runCli(["exec", "-C", repo(), "go"], {
      home: home(fake.server.url, old, SHELL_TOOL_TOML),
      env: ENV,
    });
    expect(r2.code, r2.stderr).toBe(0);
    const tools = toolNames(old);
    expect(tools).toContain("shell");
    expect(tools).not.toContain("exec_command");
    expect(tools).not.toContain("shell_command");
  });
});
