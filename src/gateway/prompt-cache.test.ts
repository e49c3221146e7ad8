import { describe, expect, it } from "vitest";
import { buildChatBody } from "./chat-wire.js";
import { userMessage, type ResponseItem } from "./items.js";
import { cachePlan, MAX_CACHE_BREAKPOINTS, promptCacheSetting } from "./prompt-cache.js";
import { buildResponsesBody } from "./responses-wire.js";
import { modelInfoOf } from "./models.js";
import type { ModelRequest } from "./types.js";
import type { ModelInfo } from "./models.js";

const call = (id: string): ResponseItem[] => [
  { type: "function_call", name: "shell", arguments: `{"command":["ls","${id}"]}`, call_id: id },
  { type: "function_call_output", call_id: id, output: `out ${id}` },
];
const answer: ResponseItem = { type: "message", role: "assistant", content: [{ type: "output_text", text: "done" }] };
const req = (input: ResponseItem[], cacheBreakpoints = true): ModelRequest => ({
  model: "claude",
  instructions: "be brief",
  input,
  sessionId: "s",
  cacheBreakpoints,
  tools: [{ type: "function", name: "shell", description: "run", parameters: { type: "object", properties: {} } }],
});
const MARK = { type: "ephemeral" };
/** Paths to every cache_control in a body, e.g. `input.2.content.0`. */
function marks(value: unknown, at = ""): string[] {
  if (typeof value !== "object" || value === null) return [];
  const own = "cache_control" in value ? [at.slice(1)] : [];
  return [...own, ...Object.entries(value).flatMap(([k, v]) => (k === "cache_control" ? [] : marks(v, `${at}.${k}`)))];
}

describe("cache breakpoints on the wire", () => {
  const history = [userMessage("<environment_context/>"), userMessage("fix it"), ...call("c1"), ...call("c2")];

  it("responses: the instructions go first as a marked developer message; the previous request's end and this one's are marked", () => {
    const body = buildResponsesBody(req(history));
    expect(body.instructions).toBeUndefined();
    const input = body.input as Record<string, unknown>[];
    expect(input[0]).toEqual({
      type: "message",
      role: "developer",
      content: [{ type: "input_text", text: "be brief", cache_control: MARK }],
    });
    // input[4] is c1's output (where the previous request ended), input[6] c2's (this one's end).
    expect(marks(body)).toEqual(["input.0.content.0", "input.4", "input.6"]);
    expect(input[6]).toEqual({ type: "function_call_output", call_id: "c2", output: "out c2", cache_control: MARK });
  });

  it("chat: the system message and the same two ends are marked, each on its last text part", () => {
    const body = buildChatBody(req([...history, answer, userMessage("next")]));
    const messages = body.messages;
    expect(messages[0]).toEqual({ role: "system", content: [{ type: "text", text: "be brief", cache_control: MARK }] });
    expect(marks(body)).toEqual(["messages.0.content.0", "messages.6.content.0", "messages.8.content.0"]);
    expect(messages[6]).toEqual({
      role: "tool",
      tool_call_id: "c2",
      content: [{ type: "text", text: "out c2", cache_control: MARK }],
    });
  });

  it("chat: with breakpoints every text is a part, so a message reads the same when its mark has moved on", () => {
    const first = buildChatBody(req(history)).messages;
    const next = buildChatBody(req([...history, answer, userMessage("next")])).messages;
    const unmarked = (m: unknown) =>
      JSON.parse(JSON.stringify(m, (k, v: unknown) => (k === "cache_control" ? undefined : v))) as unknown;
    expect(next.slice(0, first.length).map(unmarked)).toEqual(first.map(unmarked));
    expect(next[1]).toEqual({ role: "user", content: [{ type: "text", text: "<environment_context/>" }] });
  });

  it("a first request marks the instructions and its end; instructions already in the input (a catalog's) are marked there", () => {
    expect(marks(buildChatBody(req([userMessage("a"), userMessage("b")])))).toEqual([
      "messages.0.content.0",
      "messages.2.content.0",
    ]);
    const developer: ResponseItem = {
      type: "message",
      role: "developer",
      content: [{ type: "input_text", text: "catalog's" }],
    };
    const body = buildResponsesBody({ ...req([developer, userMessage("b")]), instructions: "" });
    expect(body.instructions).toBeUndefined();
    expect(marks(body)).toEqual(["input.0.content.0", "input.1.content.0"]);
  });

  it("never more marks than Anthropic takes, and none without breakpoints", () => {
    for (let n = 0; n < 6; n++) {
      const input = [
        userMessage("go"),
        ...Array.from({ length: n }, (_, i) => call(`c${i}`)).flat(),
        ...(n % 2 ? [answer, userMessage("more")] : []),
      ];
      expect(marks(buildResponsesBody(req(input))).length).toBeLessThanOrEqual(MAX_CACHE_BREAKPOINTS);
      expect(marks(buildChatBody(req(input))).length).toBeLessThanOrEqual(MAX_CACHE_BREAKPOINTS);
      expect(marks(buildResponsesBody(req(input, false)))).toEqual([]);
      expect(marks(buildChatBody(req(input, false)))).toEqual([]);
    }
  });

  it("without breakpoints the body is what it was: instructions in their field, nothing else moved", () => {
    const body = buildResponsesBody(req(history, false));
    expect(body.instructions).toBe("be brief");
    expect((body.input as unknown[]).length).toBe(history.length);
  });
});

describe("which backends get breakpoints", () => {
  const info = (over: Partial<ModelInfo>): ModelInfo => modelInfoOf("m", over);

  it("decides from the provider and model LiteLLM routes to, and supports_prompt_caching", () => {
    expect(cachePlan("auto", info({ litellm_provider: "anthropic" }))).toMatchObject({
      strategy: "breakpoints",
      breakpoints: true,
    });
    expect(cachePlan("auto", info({ upstream_model: "bedrock/us.anthropic.claude-sonnet-4-5" }))).toMatchObject({
      strategy: "breakpoints",
      breakpoints: true,
    });
    expect(cachePlan("auto", info({ upstream_model: "vertex_ai/gemini-2.5-pro" }))).toMatchObject({
      strategy: "unknown",
      breakpoints: false,
    });
    expect(cachePlan("auto", info({ litellm_provider: "openai", upstream_model: "openai/gpt-5" }))).toMatchObject({
      strategy: "automatic",
      breakpoints: false,
    });
    expect(cachePlan("auto", info({ litellm_provider: "anthropic", supports_prompt_caching: false }))).toMatchObject({
      strategy: "none",
      breakpoints: false,
    });
    expect(cachePlan("auto", null)).toMatchObject({ strategy: "unknown", breakpoints: false });
  });

  it('prompt_cache = "off" never marks, "breakpoints" always does; [models."<name>"] wins over the top-level key', () => {
    expect(cachePlan("off", info({ litellm_provider: "anthropic" }))).toMatchObject({ breakpoints: false });
    expect(cachePlan("breakpoints", null)).toMatchObject({ strategy: "breakpoints", breakpoints: true });
    const config = { promptCache: "auto" as const, models: { claude: { prompt_cache: "off" as const } } };
    expect(promptCacheSetting(config, "claude")).toBe("off");
    expect(promptCacheSetting(config, "other")).toBe("auto");
  });
});
