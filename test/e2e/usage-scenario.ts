// One session whose model requests are all charged by the proxy, run through `exec`, for the
// usage-accounting tests (the scripted fake server in usage-accounting.test.ts, the real LiteLLM
// proxy in usage-accounting.litellm.test.ts):
//   run 1  a tool turn whose context passes model_auto_compact_token_limit: tool call, auto
//          compaction, answer (3 requests)
//   run 2  the proxy says the context window is exceeded: compaction, retry (a tool call),
//          then a 400: the turn fails (2 requests)
//   run 3  a tool call that sleeps, interrupted with SIGINT (1 request)
//   run 4  `exec resume --compact`: the stored session is over the window, so it is compacted
//          before the turn (a record of its own), then the turn (1 + 1 requests)
// Steps with `usage` are the requests that are charged; D and G are refused without usage.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import type { FakeStep, FakeUsage } from "../fixtures/fake-model-server.js";
import { processesRunning, startCli, waitFor } from "../faults/support.js";
import { runCli, tempHome, type CliResult } from "../support/cli.js";
import { makeRepo } from "./exec-scenario.js";

/** Usage of the charged steps, in the order they are served. */
/** The fields every usage log line starts with, in the spec's order. */
export const USAGE_SPEC_FIELDS = [
  "ts",
  "session_id",
  "model",
  "reasoning_effort",
  "prompt_tokens",
  "completion_tokens",
  "reasoning_tokens",
  "total_tokens",
];

export const CHARGED: Record<"A" | "B" | "C" | "E" | "F" | "H" | "I" | "J", FakeUsage> = {
  A: { input_tokens: 6000, cached_tokens: 1000, output_tokens: 50, reasoning_tokens: 10 },
  B: { input_tokens: 6100, output_tokens: 200 },
  C: { input_tokens: 800, cached_tokens: 300, output_tokens: 20 },
  E: { input_tokens: 900, output_tokens: 100 },
  F: { input_tokens: 1000, cached_tokens: 500, output_tokens: 30, reasoning_tokens: 7 },
  H: { input_tokens: 21_000, cached_tokens: 3000, output_tokens: 40 },
  I: { input_tokens: 1500, output_tokens: 100 },
  J: { input_tokens: 700, output_tokens: 10 },
};

export interface UsageSessionOptions {
  baseUrl: string;
  env: Record<string, string>;
  model: string;
  setScript(steps: FakeStep[]): Promise<void> | void;
  /** Extra `usage` fields per charged step (e.g. the cost the fake reports). */
  usage?: (step: keyof typeof CHARGED) => Partial<FakeUsage>;
  /** A unique tag for the sleeping command, so the test finds its process. */
  tag: string;
}

export interface UsageSession {
  home: string;
  lines: Record<string, unknown>[];
  runs: CliResult[];
}

const SUMMARY = "Conversation so far: a file was checked.";

export async function runUsageSession(o: UsageSessionOptions): Promise<UsageSession> {
  const u = (step: keyof typeof CHARGED): FakeUsage => ({ ...CHARGED[step], ...o.usage?.(step) });
  const repo = makeRepo();
  const home = tempHome(
    `model = "${o.model}"\nmodel_reasoning_effort = "low"\ncontext_length = 20000\nmodel_auto_compact_token_limit = 5000\n` +
      `[model_providers.litellm]\nbase_url = "${o.baseUrl}"\nrequest_max_retries = 0\nstream_max_retries = 0\n`,
  );
  await o.setScript([
    { shell: ["true"], usage: u("A") },
    { text: SUMMARY, usage: u("B") },
    { text: "one done", usage: u("C") },
    { fault: { status: 400, error: { code: "context_length_exceeded" } } },
    { text: SUMMARY, usage: u("E") },
    { shell: ["true"], usage: u("F") },
    { fault: { status: 400, error: { message: "Invalid request: the tool output is malformed" } } },
    { shell: ["bash", "-c", `sleep 30; true ${o.tag}`], usage: u("H") },
    { text: SUMMARY, usage: u("I") },
    { text: "four done", usage: u("J") },
  ]);
  const flags = ["--dangerously-bypass-approvals-and-sandbox", "-C", repo];
  const exec = (args: string[]) => runCli(["exec", ...args], { home, env: o.env, timeoutMs: 60_000 });
  const runs: CliResult[] = [];
  runs.push(await exec([...flags, "one"]));
  expect(runs[0]?.code, runs[0]?.stderr).toBe(0);
  runs.push(await exec(["resume", "--last", ...flags, "two"]));
  expect(runs[1]?.code, runs[1]?.stderr).toBe(1);

  const interrupted = startCli(["exec", "resume", "--last", ...flags, "three"], {
    home,
    env: o.env,
    timeoutMs: 60_000,
  });
  await waitFor("the sleeping command", () => processesRunning(o.tag).length > 0, 30_000).catch((err: unknown) => {
    throw new Error(`${String(err)}; exec printed: ${interrupted.stderr()}`);
  });
  interrupted.child.kill("SIGINT");
  const done = await interrupted.done;
  runs.push({ code: done.code, stdout: interrupted.stdout(), stderr: interrupted.stderr() });
  expect(runs[2]?.code, runs[2]?.stderr).toBe(1);

  runs.push(await exec(["resume", "--last", "--compact", ...flags, "four"]));
  expect(runs[3]?.code, runs[3]?.stderr).toBe(0);
  const lines = readJsonl(path.join(home, "logs", "codex-litellm-session.jsonl"));
  return { home, lines, runs };
}

export function readJsonl(file: string): Record<string, unknown>[] {
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The shape every usage log line of the session must have: statuses, kinds, turns, requests. */
export function expectSessionShape(lines: Record<string, unknown>[]): void {
  const kinds = (l: Record<string, unknown>) => (l.request_usage as { kind: string }[]).map((r) => r.kind);
  expect(lines.map((l) => [l.turn, l.kind, l.status, l.requests, kinds(l)])).toEqual([
    [1, "turn", "completed", 3, ["sampling", "compaction", "sampling"]],
    [2, "turn", "failed", 2, ["compaction", "sampling"]],
    [3, "turn", "interrupted", 1, ["sampling"]],
    [3, "compaction", "completed", 1, ["compaction"]],
    [4, "turn", "completed", 1, ["sampling"]],
  ]);
  const seed = USAGE_SPEC_FIELDS;
  for (const line of lines) expect(Object.keys(line).slice(0, seed.length)).toEqual(seed);
  expect(new Set(lines.map((l) => l.session_id)).size).toBe(1);
}
