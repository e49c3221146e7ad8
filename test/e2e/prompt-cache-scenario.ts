// A coding session against an Anthropic-routed model of the real LiteLLM proxy, for the prompt
// cache test (prompt-cache.litellm.test.ts) and bench (bench/prompt-cache.bench.ts): `exec`
// runs a turn of shell tool calls and an answer, then `exec resume` a second one, `requests`
// model requests in all. A recording relay in front of the proxy keeps what LiteLLM answered
// (usage with its cache split, and its own cost); the fake upstream keeps what reached Anthropic's
// Messages API. The fake's prompt cache for the model is emptied first.
import { readFileSync } from "node:fs";
import path from "node:path";
import { hasMark } from "../fixtures/fake-anthropic.js";
import type { FakeServerControl, FakeStep, RecordedRequest } from "../fixtures/fake-model-server.js";
import { runCli, tempHome, type CliResult } from "../support/cli.js";
import { startRecordingRelay, type RelayedResponse } from "../support/recording-relay.js";
import { makeRepo } from "./exec-scenario.js";

export interface CacheSessionOptions {
  proxyUrl: string;
  masterKey: string;
  fake: FakeServerControl;
  /** The proxy's model name (fake-claude-<n>) and the name the upstream sees (claude-fake-<n>). */
  model: string;
  upstreamModel: string;
  wire: "responses" | "chat";
  promptCache: "auto" | "off";
  /** Model requests in the session (at least 4): two turns of shell calls, each ending with an answer. */
  requests: number;
}

export interface CacheSession {
  home: string;
  runs: CliResult[];
  /** What reached the upstream's /v1/messages, in order. */
  upstream: RecordedRequest[];
  /** What LiteLLM answered with usage, in order. */
  charged: RelayedResponse[];
  /** The usage log's lines. */
  lines: Record<string, unknown>[];
}

/** Shell calls then an answer: `calls + 1` requests. */
const turn = (calls: number, answer: string): FakeStep[] => [
  ...Array.from({ length: calls }, (_, i) => ({ shell: ["echo", `step ${i}`] })),
  { text: answer },
];

export async function runCacheSession(o: CacheSessionOptions): Promise<CacheSession> {
  const relay = await startRecordingRelay(o.proxyUrl);
  try {
    const first = Math.ceil(o.requests / 2);
    await o.fake.reset(o.upstreamModel);
    await o.fake.setScript(o.upstreamModel, [
      ...turn(first - 1, "first done"),
      ...turn(o.requests - first - 1, "second done"),
    ]);
    const repo = makeRepo();
    const home = tempHome(
      `model = "${o.model}"\nprompt_cache = "${o.promptCache}"\n` +
        `[model_providers.litellm]\nbase_url = "${relay.url}/v1"\nwire_api = "${o.wire}"\nrequest_max_retries = 0\nstream_max_retries = 0\n`,
    );
    const env = { LITELLM_API_KEY: o.masterKey };
    const flags = ["--dangerously-bypass-approvals-and-sandbox", "-C", repo];
    const runs = [await runCli(["exec", ...flags, "list the steps"], { home, env, timeoutMs: 90_000 })];
    if (runs[0]?.code === 0)
      runs.push(await runCli(["exec", "resume", "--last", ...flags, "again"], { home, env, timeoutMs: 90_000 }));
    const log = path.join(home, "logs", "codex-litellm-session.jsonl");
    const lines = readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const upstream = (await o.fake.requests(o.upstreamModel)).filter((r) => r.wire === "messages");
    return { home, runs, upstream, charged: relay.responses.filter((r) => r.usage !== null), lines };
  } finally {
    await relay.close();
  }
}

/** The blocks of an Anthropic request carrying `cache_control`: tools, system blocks and message content blocks (a tool_result's own content included). */
export function cacheMarks(body: unknown): number {
  const b = body as { tools?: unknown[]; system?: unknown; messages?: { content?: unknown }[] };
  const blocks = [
    ...(b.tools ?? []),
    ...(Array.isArray(b.system) ? b.system : []),
    ...(b.messages ?? []).flatMap((m) => (Array.isArray(m.content) ? m.content : [])),
  ];
  const nested = blocks.flatMap((x) =>
    Array.isArray((x as { content?: unknown }).content) ? (x as { content: unknown[] }).content : [],
  );
  return [...blocks, ...nested].filter(
    (x) => typeof x === "object" && x !== null && (x as { cache_control?: unknown }).cache_control != null,
  ).length;
}

/** Whether the last block of an Anthropic request's last message is a breakpoint (the conversation's end). */
export const endMarked = (body: unknown): boolean =>
  hasMark((body as { messages: { content: unknown[] }[] }).messages.at(-1)?.content.at(-1));

/** LiteLLM's usage of one request: prompt tokens (cached included), read from and written to the cache, and its cost. */
export function cacheSplit(r: RelayedResponse): { prompt: number; read: number; written: number; cost: number } {
  const u = r.usage as Record<string, unknown>;
  const details = (u.input_tokens_details ?? u.prompt_tokens_details ?? {}) as Record<string, number | undefined>;
  return {
    prompt: (u.input_tokens ?? u.prompt_tokens) as number,
    read: details.cached_tokens ?? 0,
    written: details.cache_write_tokens ?? details.cache_creation_tokens ?? 0,
    cost: u.cost as number,
  };
}
