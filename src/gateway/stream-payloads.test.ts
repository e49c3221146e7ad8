// What the gateway makes of payloads a proxy streams: items and usage are checked once on
// arrival; what does not fit is skipped or read as unknown, and what fits goes back unchanged.
import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { ProviderConfig } from "../config/providers.js";
import { Gateway } from "./client.js";
import { userMessage, type ResponseItem } from "./items.js";
import type { GatewayEvent, ModelRequest } from "./types.js";

let proxy: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve())));

/** A proxy that answers every request with these SSE payloads and keeps the request bodies. */
async function sseProxy(payloads: object[]): Promise<{ baseUrl: string; bodies: string[] }> {
  const bodies: string[] = [];
  proxy = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      bodies.push(body);
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end([...payloads.map((p) => `data: ${JSON.stringify(p)}\n\n`), "data: [DONE]\n\n"].join(""));
    });
  });
  await new Promise<void>((resolve) => proxy?.listen(0, "127.0.0.1", resolve));
  const address = proxy.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { baseUrl: `http://127.0.0.1:${port}/v1`, bodies };
}

function gateway(baseUrl: string, wire: "responses" | "chat" = "responses"): Gateway {
  const provider: ProviderConfig = {
    id: "litellm",
    name: "LiteLLM",
    base_url: baseUrl,
    wire_api: wire,
    query_params: {},
    http_headers: {},
    env_http_headers: {},
    request_max_retries: 0,
    stream_max_retries: 0,
    stream_idle_timeout_ms: 30_000,
  };
  return new Gateway(provider, { env: {} });
}

const request = (input: ResponseItem[] = [userMessage("hi")]): ModelRequest => ({
  model: "m",
  instructions: "",
  input,
  tools: [],
  sessionId: "019a0000-0000-7000-8000-000000000001",
});

async function events(g: Gateway, req = request()): Promise<GatewayEvent[]> {
  const out: GatewayEvent[] = [];
  for await (const event of g.stream(req)) out.push(event);
  return out;
}

const itemsOf = (list: GatewayEvent[]) => list.flatMap((e) => (e.type === "output_item_done" ? [e.item] : []));
const usageOf = (list: GatewayEvent[]) => list.flatMap((e) => (e.type === "completed" ? [e.usage] : []))[0];
const done = (item: object) => ({ type: "response.output_item.done", item });
const completed = (usage: object = { input_tokens: 1, output_tokens: 1 }) => ({
  type: "response.completed",
  response: { id: "resp_1", usage },
});

describe("responses wire", () => {
  it("skips an item of a known type that lacks what the agent reads, with a warning, and completes", async () => {
    const { baseUrl } = await sseProxy([
      done({ type: "function_call", name: "shell", arguments: "{}" }),
      done({ type: "message", role: "assistant", content: [{ type: "output_text", text: "still here" }] }),
      completed(),
    ]);
    const list = await events(gateway(baseUrl));
    expect(itemsOf(list)).toEqual([
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "still here" }] },
    ]);
    const warnings = list.flatMap((e) => (e.type === "warning" ? [e.message] : []));
    expect(warnings).toEqual([
      'skipped a malformed output item: {"type":"function_call","name":"shell","arguments":"{}"}',
    ]);
    expect(list.at(-1)?.type).toBe("completed");
  });

  it("keeps an item of a type it does not model exactly as received, and does not send it back", async () => {
    const generated = { type: "image_generation_call", id: "ig_1", status: "completed", result: "iVBOR" };
    const { baseUrl, bodies } = await sseProxy([done(generated), completed()]);
    const g = gateway(baseUrl);
    const [item] = itemsOf(await events(g));
    expect(JSON.stringify(item)).toBe(JSON.stringify(generated));
    await events(g, request([userMessage("hi"), ...(item ? [item] : [])]));
    expect(bodies[1]).not.toContain("image_generation_call");
  });

  it("keeps a web search exactly as received and sends it back as upstream does: id, status, action", async () => {
    const search = { type: "web_search_call", id: "ws_1", status: "completed", action: { query: "q" } };
    const { baseUrl, bodies } = await sseProxy([done(search), completed()]);
    const g = gateway(baseUrl);
    const [item] = itemsOf(await events(g));
    expect(JSON.stringify(item)).toBe(JSON.stringify(search));
    await events(g, request([userMessage("hi"), ...(item ? [item] : [])]));
    expect(bodies[1]).toContain('{"type":"web_search_call","id":"ws_1","status":"completed","action":{"query":"q"}}');
  });

  it("sends a received item back byte for byte, with its id and status (as upstream 0.171 does)", async () => {
    const message = {
      id: "msg_1",
      type: "message",
      status: "completed",
      content: [{ type: "output_text", annotations: [], text: "hello", logprobs: [] }],
      role: "assistant",
    };
    const { baseUrl, bodies } = await sseProxy([done(message), completed()]);
    const g = gateway(baseUrl);
    const received = itemsOf(await events(g));
    await events(g, request([userMessage("hi"), ...received]));
    expect(bodies[1]).toContain(JSON.stringify(message));
  });

  it("reads a usage count that is not a number as unknown, and keeps the others", async () => {
    const { baseUrl } = await sseProxy([
      completed({ input_tokens: "12", output_tokens: 5, input_tokens_details: "none", total_tokens: 17 }),
    ]);
    expect(usageOf(await events(gateway(baseUrl)))).toEqual({
      input_tokens: null,
      cached_input_tokens: null,
      output_tokens: 5,
      reasoning_output_tokens: null,
      total_tokens: 17,
    });
  });

  it("surfaces a tool call found only in response.completed, once", async () => {
    const call = { type: "function_call", call_id: "c1", name: "shell", arguments: '{"command":["ls"]}' };
    const late = { type: "custom_tool_call", call_id: "c2", name: "apply_patch", input: "*** Begin Patch" };
    const { baseUrl } = await sseProxy([
      done(call),
      { type: "response.completed", response: { id: "resp_1", output: [call, late], usage: null } },
    ]);
    expect(itemsOf(await events(gateway(baseUrl)))).toEqual([call, late]);
  });
});

describe("chat wire", () => {
  const chunk = (delta: object, extra: object = {}) => ({ id: "chatcmpl-1", choices: [{ index: 0, delta }], ...extra });

  it("assembles a tool call whose pieces carry nulls and malformed fields, and reads the usage", async () => {
    const { baseUrl } = await sseProxy([
      chunk({ tool_calls: [{ index: 0, id: "call_1", function: { name: "shell", arguments: "" } }] }),
      chunk({ tool_calls: [{ index: 0, id: null, function: { name: null, arguments: '{"command":' } }] }),
      chunk({ tool_calls: [{ index: 0, id: 7, function: { arguments: '["ls"]}' } }] }),
      { id: "chatcmpl-1", choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] },
      {
        id: "chatcmpl-1",
        choices: [],
        usage: { prompt_tokens: 10, completion_tokens: 4, prompt_tokens_details: null, cache_read_input_tokens: 6 },
      },
    ]);
    const list = await events(gateway(baseUrl, "chat"));
    expect(itemsOf(list)).toEqual([
      { type: "function_call", call_id: "call_1", name: "shell", arguments: '{"command":["ls"]}' },
    ]);
    expect(usageOf(list)).toEqual({
      input_tokens: 10,
      cached_input_tokens: 6,
      output_tokens: 4,
      reasoning_output_tokens: null,
      total_tokens: 14,
    });
  });
});
