// The gateway through the real LiteLLM proxy (pinned in scripts/litellm-setup.sh) in front of
// the scripted fake model server, on both wires.
import { describe, expect, it } from "vitest";
import { nativeModel, uniqueModel, useLiteLLM } from "../../test/support/litellm.js";
import type { ProviderConfig } from "../config/providers.js";
import { Gateway } from "./client.js";
import { GatewayError } from "./errors.js";
import { userMessage, type ResponseItem } from "./items.js";
import type { GatewayEvent, ModelRequest, ToolSpec } from "./types.js";

const ll = useLiteLLM();

const provider = (wire: "responses" | "chat"): ProviderConfig => ({
  id: "litellm",
  name: "LiteLLM",
  base_url: ll.openaiBaseUrl,
  env_key: "LITELLM_API_KEY",
  wire_api: wire,
  query_params: {},
  http_headers: {},
  env_http_headers: {},
  request_max_retries: 1,
  stream_max_retries: 1,
  stream_idle_timeout_ms: 30_000,
});
const gateway = (wire: "responses" | "chat", key = ll.masterKey) =>
  new Gateway(provider(wire), { env: { LITELLM_API_KEY: key } });

const shell: ToolSpec = {
  type: "function",
  name: "shell",
  description: "run a command",
  strict: false,
  parameters: {
    type: "object",
    properties: { command: { type: "array", items: { type: "string" } } },
    required: ["command"],
  },
};
const request = (model: string, input: ResponseItem[] = [userMessage("hello")]): ModelRequest => ({
  model,
  instructions: "be brief",
  input,
  tools: [shell],
  sessionId: "019a0000-0000-7000-8000-0000000000aa",
});

async function run(g: Gateway, req: ModelRequest): Promise<GatewayEvent[]> {
  const events: GatewayEvent[] = [];
  for await (const e of g.stream(req)) events.push(e);
  return events;
}
const itemsOf = (events: GatewayEvent[]) => events.flatMap((e) => (e.type === "output_item_done" ? [e.item] : []));
const completedOf = (events: GatewayEvent[]) =>
  events.find((e) => e.type === "completed") as Extract<GatewayEvent, { type: "completed" }>;

describe.skipIf(!ll.available)("gateway through the real LiteLLM proxy", () => {
  describe.each(["responses", "chat"] as const)("%s wire", (wire) => {
    it("streams a text answer with reasoning and cached tokens in the usage", async () => {
      const model = wire === "responses" ? nativeModel() : uniqueModel("gw-text");
      await ll.fake.setScript(model, [
        {
          reasoning: "considering",
          text: "Hello through LiteLLM.",
          usage: { input_tokens: 900, cached_tokens: 400, output_tokens: 60, reasoning_tokens: 25 },
        },
      ]);
      const events = await run(gateway(wire), request(model));
      const text = events.flatMap((e) => (e.type === "text_delta" ? [e.delta] : [])).join("");
      expect(text).toBe("Hello through LiteLLM.");
      expect(itemsOf(events).find((i) => i.type === "message")).toMatchObject({
        role: "assistant",
        content: [{ text: "Hello through LiteLLM." }],
      });
      expect(completedOf(events).usage).toEqual({
        input_tokens: 900,
        cached_input_tokens: 400,
        output_tokens: 60,
        reasoning_output_tokens: 25,
        total_tokens: 960,
      });
      expect(completedOf(events).meta.call_id).toMatch(/.+/); // x-litellm-call-id
    });

    it("round-trips a function tool call", async () => {
      const model = wire === "responses" ? nativeModel() : uniqueModel("gw-tool");
      await ll.fake.setScript(model, [{ shell: ["ls", "-la"] }, { text: "Listed." }]);
      const g = gateway(wire);
      const first = itemsOf(await run(g, request(model)));
      const call = first.find((i) => i.type === "function_call");
      expect(call).toMatchObject({ name: "shell" });
      expect(JSON.parse((call as { arguments: string }).arguments)).toEqual({ command: ["ls", "-la"] });
      const callId = (call as { call_id: string }).call_id;
      const second = await run(
        g,
        request(model, [
          userMessage("hello"),
          ...first,
          { type: "function_call_output", call_id: callId, output: "total 0" },
        ]),
      );
      expect(itemsOf(second).find((i) => i.type === "message")).toMatchObject({ content: [{ text: "Listed." }] });
      // What reached the upstream behind the proxy carries the tool output under the same call id.
      const upstream = JSON.stringify((await ll.fake.requests(model)).at(-1)?.body);
      expect(upstream).toContain(callId);
      expect(upstream).toContain("total 0");
    });
  });

  it("captures the cost LiteLLM reports for a priced model", async () => {
    const model = "fake-priced-gateway"; // priced like fake-model; no other test file scripts it
    await ll.fake.setScript(model, [{ text: "priced answer", usage: { input_tokens: 1000, output_tokens: 100 } }]);
    const meta = completedOf(await run(gateway("responses"), request(model))).meta;
    // Streams carry no x-litellm-response-cost; the proxy puts the cost into usage instead.
    const cost = meta.cost_usd ?? meta.usage_cost_usd;
    expect(cost).toBeCloseTo(1000 * 0.000001 + 100 * 0.000002, 8);
  });

  it("lists models and reads /model/info", async () => {
    const g = gateway("responses");
    const ids = (await g.listModels()).map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(["fake-model", "fake-reasoning"]));
    expect(await g.modelInfo("fake-model")).toMatchObject({
      max_input_tokens: 8192,
      input_cost_per_token: 0.000001,
      output_cost_per_token: 0.000002,
    });
    expect(await g.modelInfo("fake-reasoning")).toMatchObject({ max_input_tokens: 200000, supports_reasoning: true });
  });

  it("asks about one model through /model_group/info: a Claude deployment's provider and cache prices, a name only the wildcard route serves, an unknown name", async () => {
    const g = gateway("responses");
    expect(await g.modelInfo("fake-claude-1")).toMatchObject({
      litellm_provider: "anthropic",
      input_cost_per_token: 3e-6,
      cache_read_input_token_cost: 3e-7,
      cache_creation_input_token_cost: 3.75e-6,
    });
    // From the proxy's cost map through the "*" route (LiteLLM's /model/info would send all of it).
    expect(await g.modelInfo("gpt-4o")).toMatchObject({ max_input_tokens: 128000, litellm_provider: "openai" });
    expect(await g.modelInfo(uniqueModel("nobody-serves"))).toBeNull();
    expect(g.modelInfoFailure("fake-claude-1")).toBeUndefined();
  });

  it.each([
    ["a key that is not a LiteLLM key", "not-a-litellm-key-42"],
    ["an unknown sk- key (DB-less proxy)", "sk-wrong-key-4242"],
  ])("rejects %s with a clear message naming the env var, never the key", async (_name, key) => {
    const err = await run(gateway("responses", key), request(uniqueModel("gw-auth"))).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).kind).toBe("auth");
    expect((err as GatewayError).message).toContain("LITELLM_API_KEY");
    expect((err as GatewayError).message).not.toContain(key);
  });
});
