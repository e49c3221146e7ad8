// The agent loop against a scripted model client: the events it emits, the requests it sends and
// the rollout file its subscriber writes (a real recorder in a temp dir).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { loadConfig, type ResolvedConfig } from "../config/load.js";
import { GatewayError } from "../gateway/errors.js";
import type { ResponseItem } from "../gateway/items.js";
import type { GatewayEvent, LiteLLMResponseMeta, ModelRequest } from "../gateway/types.js";
import { makeTempDir, type TempDir } from "../rollout/__fixtures__/helpers.js";
import { RolloutRecorder } from "../rollout/rollout-recorder.js";
import type { RolloutSink } from "../rollout/rollout-file-sink.js";
import { SUMMARY_PREFIX } from "../rollout/user-messages.js";
import { functionTool } from "../tools/function-tool.js";
import type { Tool } from "../tools/tool.js";
import { COMPACT_PROMPT } from "./compaction.js";
import type { AgentEvent } from "../protocol/events.js";
import { RolloutSubscriber } from "./rollout-subscriber.js";
import type { ModelClient } from "./model-client.js";
import { AgentSession } from "./session.js";
import { SecretRedactor } from "../util/redact.js";

const META: LiteLLMResponseMeta = { cost_usd: null, call_id: null, model_id: null, attempted_retries: null };

/** One scripted model response: the events of one request (it may wait for the request's abort). */
type Step = (signal: AbortSignal) => AsyncIterable<GatewayEvent>;

const usage = (total: number) => ({
  input_tokens: total - 10,
  cached_input_tokens: 0,
  output_tokens: 10,
  reasoning_output_tokens: 0,
  total_tokens: total,
});

function reply(items: ResponseItem[], total = 100): Step {
  return async function* () {
    yield { type: "created", meta: META };
    for (const item of items) yield { type: "output_item_done", item };
    yield { type: "completed", responseId: "resp", usage: usage(total), meta: META };
  };
}

const say = (text: string): ResponseItem => ({
  type: "message",
  role: "assistant",
  content: [{ type: "output_text", text }],
});
const call = (callId: string, text: string): ResponseItem => ({
  type: "function_call",
  name: "echo",
  arguments: JSON.stringify({ text }),
  call_id: callId,
});

/** A model client that answers each request with the next step and keeps what it was sent. */
class ScriptedClient implements ModelClient {
  readonly provider = {
    id: "litellm",
    name: "LiteLLM",
    base_url: "http://proxy.invalid",
    wire_api: "responses" as const,
  };
  readonly requests: ModelRequest[] = [];
  constructor(private readonly steps: Step[]) {}

  stream(req: ModelRequest, signal?: AbortSignal): AsyncIterable<GatewayEvent> {
    // The session hands over its live history: keep a copy of what this request carried.
    this.requests.push({ ...req, input: structuredClone(req.input) });
    const step = this.steps.shift();
    if (!step) throw new Error(`unexpected request #${this.requests.length}`);
    return step(signal ?? new AbortController().signal);
  }

  modelInfo() {
    return Promise.resolve(null);
  }
}

/** A tool that answers with its argument; `gate` holds it until released or aborted. */
function echoTool(runs: string[], gate?: Promise<void>): Tool {
  return functionTool({
    name: "echo",
    description: "echo",
    parameters: z.object({ text: z.string() }),
    async run({ text }, ctx) {
      runs.push(text);
      if (gate) {
        await Promise.race([
          gate,
          new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(new Error("killed")))),
        ]);
      }
      return { output: `echoed: ${text}`, success: true };
    },
  });
}

let dir: TempDir;
let config: ResolvedConfig;

beforeEach(async () => {
  dir = makeTempDir("codex-litellm-agent-");
  writeFileSync(join(dir.path, "config.toml"), "model_context_window = 100000\n");
  config = await loadConfig({ env: { CODEX_HOME: dir.path }, flags: { cwd: dir.path, model: "m" } });
});
afterEach(() => dir.cleanup());

async function sessionWith(steps: Step[], options: { tools?: Tool[]; sink?: RolloutSink } = {}) {
  const client = new ScriptedClient(steps);
  const events: AgentEvent[] = [];
  const recorder = options.sink
    ? RolloutRecorder.overSink(options.sink, { ...meta(), id: "s1" })
    : await RolloutRecorder.create({
        codexHome: dir.path,
        cwd: dir.path,
        cliVersion: "0.0.0",
        source: "exec",
        modelProvider: "litellm",
        model: "m",
      });
  const session = new AgentSession({
    config,
    model: "m",
    client,
    tools: options.tools ?? [],
    persistence: new RolloutSubscriber(recorder),
    rolloutPath: recorder.path,
    projectDocs: { text: null, files: [], warnings: [] },
    sessionId: recorder.sessionId,
    onEvent: (event) => events.push(event),
    requestApproval: () => Promise.resolve("denied"),
    redactor: new SecretRedactor(),
  });
  await session.start();
  /** The rollout's lines as `type` or `type:payload.type`, session_meta left out. */
  const rollout = () =>
    readFileSync(recorder.path, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string; payload: Record<string, unknown> })
      .slice(1);
  const rolloutShape = () =>
    rollout().map((r) => (r.type === "turn_context" ? r.type : `${r.type}:${String(r.payload.type)}`));
  return { session, client, events, recorder, rollout, rolloutShape };
}

function meta() {
  return {
    id: "",
    timestamp: "2026-01-01T00:00:00.000Z",
    cwd: dir.path,
    originator: "codex-litellm",
    cli_version: "0.0.0",
    source: "exec",
    model_provider: "litellm",
  };
}

const types = (events: AgentEvent[]) => events.map((e) => e.type);
const lastInput = (req: ModelRequest | undefined) => req?.input.at(-1);
/** An id the agent made for an item, as upstream 0.171 makes them: `<prefix>_<uuid v7>`. */
const newId = (prefix: string) =>
  expect.stringMatching(new RegExp(`^${prefix}_[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`));

describe("the agent loop", () => {
  it("runs a tool call and sends its output with the next request; the rollout keeps the turn in order", async () => {
    const runs: string[] = [];
    const { session, client, events, rollout, rolloutShape } = await sessionWith(
      [reply([call("c1", "hi")], 120), reply([say("done")], 150)],
      { tools: [echoTool(runs)] },
    );
    expect(await session.runTurn("say hi")).toEqual({ status: "completed", lastAgentMessage: "done" });

    expect(runs).toEqual(["hi"]);
    expect(client.requests).toHaveLength(2);
    expect(lastInput(client.requests[0])).toEqual({
      type: "message",
      id: newId("msg"),
      role: "user",
      content: [{ type: "input_text", text: "say hi" }],
    });
    expect(client.requests[1]?.input.slice(-2)).toEqual([
      call("c1", "hi"),
      { type: "function_call_output", id: newId("fco"), call_id: "c1", output: "echoed: hi" },
    ]);
    expect(types(events).filter((t) => t.startsWith("turn_") || t === "agent_message")).toEqual([
      "turn_started",
      "agent_message",
      "turn_usage",
      "turn_completed",
    ]);
    // The conversation's records are the rollout file's alone: the front-end renders the streamed events.
    const recordTypes: string[] = ["turn_context", "user_message", "response_completed", "history_appended"];
    expect(types(events).filter((t) => recordTypes.includes(t))).toEqual([]);

    // Initial context (environment), the prompt, then each response: its events, its usage, its items.
    expect(rolloutShape()).toEqual([
      "turn_context",
      "response_item:message",
      "response_item:message",
      "event_msg:user_message",
      "event_msg:token_count",
      "response_item:function_call",
      "response_item:function_call_output",
      "event_msg:agent_message",
      "event_msg:token_count",
      "response_item:message",
    ]);
    const records = rollout();
    expect(records[0]?.payload).toMatchObject({ cwd: dir.path, model: "m", approval_policy: config.approvalPolicy });
    expect(records[3]?.payload).toEqual({ type: "user_message", message: "say hi", images: [] });
    expect(records[8]?.payload).toMatchObject({
      info: { last_token_usage: { total_tokens: 150 }, total_token_usage: { total_tokens: 270 } },
    });
  });

  it("compacts when the context window overflows and retries the request from the summary", async () => {
    const { session, client, events, rollout, rolloutShape } = await sessionWith([
      () => {
        throw new GatewayError("context_window_exceeded", "too long");
      },
      reply([say("the summary")], 50),
      reply([say("answer")], 80),
    ]);
    expect(await session.runTurn("a big question")).toEqual({ status: "completed", lastAgentMessage: "answer" });

    expect(client.requests).toHaveLength(3);
    const [first, summaryRequest, retry] = client.requests;
    expect(summaryRequest?.tools).toEqual([]);
    expect(summaryRequest?.input.slice(0, -1)).toEqual(first?.input);
    expect(lastInput(summaryRequest)).toMatchObject({ role: "user", content: [{ text: COMPACT_PROMPT }] });
    // The retry carries the replacement history: context, the user's message, the summary.
    expect(JSON.stringify(retry?.input)).toContain("a big question");
    expect(lastInput(retry)).toMatchObject({ role: "user", content: [{ text: `${SUMMARY_PREFIX}\nthe summary` }] });

    const warning = events.find((e) => e.type === "warning");
    expect(warning).toMatchObject({ message: expect.stringContaining("context window is full") as unknown });
    const compacted = events.find((e) => e.type === "compacted");
    expect(compacted).toMatchObject({ summary: "the summary", replacementHistory: retry?.input });

    const shape = rolloutShape();
    expect(shape.slice(shape.indexOf("compacted:undefined"))).toEqual([
      "compacted:undefined",
      "event_msg:context_compacted",
      "event_msg:agent_message",
      "event_msg:token_count",
      "response_item:message",
    ]);
    const record = rollout().find((r) => r.type === "compacted");
    expect(record?.payload).toEqual({ message: `${SUMMARY_PREFIX}\nthe summary`, replacement_history: retry?.input });
  });

  it("an interrupt mid-stream ends the turn: no half answer on disk, the abort recorded", async () => {
    let streaming!: () => void;
    const started = new Promise<void>((resolve) => (streaming = resolve));
    const { session, events, rolloutShape } = await sessionWith([
      async function* (signal) {
        yield { type: "created", meta: META };
        yield { type: "text_delta", delta: "half an ans" };
        streaming();
        await new Promise((resolve) => signal.addEventListener("abort", resolve));
        throw new GatewayError("aborted", "request cancelled");
      },
    ]);
    const turn = session.runTurn("go");
    await started;
    session.interrupt();
    expect(await turn).toEqual({ status: "aborted" });

    // The marker is the rollout file's (below); the front-end sees the turn end.
    expect(types(events).slice(-3)).toEqual(["agent_message_delta", "turn_usage", "turn_aborted"]);
    expect(events.at(-2)).toMatchObject({ record: { status: "interrupted" } });
    expect(rolloutShape()).toEqual([
      "turn_context",
      "response_item:message",
      "response_item:message",
      "event_msg:user_message",
      "response_item:message", // upstream's <turn_aborted> marker
      "event_msg:turn_aborted",
    ]);
  });

  it("an interrupt during a tool call: the calls cut short get upstream's 'aborted by user', then the marker", async () => {
    const runs: string[] = [];
    const { session, events, rollout } = await sessionWith([reply([call("c1", "one"), call("c2", "two")])], {
      tools: [echoTool(runs, new Promise(() => {}))],
    });
    const turn = session.runTurn("go");
    await expect.poll(() => runs).toEqual(["one"]);
    session.interrupt();
    expect(await turn).toEqual({ status: "aborted" });

    expect(events.at(-1)).toMatchObject({ type: "turn_aborted", reason: "interrupted" });
    const outputs = rollout()
      .filter((r) => r.payload.type === "function_call_output")
      .map((r) => r.payload);
    expect(outputs).toEqual([
      {
        type: "function_call_output",
        id: newId("fco"),
        call_id: "c1",
        output: expect.stringMatching(/^aborted by user after \d+\.\ds$/),
      },
      {
        type: "function_call_output",
        id: newId("fco"),
        call_id: "c2",
        output: expect.stringMatching(/^aborted by user after \d+\.\ds$/),
      },
    ]);
    expect(rollout().at(-2)?.payload).toMatchObject({ type: "message", id: newId("msg"), role: "user" });
    expect(JSON.stringify(rollout().at(-2)?.payload)).toContain("<turn_aborted>");
    expect(rollout().at(-1)?.payload).toEqual({ type: "turn_aborted", reason: "interrupted" });
  });

  it("a retried stream does not show or record an answer twice", async () => {
    const { session, events, rollout } = await sessionWith([
      async function* () {
        yield { type: "created", meta: META };
        yield { type: "output_item_done", item: say("hello") };
        yield { type: "retrying", attempt: 1, maxAttempts: 3, delayMs: 0, reason: "stream cut", scope: "stream" };
        yield { type: "created", meta: META };
        yield { type: "output_item_done", item: say("hello") };
        yield { type: "completed", responseId: "r", usage: usage(60), meta: META };
      },
    ]);
    expect(await session.runTurn("hi")).toEqual({ status: "completed", lastAgentMessage: "hello" });

    expect(events.filter((e) => e.type === "agent_message")).toHaveLength(1);
    expect(events.filter((e) => e.type === "retrying")).toHaveLength(1);
    const records = rollout();
    expect(records.filter((r) => r.payload.type === "agent_message").map((r) => r.payload.message)).toEqual(["hello"]);
    expect(records.filter((r) => r.type === "response_item" && r.payload.role === "assistant")).toHaveLength(1);
  });

  it("a rollout write that fails stops the turn before a tool whose call is not on disk runs", async () => {
    const lines: string[] = [];
    const sink: RolloutSink = {
      path: join(dir.path, "rollout.jsonl"),
      appendLine(line) {
        if (line.includes('"function_call"'))
          throw Object.assign(new Error("ENOSPC: no space left"), { code: "ENOSPC" });
        lines.push(line);
      },
      close() {},
    };
    const runs: string[] = [];
    const { session, events } = await sessionWith([reply([call("c1", "hi")])], { tools: [echoTool(runs)], sink });
    const result = await session.runTurn("go");

    const message = `could not write session file ${sink.path}: ENOSPC: no space left; the session stopped (what was recorded can be resumed)`;
    expect(result).toEqual({ status: "failed", message });
    expect(runs).toEqual([]);
    expect(events.at(-1)).toEqual({
      type: "turn_failed",
      turnId: expect.any(String) as unknown,
      message,
      kind: "RolloutWriteError",
    });
    expect(events.at(-2)).toMatchObject({ type: "turn_usage", record: { status: "failed" } });
    expect(lines.map((l) => (JSON.parse(l) as { type: string }).type).at(-1)).toBe("event_msg");
  });
});
