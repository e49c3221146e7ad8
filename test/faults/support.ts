// Shared checks for the fault tests: what the user sees (one clear line, no stack trace) and
// what stays on disk (every rollout / telemetry line a whole JSON value, nothing half-written).
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import {
  startFakeModelServer,
  type FakeModelServer,
  type FakeModelServerOptions,
  type FakeStep,
} from "../fixtures/fake-model-server.js";
import { baseEnv, CLI, runCli, tempHome } from "../support/cli.js";
import { makeRepo } from "../e2e/exec-scenario.js";

/** The fake key of every fault test: it must never show up anywhere. */
export const KEY = "sk-faults-0123456789-abcdef";
export const ENV = { LITELLM_API_KEY: KEY };

/** Temp dirs made by a test file; remove them in afterAll with {@link cleanupAll}. */
export const cleanup: string[] = [];
export function cleanupAll(): void {
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A git repo outside /tmp, registered for cleanup. */
export function repo(): string {
  const dir = makeRepo();
  cleanup.push(path.dirname(dir));
  return dir;
}

/**
 * Config (a `[features]` table: put it last) that keeps the `shell` tool these tests drive: upstream
 * 0.171, and we by default, offer exec_command/write_stdin instead (README, "Tools").
 */
export const SHELL_TOOL_TOML = "\n[features]\nunified_exec = false\n";

/** A CODEX_HOME whose config points the `litellm` provider at `baseUrl`, registered for cleanup. */
export function home(baseUrl: string, model: string, extraToml = "", providerToml = ""): string {
  const dir = tempHome(
    `model = "${model}"\n${extraToml}\n[model_providers.litellm]\nbase_url = "${baseUrl}"\n${providerToml}`,
  );
  cleanup.push(dir);
  return dir;
}

/**
 * `home` for a model offered the `shell` tool and the apply_patch tool these tests drive: upstream
 * 0.171 (and we, by default) offer a model without a catalog entry exec_command and no apply_patch
 * tool, so the home gets a catalog entry naming both, with unified_exec off.
 */
export function shellToolsHome(baseUrl: string, model: string, extraToml = "", providerToml = ""): string {
  const dir = home(baseUrl, model, `model_catalog_json = "catalog.json"\n${extraToml}${SHELL_TOOL_TOML}`, providerToml);
  const entry = { slug: model, shell_type: "default", apply_patch_tool_type: "freeform" };
  writeFileSync(path.join(dir, "catalog.json"), JSON.stringify({ models: [entry] }));
  return dir;
}

/**
 * The scripted fake model server of a test file, or of a describe block (it accepts only KEY,
 * or the key given): started before the tests, closed after them, and the temp dirs removed then.
 */
export function useFakeServer(options: FakeModelServerOptions = {}): {
  readonly server: FakeModelServer;
  /** A model name of its own ({@link modelName}) whose requests the server answers with `steps`. */
  scriptedModel(prefix: string, steps: FakeStep[]): string;
} {
  let started: FakeModelServer | undefined;
  beforeAll(async () => {
    started = await startFakeModelServer({ ...options, apiKey: options.apiKey ?? KEY });
  });
  afterAll(async () => {
    await started?.close();
    cleanupAll();
  });
  return {
    get server() {
      if (!started) throw new Error("the fake model server is used before beforeAll ran");
      return started;
    },
    scriptedModel(prefix, steps) {
      const model = modelName(prefix);
      this.server.setScript(model, steps);
      return model;
    },
  };
}

/**
 * A test file's fake model server and one `exec` turn ("hello") against it: each run scripts a
 * model of its own, in a fresh CODEX_HOME and repo.
 */
export function useFaultExec(options: FakeModelServerOptions = {}) {
  const fake = useFakeServer(options);
  return {
    get server(): FakeModelServer {
      return fake.server;
    },
    /** The model requests `model` sent over `wire`. */
    requests: (model: string, wire: "responses" | "chat" = "responses") =>
      fake.server.requests(model).filter((q) => q.wire === wire),
    async exec(
      prefix: string,
      steps: FakeStep[],
      /** `shellTools`: the model is offered the shell, apply_patch and update_plan tools (see `shellToolsHome`). */
      run: { flags?: string[]; wire?: "responses" | "chat"; timeoutMs?: number; shellTools?: boolean } = {},
    ) {
      const model = modelName(prefix);
      fake.server.setScript(model, steps);
      const provider = run.wire ? `wire_api = "${run.wire}"\n` : "";
      const codexHome = run.shellTools
        ? shellToolsHome(fake.server.url, model, "[tools.update_plan]\nenabled = true\n", provider)
        : home(fake.server.url, model, "", provider);
      const r = await runCli(["exec", ...(run.flags ?? []), "-C", repo(), "hello"], {
        home: codexHome,
        env: ENV,
        timeoutMs: run.timeoutMs ?? 20_000,
      });
      return { model, codexHome, r };
    },
  };
}

let counter = 0;
/** A model name unique to this process (scripts are keyed by model). */
export function modelName(prefix: string): string {
  return `${prefix}-${process.pid}-${++counter}`;
}

export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

export function rolloutFiles(codexHome: string): string[] {
  return filesUnder(path.join(codexHome, "sessions")).filter((f) => f.endsWith(".jsonl"));
}

type Json = Record<string, unknown>;

/**
 * Every line of a JSONL file is one whole JSON object and the file ends with a newline (no
 * half-written last line). Returns the parsed lines.
 */
export function jsonlLines(file: string): Json[] {
  const text = readFileSync(file, "utf8");
  if (text === "") return [];
  expect(text.endsWith("\n"), `${file} ends in a cut-off line: ${JSON.stringify(text.slice(-120))}`).toBe(true);
  return text
    .slice(0, -1)
    .split("\n")
    .map((line, i) => {
      try {
        const value = JSON.parse(line) as unknown;
        expect(
          typeof value === "object" && value !== null && !Array.isArray(value),
          `${file} line ${i + 1} is not an object`,
        ).toBe(true);
        return value as Json;
      } catch (err) {
        throw new Error(`${file} line ${i + 1} is not JSON (${String(err)}): ${line.slice(0, 200)}`);
      }
    });
}

/**
 * The session's single rollout: complete lines only, `session_meta` first, every record with a
 * timestamp, a type and a payload. Returns its records.
 */
export function rollout(codexHome: string): Json[] {
  const files = rolloutFiles(codexHome);
  expect(files, "exactly one rollout file").toHaveLength(1);
  const records = jsonlLines(files[0] as string);
  expect(records[0]?.type).toBe("session_meta");
  for (const r of records) {
    expect(typeof r.timestamp).toBe("string");
    expect(typeof r.type).toBe("string");
    expect(r.payload).toBeDefined();
  }
  return records;
}

export const events = (records: Json[], type?: string) =>
  records
    .filter((r) => r.type === "event_msg" && (type === undefined || (r.payload as Json).type === type))
    .map((r) => r.payload as Json);
export const responseItems = (records: Json[]) =>
  records.filter((r) => r.type === "response_item").map((r) => r.payload as Json);

/** What a run left in its CODEX_HOME's single rollout (checked whole as it is read). */
export function onDisk(codexHome: string) {
  const records = rollout(codexHome);
  const items = responseItems(records);
  return {
    records,
    items,
    /** The model's answers among the items. */
    answers: items.filter((i) => i.role === "assistant"),
    /** The `event_msg` payloads of `type`. */
    events: (type: string) => events(records, type),
    /** The `message` of each `event_msg` of `type` (`user_message`, `agent_message`). */
    messages: (type: string) => events(records, type).map((e) => e.message),
  };
}

/** A turn that ended before the model answered left whole files: its user message, no answer, every telemetry line whole. */
export function unansweredTurnOnDisk(codexHome: string) {
  const disk = onDisk(codexHome);
  expect(disk.messages("user_message")).toEqual(["hello"]);
  expect(disk.answers).toEqual([]);
  expect(disk.messages("agent_message")).toEqual([]);
  return { ...disk, logs: telemetryFiles(path.join(codexHome, "logs")) };
}

/**
 * Every call in the rollout has its output (nothing left half-done), and no output lacks its call.
 * `openAllowed`: call ids allowed to lack an output (a turn stopped during that call).
 */
export function callsPaired(records: Json[], openAllowed = 0): void {
  const items = responseItems(records);
  const calls = items.filter((i) => i.type === "function_call" || i.type === "custom_tool_call").map((i) => i.call_id);
  const outputs = items
    .filter((i) => i.type === "function_call_output" || i.type === "custom_tool_call_output")
    .map((i) => i.call_id);
  for (const id of outputs) expect(calls).toContain(id);
  expect(calls.filter((id) => !outputs.includes(id)).length).toBeLessThanOrEqual(openAllowed);
}

/** Telemetry files (debug log, usage log) under `dir`: every line parses. Returns them by name. */
export function telemetryFiles(dir: string, { allowNone = false } = {}): Map<string, Json[]> {
  const out = new Map<string, Json[]>();
  for (const file of existsSync(dir) ? filesUnder(dir) : []) {
    if (file.includes(`${path.sep}.active${path.sep}`)) continue;
    out.set(path.relative(dir, file), jsonlLines(file));
  }
  // A check of "every line whole" over no file would pass whatever the program did.
  if (out.size === 0 && !allowNone) throw new Error(`no telemetry files in ${dir}`);
  return out;
}

/** The usage log lines (codex-litellm-session.jsonl) of a CODEX_HOME with default telemetry. */
export function usageLog(codexHome: string): Json[] {
  const file = path.join(codexHome, "logs", "codex-litellm-session.jsonl");
  return existsSync(file) ? jsonlLines(file) : [];
}

/** No stack trace, no unhandled-error noise. */
export function noStackTrace(text: string): void {
  expect(text).not.toMatch(/^\s+at .+[(:]\d+/m);
  expect(text).not.toMatch(/Unhandled|UnhandledPromiseRejection|node:internal/);
}

/**
 * The one `ERROR:` line of a failed exec (human output) — exactly one, no stack trace, the key
 * nowhere. Returns its text after `ERROR: `.
 */
export function errorLine(stderr: string): string {
  noStackTrace(stderr);
  expect(stderr).not.toContain(KEY);
  const lines = stderr.split("\n").filter((l) => l.startsWith("ERROR: "));
  expect(lines, stderr).toHaveLength(1);
  return (lines[0] as string).slice("ERROR: ".length);
}

/**
 * The one `codex-litellm: …` line of a command refused before it started (a command-line usage
 * error adds only the pointer to its `--help`, as upstream's does).
 */
export function refusalLine(stderr: string): string {
  noStackTrace(stderr);
  const lines = stderr
    .trim()
    .split("\n")
    .filter((line) => !/^For more information, try '[\w -]+ --help'\.$/.test(line));
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^codex-litellm: /);
  return (lines[0] as string).slice("codex-litellm: ".length);
}

/** Retry notices shown on stderr (`Reconnecting... n/m …`). */
export function retryLines(stderr: string): string[] {
  return stderr.split("\n").filter((l) => /Reconnecting\.\.\. \d+\/\d+/.test(l));
}

export interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name) once the process closed its pipes. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the built CLI without waiting (to signal it, or run two at once). */
export function startCli(
  args: string[],
  options: { home: string; env?: Record<string, string>; cwd?: string; timeoutMs?: number },
): Running {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? options.home,
    env: { ...baseEnv(options.home), ...options.env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdin.end();
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    }),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until `check` returns a truthy value, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | null | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** A process's state letter from /proc (R, S, Z…), or "gone". */
export function processState(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] ?? "gone";
  } catch {
    return "gone";
  }
}

/** Waits until `pid` is gone (or a zombie waiting to be reaped). */
export async function waitGone(pid: number, timeoutMs = 5000): Promise<void> {
  await waitFor(`process ${pid} to end`, () => ["gone", "Z", "X"].includes(processState(pid)), timeoutMs);
}

/** Live (non-zombie) processes whose command line contains `text`, seen from outside any sandbox. */
export function processesRunning(text: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").join(" ");
      if (cmdline.includes(text) && !["Z", "X", "gone"].includes(processState(Number(name)))) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Waits until no process matches `text`; on timeout kills them (so a failing test leaves nothing behind) and fails. */
export async function expectNoProcess(text: string, timeoutMs = 5000): Promise<void> {
  try {
    await waitFor(`no process running "${text}"`, () => processesRunning(text).length === 0, timeoutMs);
  } catch (err) {
    const survivors = processesRunning(text).map((pid) =>
      spawnSync("ps", ["-o", "pid=,ppid=,pgid=,sid=,stat=,etimes=,args=", "-p", String(pid)], {
        encoding: "utf8",
      }).stdout.trim(),
    );
    (err as Error).message += `; still running:\n${survivors.join("\n")}`;
    for (const pid of processesRunning(text)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone
      }
    }
    throw err;
  }
}

/** stderr without upstream's warning that the resume runs on another model than the recorded one (each test resumes on a model of its own). */
export const otherThanModelWarning = (stderr: string) =>
  stderr
    .split("\n")
    .filter((l) => !/^warning: This session was recorded with model `.*` but is resuming with `.*`/.test(l))
    .join("\n");
