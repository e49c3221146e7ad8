import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeModelServer, type FakeModelServer, type FakeStep } from "../../test/fixtures/fake-model-server.js";
import type { ProviderConfig } from "../config/providers.js";
import { Gateway } from "./client.js";
import { GatewayError } from "./errors.js";
import { userMessage } from "./items.js";
import type { GatewayEvent, ModelRequest, ToolSpec } from "./types.js";

let server: FakeModelServer;
let n = 0;

beforeAll(async () => {
  server = await startFakeModelServer({ apiKey: "sk-test-key", models: ["fake-model", "other-model", "third-model"] });
});
afterAll(() => server.close());

function provider(overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    id: "litellm",
    name: "LiteLLM",
    base_url: server.url,
    env_key: "TEST_LITELLM_KEY",
    wire_api: "responses",
    query_params: {},
    http_headers: {},
    env_http_headers: {},
    request_max_retries: 4,
    stream_max_retries: 5,
    stream_idle_timeout_ms: 300_000,
    ...overrides,
  };
}

const gateway = (p: Partial<ProviderConfig> = {}, env: NodeJS.ProcessEnv = { TEST_LITELLM_KEY: "sk-test-key" }) =>
  new Gateway(provider(p), { env, random: () => 0.5 });

const shellTool: ToolSpec = {
  type: "function",
  name: "shell",
  description: "run",
  strict: false,
  parameters: {
    type: "object",
    properties: { command: { type: "array", items: { type: "string" } } },
    required: ["command"],
  },
};
const patchTool: ToolSpec = {
  type: "custom",
  name: "apply_patch",
  description: "patch",
  format: { type: "grammar", syntax: "lark", definition: "start: /.+/" },
};

function scripted(steps: FakeStep[]): ModelRequest {
  const model = `m-${++n}`;
  server.setScript(model, steps);
  return {
    model,
    instructions: "be brief",
    input: [userMessage("hello")],
    tools: [shellTool, patchTool],
    sessionId: "019a0000-0000-7000-8000-000000000001",
  };
}

async function collect(
  g: Gateway,
  req: ModelRequest,
  signal?: AbortSignal,
  events: GatewayEvent[] = [],
): Promise<{ events: GatewayEvent[]; error?: GatewayError }> {
  try {
    for await (const e of g.stream(req, signal)) events.push(e);
    return { events };
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    return { events, error: err };
  }
}

const kinds = (events: GatewayEvent[]) => events.map((e) => e.type);
const completed = (events: GatewayEvent[]) =>
  events.find((e) => e.type === "completed") as Extract<GatewayEvent, { type: "completed" }>;
const items = (events: GatewayEvent[]) => events.flatMap((e) => (e.type === "output_item_done" ? [e.item] : []));

describe.each(["responses", "chat"] as const)("%s wire", (wire) => {
  it("streams text deltas, reasoning, then items and usage", async () => {
    const req = scripted([
      {
        reasoning: "thinking it through",
        text: "Hello there, friend.",
        usage: { input_tokens: 120, cached_tokens: 20, output_tokens: 30, reasoning_tokens: 7 },
      },
    ]);
    const { events, error } = await collect(gateway({ wire_api: wire }), req);
    expect(error).toBeUndefined();
    expect(events[0]?.type).toBe("created");
    const text = events.flatMap((e) => (e.type === "text_delta" ? [e.delta] : [])).join("");
    expect(text).toBe("Hello there, friend.");
    expect(events.filter((e) => e.type === "text_delta").length).toBeGreaterThan(1);
    const reasoning = events
      .flatMap((e) => (e.type === "reasoning_summary_delta" || e.type === "reasoning_content_delta" ? [e.delta] : []))
      .join("");
    expect(reasoning).toBe("thinking it through");
    const message = items(events).find((i) => i.type === "message");
    expect(message).toMatchObject({
      role: "assistant",
      content: [{ type: "output_text", text: "Hello there, friend." }],
    });
    expect(completed(events).usage).toEqual({
      input_tokens: 120,
      cached_input_tokens: 20,
      output_tokens: 30,
      reasoning_output_tokens: 7,
      total_tokens: 150,
    });
    expect(kinds(events).at(-1)).toBe("completed");
  });

  it("returns function and custom tool calls as items, and sends history back in wire shape", async () => {
    const req = scripted([
      { shell: ["ls", "-la"], custom_tool_call: { name: "apply_patch", input: "*** Begin Patch\n*** End Patch" } },
    ]);
    const { events } = await collect(gateway({ wire_api: wire }), req);
    const calls = items(events);
    const shell = calls.find((i) => i.type === "function_call");
    expect(shell).toMatchObject({ name: "shell" });
    expect(JSON.parse((shell as { arguments: string }).arguments)).toEqual({ command: ["ls", "-la"] });
    expect(calls.find((i) => i.type === "custom_tool_call")).toMatchObject({
      name: "apply_patch",
      input: "*** Begin Patch\n*** End Patch",
    });

    // Round trip: the outputs go back, and the server receives them in its wire's shape.
    const follow: ModelRequest = {
      ...req,
      input: [
        ...req.input,
        ...calls,
        { type: "function_call_output", call_id: (shell as { call_id: string }).call_id, output: "total 0" },
        {
          type: "custom_tool_call_output",
          call_id: (calls.find((i) => i.type === "custom_tool_call") as { call_id: string }).call_id,
          output: "Success.",
        },
      ],
    };
    server.setScript(req.model, [{ text: "ok" }]);
    await collect(gateway({ wire_api: wire }), follow);
    const body = server.requests(req.model).at(-1)?.body as Record<string, unknown>;
    if (wire === "responses") {
      const input = body.input as Record<string, unknown>[];
      expect(input.map((i) => i.type).sort()).toEqual([
        "custom_tool_call",
        "custom_tool_call_output",
        "function_call",
        "function_call_output",
        "message",
      ]);
      expect(input.at(-2)?.type).toBe("function_call_output");
      // The server's items go back with the server's ids, as upstream 0.171 sends them.
      expect(input.find((i) => i.type === "function_call")).toMatchObject({
        id: expect.stringMatching(/^fc_/),
        status: "completed",
      });
      expect(input.find((i) => i.type === "function_call")?.id).toBe((shell as { id?: string }).id);
      expect(body).toMatchObject({
        instructions: "be brief",
        store: false,
        stream: true,
        tool_choice: "auto",
        parallel_tool_calls: false,
        prompt_cache_key: req.sessionId,
      });
      expect((body.tools as { type: string }[]).map((t) => t.type)).toEqual(["function", "custom"]);
    } else {
      const messages = body.messages as Record<string, unknown>[];
      expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool", "tool"]);
      expect((messages[2]?.tool_calls as unknown[]).length).toBe(2);
      expect(body.stream_options).toEqual({ include_usage: true });
      expect((body.tools as { function: { name: string } }[]).map((t) => t.function.name)).toEqual([
        "shell",
        "apply_patch",
      ]);
    }
  });

  it("retries a 429 honouring Retry-After, with retrying events, then succeeds", async () => {
    const req = scripted([
      { fault: { status: 429, headers: { "retry-after": "0.05" } } },
      { fault: { status: 429, error: { message: "slow down" } } },
      { text: "finally" },
    ]);
    const { events, error } = await collect(gateway({ wire_api: wire }), req);
    expect(error).toBeUndefined();
    const retries = events.filter((e) => e.type === "retrying");
    expect(retries).toHaveLength(2);
    expect(retries[0]).toMatchObject({ attempt: 1, maxAttempts: 4, delayMs: 50, scope: "request" });
    expect(retries[1]).toMatchObject({ attempt: 2, delayMs: 400 }); // 200 ms × 2, jitter fixed at 1.0
    expect(server.requests(req.model)).toHaveLength(3);
  });
});

/** The proxy's answer to a request it refuses: HTTP 400 with `message`. */
const badRequest = (message: string): FakeStep => ({ fault: { status: 400, error: { message } } });

describe("retry limits and final messages", () => {
  it("429 past request_max_retries fails with the count", async () => {
    const req = scripted([{ fault: { status: 429, headers: { "retry-after": "0" } }, repeat: 10 }]);
    const { events, error } = await collect(gateway({ request_max_retries: 2 }), req);
    expect(events.filter((e) => e.type === "retrying")).toHaveLength(2);
    expect(server.requests(req.model)).toHaveLength(3);
    expect(error?.kind).toBe("rate_limited");
    expect(error?.message).toMatch(
      /rate limited by the LiteLLM proxy at http:\/\/127\.0\.0\.1:\d+\/v1 \(HTTP 429\).*\(gave up after 2 retries\)/,
    );
  });

  it("5xx is retried, and its body shown", async () => {
    const req = scripted([{ fault: { status: 500, error: { message: "upstream exploded" } }, repeat: 3 }]);
    const { error } = await collect(gateway({ request_max_retries: 2 }), req);
    expect(error?.kind).toBe("server");
    expect(error?.message).toContain("HTTP 500");
    expect(error?.message).toContain("upstream exploded");
    expect(server.requests(req.model)).toHaveLength(3);
  });

  it("a dropped stream is re-issued up to stream_max_retries, then fails", async () => {
    const ok = scripted([
      { text: "partial answer that breaks", fault: { dropAfterEvents: 3 } },
      { text: "whole answer" },
    ]);
    const first = await collect(gateway(), ok);
    expect(first.error).toBeUndefined();
    expect(first.events.filter((e) => e.type === "retrying")).toMatchObject([
      { scope: "stream", attempt: 1, maxAttempts: 5 },
    ]);
    // After `retrying` the consumer discards partial output: the second attempt starts with `created`.
    const afterRetry = first.events.slice(first.events.findIndex((e) => e.type === "retrying") + 1);
    expect(afterRetry[0]?.type).toBe("created");
    expect(items(afterRetry)).toMatchObject([{ type: "message", content: [{ text: "whole answer" }] }]);

    const bad = scripted([{ text: "never whole", fault: { dropAfterEvents: 2 }, repeat: 10 }]);
    const second = await collect(gateway({ stream_max_retries: 2 }), bad);
    expect(second.error?.kind).toBe("stream");
    expect(second.error?.message).toContain("gave up after 2 retries");
    expect(server.requests(bad.model)).toHaveLength(3);
  });

  it("an idle stream times out after stream_idle_timeout_ms and is retried", async () => {
    const req = scripted([{ text: "stalls", fault: { stallAfterEvents: 2 }, repeat: 5 }]);
    const started = Date.now();
    const { events, error } = await collect(gateway({ stream_idle_timeout_ms: 150, stream_max_retries: 1 }), req);
    expect(error?.kind).toBe("timeout");
    expect(error?.message).toContain("stream_idle_timeout_ms = 150");
    expect(events.filter((e) => e.type === "retrying")).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("a malformed event is skipped with a warning and the answer completes", async () => {
    const req = scripted([{ text: "still fine", fault: { malformedEvent: true } }]);
    const { events, error } = await collect(gateway(), req);
    expect(error).toBeUndefined();
    expect(events.some((e) => e.type === "warning" && e.message.includes("malformed"))).toBe(true);
    expect(items(events)).toMatchObject([{ type: "message", content: [{ text: "still fine" }] }]);
  });

  it.each(["responses", "chat"] as const)(
    "context window exceeded is typed and not retried (%s, in-stream)",
    async (wire) => {
      const req = scripted([
        {
          fault: {
            failed: { code: "context_length_exceeded", message: "This model's maximum context length is 8192 tokens" },
          },
        },
      ]);
      const { error } = await collect(gateway({ wire_api: wire }), req);
      expect(error?.kind).toBe("context_window_exceeded");
      expect(server.requests(req.model)).toHaveLength(1);
    },
  );

  it("context window exceeded as an HTTP 400 (LiteLLM's ContextWindowExceededError) is typed too", async () => {
    const req = scripted([
      badRequest(
        "litellm.ContextWindowExceededError: ContextWindowExceededError: OpenAIException - This model's maximum context length is 8192 tokens",
      ),
    ]);
    const { error } = await collect(gateway(), req);
    expect(error?.kind).toBe("context_window_exceeded");
  });
});

describe("errors a person understands", () => {
  it("401 names the env var and never prints the key", async () => {
    const req = scripted([{ text: "x" }]);
    const { error } = await collect(gateway({}, { TEST_LITELLM_KEY: "sk-wrong-key-123" }), req);
    expect(error?.kind).toBe("auth");
    expect(error?.message).toContain("TEST_LITELLM_KEY");
    expect(error?.message).toContain("HTTP 401");
    expect(error?.message).not.toContain("sk-wrong-key-123");
  });

  it("a missing key is reported before any request", async () => {
    const req = scripted([{ text: "x" }]);
    const { error } = await collect(gateway({}, {}), req);
    expect(error?.kind).toBe("auth");
    expect(error?.message).toMatch(/^TEST_LITELLM_KEY is not set/);
    expect(server.requests(req.model)).toHaveLength(0);
  });

  it("model not found lists the models the proxy serves", async () => {
    const req = scripted([
      badRequest("Invalid model name passed in model=nope. Call /v1/models to view available models for your key."),
    ]);
    const { error } = await collect(gateway(), req);
    expect(error?.kind).toBe("model_not_found");
    expect(error?.message).toContain("Models this key can use: fake-model, other-model, third-model");
  });

  it("a model that takes no reasoning effort (LiteLLM's UnsupportedParamsError) says how to stop sending one", async () => {
    const message =
      "litellm.UnsupportedParamsError: ollama does not support parameters: ['reasoning_effort'], for model=qwen3. To drop these, set `litellm.drop_params=True` or for proxy:\n\n`litellm_settings:\n drop_params: true`\n. \n If you want to use these params dynamically send allowed_openai_params=['reasoning_effort'] in your request.";
    const req = scripted([badRequest(message)]);
    const { error } = await collect(gateway(), req);
    expect(error?.kind).toBe("bad_request");
    expect(error?.message).not.toContain("\n");
    expect(error?.message).toMatch(
      /HTTP 400\): litellm\.UnsupportedParamsError: ollama does not support parameters: \['reasoning_effort'\].* To send no reasoning effort, remove model_reasoning_effort from config\.toml \(or choose "default" in \/model\)\.$/,
    );
    const other = scripted([
      badRequest("litellm.UnsupportedParamsError: ollama does not support parameters: ['logprobs']"),
    ]);
    expect((await collect(gateway(), other)).error?.message).not.toContain("reasoning effort");
  });

  it("connection refused names the base URL, after retries", async () => {
    const closed = await startFakeModelServer();
    const base = closed.url;
    await closed.close();
    const g = new Gateway(provider({ base_url: base, request_max_retries: 1 }), {
      env: { TEST_LITELLM_KEY: "k" },
      random: () => 0.5,
    });
    const req: ModelRequest = { model: "x", instructions: "", input: [], tools: [], sessionId: "s" };
    const { events, error } = await collect(g, req);
    expect(events.filter((e) => e.type === "retrying")).toHaveLength(1);
    expect(error?.kind).toBe("connection");
    expect(error?.message).toContain(`cannot reach the LiteLLM proxy at ${base}: connection refused`);
  });

  it("an abort stops a streaming request at once, not when the stream would end (10 s)", async () => {
    const req = scripted([{ text: "slow ".repeat(50), fault: { delayMs: 200 } }]);
    const controller = new AbortController();
    const seen: GatewayEvent[] = [];
    const pending = collect(gateway(), req, controller.signal, seen);
    await vi.waitUntil(() => seen.length > 0, { timeout: 10_000, interval: 10 });
    const t0 = Date.now();
    controller.abort();
    const { error } = await pending;
    expect(Date.now() - t0).toBeLessThan(3_000); // headroom for a loaded machine; the stream has 10 s left
    expect(error?.kind).toBe("aborted");
  });

  it("an abort during a retry wait stops at once", async () => {
    const req = scripted([{ fault: { status: 429, headers: { "retry-after": "30" } }, repeat: 3 }]);
    const controller = new AbortController();
    const events: GatewayEvent[] = [];
    const run = (async () => {
      for await (const e of gateway().stream(req, controller.signal)) {
        events.push(e);
        if (e.type === "retrying") controller.abort();
      }
    })();
    const t0 = Date.now();
    await expect(run).rejects.toMatchObject({ kind: "aborted" });
    expect(Date.now() - t0).toBeLessThan(5_000); // headroom for a loaded machine; the wait is 30 s
  });
});

describe("headers, models, model info", () => {
  it("captures x-litellm-* headers", async () => {
    const req = scripted([
      {
        text: "priced",
        fault: {
          headers: {
            "x-litellm-response-cost": "0.00042",
            "x-litellm-call-id": "call-abc",
            "x-litellm-model-id": "dep-1",
            "x-litellm-attempted-retries": "0",
          },
        },
      },
    ]);
    const { events } = await collect(gateway(), req);
    expect(completed(events).meta).toMatchObject({
      cost_usd: 0.00042,
      call_id: "call-abc",
      model_id: "dep-1",
      attempted_retries: 0,
    });
  });

  it("sends provider headers, env headers and query params", async () => {
    const req = scripted([{ text: "hi" }]);
    const g = gateway(
      {
        http_headers: { "X-Team": "blue" },
        env_http_headers: { "x-org": "ORG_VAR" },
        query_params: { "api-version": "2025-01-01" },
      },
      { TEST_LITELLM_KEY: "sk-test-key", ORG_VAR: "acme" },
    );
    await collect(g, req);
    const r = server.requests(req.model).at(-1);
    expect(r?.headers["x-team"]).toBe("blue");
    expect(r?.headers["x-org"]).toBe("acme");
    expect(r?.headers.authorization).toBe("Bearer sk-test-key");
    expect(r?.headers.session_id).toBe(req.sessionId);
    expect(r?.query).toEqual({ "api-version": "2025-01-01" });
    // The model list and the model-info lookup carry the same headers; the list the query too.
    await g.listModels();
    await g.modelInfo("fake-model");
    const list = server
      .requests()
      .filter((q) => q.path.endsWith("/models"))
      .at(-1);
    expect(list?.query).toEqual({ "api-version": "2025-01-01" });
    const info = server
      .requests()
      .filter((q) => q.path.endsWith("/model/info"))
      .at(-1);
    for (const q of [list, info])
      expect(q?.headers).toMatchObject({ "x-team": "blue", "x-org": "acme", authorization: "Bearer sk-test-key" });
  });

  it("lists models, and model info is null when the proxy has no /model/info", async () => {
    const g = gateway();
    expect((await g.listModels()).map((m) => m.id)).toEqual(["fake-model", "other-model", "third-model"]);
    expect(await g.modelInfo("fake-model")).toBeNull();
  });
});

describe("usage of an attempt that did not complete", () => {
  it("a response that stops early (response.incomplete) still reports the usage the proxy charged, then fails", async () => {
    const { createServer } = await import("node:http");
    const usage = {
      input_tokens: 900,
      input_tokens_details: { cached_tokens: 100 },
      output_tokens: 64,
      output_tokens_details: { reasoning_tokens: 4 },
      total_tokens: 964,
      cost: 0.001028,
    };
    const sse = [
      { type: "response.created", response: { id: "resp_1", status: "in_progress" } },
      { type: "response.output_text.delta", delta: "partial" },
      {
        type: "response.incomplete",
        response: { id: "resp_1", status: "incomplete", incomplete_details: { reason: "max_output_tokens" }, usage },
      },
    ];
    const proxy = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream", "x-litellm-call-id": "call-incomplete" });
      res.end(sse.map((e) => `data: ${JSON.stringify(e)}\n\n`).join(""));
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    try {
      const port = (proxy.address() as { port: number }).port;
      const { events, error } = await collect(gateway({ base_url: `http://127.0.0.1:${port}/v1` }), scripted([]));
      expect(error?.kind).toBe("incomplete");
      const served = events.filter((e) => e.type === "attempt_usage");
      expect(served).toEqual([
        {
          type: "attempt_usage",
          usage: {
            input_tokens: 900,
            cached_input_tokens: 100,
            output_tokens: 64,
            reasoning_output_tokens: 4,
            total_tokens: 964,
          },
          meta: expect.objectContaining({ call_id: "call-incomplete", usage_cost_usd: 0.001028 }),
        },
      ]);
    } finally {
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });
});
